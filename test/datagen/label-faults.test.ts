import { Matrix4, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { analyticQuality } from '../../apps/datagen/analytic-quality.ts';
import type { GraspCandidate } from '../../apps/datagen/grasp-candidate.ts';
import { primitiveTriangles } from '../../apps/datagen/primitive-mesh.ts';
import { sampleSuctionGrasps } from '../../apps/datagen/suction-sampler.ts';
import { surfaceMesh } from '../../apps/datagen/surface-mesh.ts';
import { EMBODY_JAW_80MM, SUCTION_30MM } from '../../sim/grasp-trial/effector-models.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import { jawFingers } from '../../sim/grasp-trial/parallel-slot.ts';
import { buildParallelJaw, totalStrokeM } from '../../sim/effectors/parallel-jaw.ts';
import { driveParallelJaw, jawParts, jawTravel, jawTravelRecord } from '../../sim/effectors/jaw-drive.ts';
import { trialSchedule } from '../../sim/grasp-trial/schedule.ts';
import { buildTrialWorld } from '../../sim/grasp-trial/trial-world.ts';
import type { EffectorModel, TrialObject, TrialResult, TrialSpec } from '../../sim/grasp-trial/types.ts';
import { loadRapier } from '../../sim/rapier.ts';
import { configureSolver, SOLVER } from '../../sim/solver-config.ts';
import { seededRandom } from '../../src/math/random.ts';

// One regression test per label fault an independent check (numpy geometry, a MuJoCo replay) found in datagen.

const UPRIGHT: [number, number, number, number] = [0, 0, 0, 1];
/** Object turned upside down: a grasp from the object's top now approaches upward, gravity pulls into the palm. */
const UPSIDE_DOWN: [number, number, number, number] = [1, 0, 0, 0];
const BOX_M = 0.05;
const BOX: TrialObject = { shape: { kind: 'box', halfExtentsM: [BOX_M / 2, BOX_M / 2, BOX_M / 2] }, massKg: 0.3 };

async function run(effector: EffectorModel, object: TrialObject, trials: TrialSpec[]): Promise<TrialResult[]> {
  const rapier = await loadRapier();
  return runTrialChunk(rapier, { object, effector, trials, schedule: 'fast', firstTrialIndex: 0 }, { reuse: true });
}

function spec(c: GraspCandidate, massKg: number, friction: number, effort: number, rotation = UPRIGHT): TrialSpec {
  return {
    gripperInObject: [...c.gripperInObject.elements],
    objectRotationInWorld: rotation,
    massKg,
    friction,
    effort,
  };
}

/**
 * Grasps on the 50 mm box straight from its top, closing across x, the TCP `depthM` below the top face and `yM` off
 * the face centre. The palm's face is 25 mm behind the TCP, so at 15 mm depth it clears the box by 10 mm.
 */
function topGrasp(yM: number, depthM: number): GraspCandidate {
  const closing = new Vector3(1, 0, 0);
  const approach = new Vector3(0, 0, -1);
  const gripperInObject = new Matrix4()
    .makeBasis(closing, approach.clone().cross(closing), approach)
    .setPosition(0, yM, BOX_M / 2 - depthM + EMBODY_JAW_80MM.tcpZM);
  return {
    gripperInObject,
    axisInObject: closing,
    widthM: BOX_M,
    contactAngle1Rad: 0,
    contactAngle2Rad: 0,
    rimDeviationM: 0,
  };
}

function topGrasps(): GraspCandidate[] {
  return [-0.01, 0, 0.01].flatMap((y) => [topGrasp(y, 0.012), topGrasp(y, 0.015)]);
}

describe('label faults, each fixed', () => {
  it('runs trials with the one solver configuration the robot uses (8 iterations, not Rapier’s 4)', async () => {
    const rapier = await loadRapier();
    const { world } = buildTrialWorld(rapier, BOX, EMBODY_JAW_80MM);
    expect(world.numSolverIterations).toBe(SOLVER.solverIterations);
    expect(SOLVER.solverIterations).toBeGreaterThanOrEqual(8);
    expect(world.integrationParameters.numInternalPgsIterations).toBe(SOLVER.internalPgsIterations);
    expect(world.timestep).toBeCloseTo(1 / SOLVER.stepHz, 6);
    world.free();
  });

  it('robust grasps hold at μ 0.8 with the pads resting on the faces, never squeezed out to zero width', async () => {
    const grasps = topGrasps();
    // Load ≈ 1 % of what the grip carries: 0.03 kg against 2 × 15 N × 0.8.
    const results = await run(
      EMBODY_JAW_80MM,
      BOX,
      grasps.map((c) => spec(c, 0.03, 0.8, 15)),
    );
    for (const r of results) {
      expect(r.failure).toBe('none');
      expect(r.closedWidthM).toBeGreaterThan(BOX_M - 0.004);
      expect(r.closedWidthM).toBeLessThan(BOX_M + 0.001);
    }
  });

  it('an object that slides down onto the palm is not held; the same grasp with a firm grip is', async () => {
    const grasps = topGrasps();
    // μ 0.15 and 3 N per finger carry 0.9 N; the 0.3 kg box weighs 2.9 N and slides toward the palm.
    const weak = await run(
      EMBODY_JAW_80MM,
      BOX,
      grasps.map((c) => spec(c, 0.3, 0.15, 3, UPSIDE_DOWN)),
    );
    for (const r of weak) {
      expect(r.success).toBe(false);
      expect(['palm_contact', 'slipped_during_lift']).toContain(r.failure);
    }
    expect(weak.some((r) => r.failure === 'palm_contact')).toBe(true);
    const firm = await run(
      EMBODY_JAW_80MM,
      BOX,
      grasps.map((c) => spec(c, 0.3, 1, 25, UPSIDE_DOWN)),
    );
    expect(firm.map((r) => r.failure)).toEqual(grasps.map(() => 'none'));
    for (const r of firm) expect(r.slipM).toBeLessThan(0.005);
  });

  it('a suction cup seals and holds equally on all four side faces of a light box', async () => {
    const big = 0.08;
    const mesh = surfaceMesh(primitiveTriangles({ kind: 'box', sizeM: [big, big, big] }));
    const object: TrialObject = { shape: { kind: 'box', halfExtentsM: [big / 2, big / 2, big / 2] }, massKg: 0.1 };
    const sides = sampleSuctionGrasps(mesh, SUCTION_30MM, 200, seededRandom(8)).filter(
      (c) => Math.abs(c.axisInObject.z) < 0.01,
    );
    const byFace = new Map<string, GraspCandidate[]>();
    for (const c of sides) {
      const key = c.axisInObject.toArray().map(Math.round).join(',');
      byFace.set(key, [...(byFace.get(key) ?? []), c]);
    }
    expect(byFace.size).toBe(4);
    const picked = [...byFace.values()].flatMap((list) => list.slice(0, 4));
    const results = await run(
      SUCTION_30MM,
      object,
      picked.map((c) => spec(c, 0.1, 0.5, 50)),
    );
    expect(results.map((r) => r.failure)).toEqual(picked.map(() => 'none'));
  });

  it('a suction cup peels off a face under a moment its seal cannot carry, at the same pull and shear', async () => {
    // The same 0.8 kg on the same 80 × 80 mm end face (pull and shear the same: 7.8 N across the cup at rest, the
    // 30 mm cup at 50 kPa is rated 35 N with 18 N of lip shear), once as a 40 mm slab (lever 20 mm) and once as a
    // 200 mm bar (lever 100 mm, 0.78 N·m at rest): only the peel (bending) limit tells them apart. Without it the
    // bar held through the lift and fell only in the shake.
    const endFaceGrasps = (halfX: number) => {
      const mesh = surfaceMesh(primitiveTriangles({ kind: 'box', sizeM: [2 * halfX, 0.08, 0.08] }));
      return sampleSuctionGrasps(mesh, SUCTION_30MM, 400, seededRandom(9))
        .filter((c) => Math.abs(Math.abs(c.axisInObject.x) - 1) < 0.01)
        .slice(0, 6);
    };
    const outcomes = async (halfX: number) => {
      const grasps = endFaceGrasps(halfX);
      expect(grasps.length).toBe(6);
      const object: TrialObject = { shape: { kind: 'box', halfExtentsM: [halfX, 0.04, 0.04] }, massKg: 0.8 };
      return (
        await run(
          SUCTION_30MM,
          object,
          grasps.map((c) => spec(c, 0.8, 0.5, 50)),
        )
      ).map((r) => r.failure);
    };
    expect(await outcomes(0.02)).toEqual(Array.from({ length: 6 }, () => 'none'));
    expect(await outcomes(0.1)).toEqual(Array.from({ length: 6 }, () => 'slipped_during_lift'));
  });

  it.each(['linkage', 'lean-linkage', 'locked'] as const)(
    '%s fingers are coupled: a box weighing along the closing axis stays centred between the pads',
    async (fingerJoints) => {
      // Gravity along the closing axis pushes the pad pair along it. With two force-capped servos alone both pads
      // sat at their caps and a held can drifted ±17 mm; the linkage spring (10 kN/m for the pair) lets the 0.3 kg
      // box shift 0.3 mm.
      const rapier = await loadRapier();
      const world = new rapier.World({ x: -9.81, y: 0, z: 0 });
      configureSolver(world);
      const hand = world.createRigidBody(rapier.RigidBodyDesc.kinematicPositionBased());
      const fingers = jawFingers(EMBODY_JAW_80MM);
      const handles = buildParallelJaw(rapier, world, hand, fingers, 0xffffffff, totalStrokeM(fingers), fingerJoints);
      const box = world.createRigidBody(
        rapier.RigidBodyDesc.dynamic().setTranslation(0, 0, EMBODY_JAW_80MM.padCentreZM).setGravityScale(0),
      );
      world.createCollider(
        rapier.ColliderDesc.cuboid(BOX_M / 2, BOX_M / 2, BOX_M / 2)
          .setMass(0.3)
          .setFriction(1),
        box,
      );
      const parts = jawParts(world, hand, handles);
      const travel = jawTravelRecord();
      const steps = SOLVER.stepHz; // 1 s: close for 0.25 s, then squeeze with the box's weight on
      for (let k = 0; k < steps; k++) {
        const squeeze = k >= steps / 4;
        if (k === steps / 4) box.setGravityScale(1, true);
        jawTravel(parts, fingers, travel);
        driveParallelJaw(parts, fingers, { travelM: 0, forceN: 20, squeeze }, travel);
        world.step();
      }
      expect(jawTravel(parts, fingers, travel).travelM).toBeCloseTo(BOX_M, 2);
      expect(Math.abs(box.translation().x)).toBeLessThan(0.002);
      world.free();
    },
  );

  it('predicts failure when a contact normal lies outside the friction cone, however light the load', () => {
    const candidate = (angleRad: number): GraspCandidate => ({
      gripperInObject: new Matrix4(),
      axisInObject: new Vector3(1, 0, 0),
      widthM: 0.05,
      contactAngle1Rad: 0.05,
      contactAngle2Rad: angleRad,
      rimDeviationM: 0,
    });
    const draw = { massKg: 0.001, friction: 0.3, effort: 20, objectRotationInWorld: UPRIGHT };
    const schedule = trialSchedule('fast');
    const outside = analyticQuality(candidate(Math.atan(0.3) + 0.05), draw, EMBODY_JAW_80MM, schedule);
    expect(outside.coneMarginRad).toBeLessThan(0);
    expect(outside.predictedSuccess).toBe(false);
    const inside = analyticQuality(candidate(Math.atan(0.3) - 0.05), draw, EMBODY_JAW_80MM, schedule);
    expect(inside.coneMarginRad).toBeGreaterThan(0);
    expect(inside.predictedSuccess).toBe(true);
    // The load alone is small in both: only the contact angle decides.
    expect(outside.requiredFriction).toBeLessThan(0.01);
  });
});
