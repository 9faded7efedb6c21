import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { addDynamicObject, addKinematicBody, setKinematicTarget } from '../../sim/bodies.ts';
import { SimWorld } from '../../sim/sim-world.ts';
import { SOLVER } from '../../sim/solver-config.ts';
import { makePose } from '../../src/math/pose.ts';
import { makeWorld } from '../../sim/hand-rigs.ts';

describe('sim world', () => {
  it('starts a fresh clock at a given step (a resumed run), timers then run at their times; never after a step', async () => {
    const sim = await makeWorld();
    sim.startClockAt(240 * 90);
    expect(sim.timeMs).toBe(90_000);
    expect(sim.scheduler.now()).toBe(90_000);
    let firedAtMs: number | undefined;
    sim.scheduler.schedule(() => (firedAtMs = sim.timeMs), 500);
    sim.runFor(1000);
    expect(firedAtMs).toBeCloseTo(90_500, 6);
    expect(() => sim.startClockAt(0)).toThrow(/only be set before the first step/);
    sim.free();
  });

  it('applies a user force or torque for one step only', async () => {
    const sim = await makeWorld();
    // A box floating far above the floor, in free fall: only the applied pushes change its spin and sideways speed.
    const box = addDynamicObject(sim, {
      id: 'probe',
      shape: { kind: 'box', halfExtentsM: [0.05, 0.05, 0.05] },
      poseInWorld: makePose([0, 0, 50]),
      material: { friction: 0.5, massKg: 1 },
      canSleep: false,
    });
    const body = sim.world.getRigidBody(box.bodyHandle);
    sim.applyTorque(box.bodyHandle, new Vector3(0, 0, 0.01));
    sim.applyForce(box.bodyHandle, new Vector3(1, 0, 0));
    sim.step();
    const spinAfterOne = body.angvel().z;
    const vxAfterOne = body.linvel().x;
    expect(spinAfterOne).toBeGreaterThan(0);
    expect(vxAfterOne).toBeCloseTo(1 / 240, 6);
    for (let i = 0; i < 10; i++) sim.step();
    expect(body.angvel().z).toBeCloseTo(spinAfterOne, 6);
    expect(body.linvel().x).toBeCloseTo(vxAfterOne, 6);
    sim.free();
  });

  it('does not spin a kinematic body whose next rotation is the same orientation with the opposite sign', async () => {
    const sim = await makeWorld();
    // A link turned half a turn about y: FK may give this orientation as q or as -q from one step to the next.
    const q = new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), Math.PI);
    const link = addKinematicBody(sim, makePose([0, 0, 1], q));
    sim.step();
    // Next step it turns 0.01 rad further about z, and FK hands the new orientation over with the other sign.
    const next = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), 0.01).multiply(q);
    setKinematicTarget(sim, link, makePose([0, 0, 1], new Quaternion(-next.x, -next.y, -next.z, -next.w)));
    sim.step();
    const spin = sim.world.getRigidBody(link).angvel();
    // 0.01 rad in one 1/240 s step is 2.4 rad/s about z, not the near-full turn the raw difference implies.
    expect(Math.hypot(spin.x, spin.y, spin.z)).toBeCloseTo(2.4, 1);
    sim.free();
  });

  it('steps with SOLVER unless a bench asks for a solver variant, across a restore', async () => {
    const plain = await SimWorld.create();
    expect(plain.world.numSolverIterations).toBe(SOLVER.solverIterations);
    expect(plain.world.integrationParameters.numInternalPgsIterations).toBe(SOLVER.internalPgsIterations);
    plain.free();
    const variant = await SimWorld.create({ solverIterations: 4, internalPgsIterations: 2 });
    const snapshot = variant.takeSnapshot();
    variant.restoreSnapshot(snapshot);
    expect(variant.world.numSolverIterations).toBe(4);
    expect(variant.world.integrationParameters.numInternalPgsIterations).toBe(2);
    variant.free();
  });
});
