import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { addDynamicObject } from '../../sim/bodies.ts';
import { makePose } from '../../src/math/pose.ts';
import { makeWorld } from './rigs.ts';

describe('sim world', () => {
  it('applies a user force or torque for one step only', async () => {
    const sim = await makeWorld();
    // A box floating far above the floor, in free fall: only the applied pushes change its spin and sideways speed.
    const box = addDynamicObject(sim, {
      id: 'probe', shape: { kind: 'box', halfExtentsM: [0.05, 0.05, 0.05] }, poseInWorld: makePose([0, 0, 50]), material: { friction: 0.5, massKg: 1 }, canSleep: false,
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
});
