import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { peersTrials, PEERS_CUBE, PEERS_JAW } from '../../bench/datagen-peers.ts';
import type { JawJoints } from '../../sim/effectors/jaw-joints.ts';
import { buildParallelJaw, totalStrokeM } from '../../sim/effectors/parallel-jaw.ts';
import { driveParallelJaw, jawParts, jawTravel } from '../../sim/effectors/jaw-drive.ts';
import { jawFingers } from '../../sim/grasp-trial/parallel-slot.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import type { TrialObject, TrialResult } from '../../sim/grasp-trial/types.ts';
import { DEFAULT_ANTIPODAL, sampleAntipodalGrasps } from '../../apps/datagen/antipodal-sampler.ts';
import { primitiveTriangles } from '../../apps/datagen/primitive-mesh.ts';
import { DEFAULT_RANDOMIZATION, drawTrial } from '../../apps/datagen/randomization.ts';
import { surfaceMesh } from '../../apps/datagen/surface-mesh.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { seededRandom } from '../../src/math/random.ts';
import { loadRapier, type Rapier } from '../../sim/rapier.ts';
import { configureSolver } from '../../sim/solver-config.ts';

// The trial worlds' ways of jointing a jaw's fingers (sim/effectors/jaw-joints.ts): the robot's linkage (two
// prismatic joints per finger), `lean-linkage` (a prismatic servo joint and a motor-only linkage joint per finger),
// `prismatic` (one prismatic joint per finger, one motor), `single` (rotation-locked fingers on one 2-axis joint
// each, one motor) and `locked`.

function peersRun(rapier: Rapier, fingerJoints: JawJoints, n: number): TrialResult[] {
  const specs = peersTrials(n);
  const out: TrialResult[] = [];
  for (let i = 0; i < n; i += 16) {
    const chunk = {
      object: PEERS_CUBE,
      effector: PEERS_JAW,
      trials: specs.slice(i, i + 16),
      schedule: 'long' as const,
      firstTrialIndex: i,
      fingerJoints,
    };
    out.push(...runTrialChunk(rapier, chunk, { reuse: false }));
  }
  return out;
}

/** How closely a construction keeps its fingers to the hand: turn (cosine of the angle) and offset off the axis. */
interface AxisHold {
  readonly minTurnDot: number;
  readonly maxOffAxisM: number;
}

/**
 * Builds a jaw with `joints` on a hand turned at an angle, half opens it for 0.5 s while the hand rises (and
 * sways along x when `sway`), then squeezes on nothing (the fingers meet at closed), checking every step that each
 * finger keeps the hand's turn and stays on its opening axis within its stroke. Returns the world and the jaw's
 * handles for further checks (the caller frees the world).
 */
async function driveOnTurnedHand(joints: JawJoints, hold: AxisHold, sway: boolean) {
  const rapier = await loadRapier();
  const world = new rapier.World({ x: 0, y: 0, z: -9.81 });
  configureSolver(world);
  const turned = new Quaternion().setFromAxisAngle(new Vector3(1, 2, 3).normalize(), 1.1);
  const hand = world.createRigidBody(
    rapier.RigidBodyDesc.kinematicPositionBased().setTranslation(0.1, 0.2, 0.3).setRotation(turned),
  );
  const fingers = jawFingers({ ...PEERS_JAW, maxOpeningM: 0.08 });
  const handles = buildParallelJaw(rapier, world, hand, fingers, 0, totalStrokeM(fingers), joints);
  const parts = jawParts(world, hand, handles);
  const travels: number[] = [];
  for (let k = 0; k < 240; k++) {
    const travel = jawTravel(parts, fingers);
    driveParallelJaw(parts, fingers, { travelM: 0.04, forceN: 20, squeeze: k >= 120 }, travel);
    const x = 0.1 + (sway ? 0.02 * Math.sin(k / 20) : 0);
    hand.setNextKinematicTranslation({ x, y: 0.2, z: 0.3 + 0.0005 * k });
    world.step();
    travels.push(jawTravel(parts, fingers).travelM);
    for (let i = 0; i < 2; i++) {
      const body = parts.fingers[i]!;
      const q = body.rotation();
      expect(Math.abs(new Quaternion(q.x, q.y, q.z, q.w).dot(turned))).toBeGreaterThan(hold.minTurnDot);
      // The finger's offset from its closed origin, in the hand frame, lies on its opening axis.
      const t = body.translation();
      const h = hand.translation();
      const offset = new Vector3(t.x - h.x, t.y - h.y, t.z - h.z)
        .applyQuaternion(turned.clone().invert())
        .sub(fingers[i]!.closedOriginInHand);
      const along = offset.dot(fingers[i]!.openingAxisInHand);
      expect(offset.clone().addScaledVector(fingers[i]!.openingAxisInHand, -along).length()).toBeLessThan(
        hold.maxOffAxisM,
      );
      expect(along).toBeGreaterThan(-1e-3);
      expect(along).toBeLessThan(fingers[i]!.strokeM + 1e-3);
    }
  }
  expect(travels[119]).toBeCloseTo(0.04, 3);
  expect(travels.at(-1)).toBeLessThan(0.001);
  return { rapier, world, handles, parts };
}

describe('finger joints of the trial jaw', () => {
  it('single: fingers keep the hand turned at an angle, move only along their axis and stop at the stroke', async () => {
    // Rapier keeps rotations in f32: unchanged to its precision.
    const { world, handles } = await driveOnTurnedHand('single', { minTurnDot: 1 - 5e-7, maxOffAxisM: 1e-4 }, false);
    expect(handles.mimicJoints).toBeNull();
    world.free();
  });

  it('lean-linkage: the linkage spring on a motor-only joint, fingers held on their axis by the servo joint alone', async () => {
    // The cost it cuts (bench/datagen-profile.ts): the spring's joint was a second prismatic joint locking the same
    // five axes as the servo's and limiting the same stroke. Turned only as far as the servo joint's locked
    // rotations give, with the hand swaying.
    const { rapier, world, handles, parts } = await driveOnTurnedHand(
      'lean-linkage',
      { minTurnDot: Math.cos(0.005), maxOffAxisM: 2e-4 },
      true,
    );
    expect(parts.linkages).not.toBeNull();
    // The servos' joints are prismatic; the springs' are generic joints that lock nothing and limit nothing.
    for (const h of handles.joints) expect(world.getImpulseJoint(h).type()).toBe(rapier.JointType.Prismatic);
    expect(handles.mimicJoints).not.toBeNull();
    for (const h of handles.mimicJoints ?? []) {
      const joint = world.getImpulseJoint(h);
      expect(joint.type()).toBe(rapier.JointType.Generic);
      const raw = (joint as unknown as { rawSet: { jointLimitsEnabled(h: number, axis: number): boolean } }).rawSet;
      expect([0, 1, 2, 3, 4, 5].some((axis) => raw.jointLimitsEnabled(h, axis))).toBe(false);
    }
    world.free();
  });

  it('prismatic: one prismatic joint per finger carrying servo and linkage as one motor, nothing locked on the body', async () => {
    const { rapier, world, handles, parts } = await driveOnTurnedHand(
      'prismatic',
      { minTurnDot: Math.cos(0.005), maxOffAxisM: 2e-4 },
      true,
    );
    expect(parts.linkages).toBeNull();
    expect(handles.mimicJoints).toBeNull();
    for (const h of handles.joints) expect(world.getImpulseJoint(h).type()).toBe(rapier.JointType.Prismatic);
    // Its fingers turn freely on their bodies (the joint holds them), as the robot's do: a pad's contacts meet the
    // finger's rotational inertia.
    for (const f of parts.fingers) {
      const inv = f.effectiveWorldInvInertia();
      expect(Math.min(inv.m11, inv.m22, inv.m33)).toBeGreaterThan(0);
    }
    world.free();
  });

  it.each(['lean-linkage', 'prismatic'] as const)(
    '%s labels the peers trial as the linkage does, its pads sinking as deep into the cube',
    async (joints) => {
      const rapier = await loadRapier();
      const lean = peersRun(rapier, joints, 32);
      const linkage = peersRun(rapier, 'linkage', 32);
      expect(lean.filter((r) => r.success).length).toBeGreaterThan(24);
      expect(lean.filter((r, i) => r.failure === linkage[i]!.failure).length).toBeGreaterThanOrEqual(31);
      if (PEERS_CUBE.shape.kind !== 'box') throw new Error('the peers object is a cube');
      const cubeWidthM = 2 * PEERS_CUBE.shape.halfExtentsM[0];
      const medianSinkM = (results: TrialResult[]) => {
        const sinkM = results
          .filter((r) => r.success)
          .map((r) => (cubeWidthM - r.closedWidthM) / 2)
          .sort((a, b) => a - b);
        return sinkM[sinkM.length >> 1]!;
      };
      expect(Math.abs(medianSinkM(lean) - medianSinkM(linkage))).toBeLessThan(0.0002);
    },
    120_000,
  );

  it.each(['single', 'locked'] as const)(
    '%s labels the peers trial as the linkage does, its pads sinking under 0.5 mm into the cube',
    async (joints) => {
      const rapier = await loadRapier();
      const single = peersRun(rapier, joints, 32);
      const linkage = peersRun(rapier, 'linkage', 32);
      expect(single.filter((r) => r.success).length).toBeGreaterThan(24);
      expect(single.filter((r, i) => r.failure === linkage[i]!.failure).length).toBeGreaterThanOrEqual(31);
      if (PEERS_CUBE.shape.kind !== 'box') throw new Error('the peers object is a cube');
      const cubeWidthM = 2 * PEERS_CUBE.shape.halfExtentsM[0];
      const sinkM = single
        .filter((r) => r.success)
        .map((r) => (cubeWidthM - r.closedWidthM) / 2)
        .sort((a, b) => a - b);
      expect(sinkM[sinkM.length >> 1]).toBeLessThan(0.0005);
    },
    120_000,
  );

  it('locked: grasps from every side, gravity and lift turned into the gripper frame, label as the linkage does', async () => {
    // Fingers locked across their axis must still travel with the palm: left behind, lifted objects met the palm.
    const rapier = await loadRapier();
    const box: TrialObject = { shape: { kind: 'box', halfExtentsM: [0.03, 0.02, 0.045] }, massKg: 0.3 };
    const mesh = surfaceMesh(primitiveTriangles({ kind: 'box', sizeM: [0.06, 0.04, 0.09] }));
    const candidates = sampleAntipodalGrasps(mesh, EMBODY_JAW_80MM, 64, seededRandom(5), DEFAULT_ANTIPODAL);
    const rng = seededRandom(8);
    const specs = candidates.map((c) => ({
      gripperInObject: [...c.gripperInObject.elements],
      ...drawTrial(DEFAULT_RANDOMIZATION, 'parallel', 0.3, 0.5, rng),
    }));
    const labels = (fingerJoints: JawJoints) =>
      [0, 16, 32, 48].flatMap((i) =>
        runTrialChunk(
          rapier,
          {
            object: box,
            effector: EMBODY_JAW_80MM,
            trials: specs.slice(i, i + 16),
            schedule: 'fast',
            firstTrialIndex: i,
            fingerJoints,
          },
          { reuse: false },
        ).map((r) => r.failure),
      );
    const linkage = labels('linkage');
    const locked = labels('locked');
    expect(new Set(linkage).size).toBeGreaterThanOrEqual(2);
    expect(locked.filter((f) => f === 'palm_contact').length).toBeLessThanOrEqual(
      linkage.filter((f) => f === 'palm_contact').length + 3,
    );
    expect(locked.filter((f, i) => f === linkage[i]).length).toBeGreaterThanOrEqual(56);
  }, 120_000);
});
