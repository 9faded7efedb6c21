import { Matrix4, Quaternion, Vector3 } from 'three';
import { describe, expect, it, vi } from 'vitest';
import { buildParallelJaw, totalStrokeM } from '../../sim/effectors/parallel-jaw.ts';
import { padPushN, padSpinState, resistPadSpin } from '../../sim/effectors/pad-spin.ts';
import { segmentedPadShapes } from '../../sim/effectors/pad-segments.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { jawFingers } from '../../sim/grasp-trial/parallel-slot.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import { palmOffsetAt, totalSteps, TRIAL_DT_S, trialSchedule } from '../../sim/grasp-trial/schedule.ts';
import type { ParallelJawModel, TrialObject, TrialSpec } from '../../sim/grasp-trial/types.ts';
import { loadRapier, type ColliderDesc, type Rapier } from '../../sim/rapier.ts';
import type * as PadLoad from '../../sim/effectors/pad-load.ts';
import { box, can, jawGrip, pushedPoints, quat, vec } from '../helpers/jaw-grip.ts';

// Segmented pads, a bench-only option of the jaw's contact model (sim/effectors/pad-segments.ts, BENCH_PAD_SEGMENTS
// of bench/verify-agreement.ts): each pad built of N boxes along its length, together the one box. Rapier touches a
// flat pad at the two ends of a can's contact line; a segmented pad at each segment's ends, spread along the line.
// Every reading of a pad (the trial's holding check, the spin friction's normal impulse) covers all its segments.

// What the spin friction read for each finger (its push and its points' centre), seen where it asks the patch's
// budget (`patchSpinLeft`, called once per finger with a target); the function itself runs unchanged.
const spinReads = vi.hoisted(() => [] as { pushN: number; centre: { x: number; y: number; z: number } }[]);
vi.mock('../../sim/effectors/pad-load.ts', async (importOriginal) => {
  const real = await importOriginal<typeof PadLoad>();
  const patchSpinLeft: typeof real.patchSpinLeft = (...args) => {
    spinReads.push({ pushN: args[3], centre: { ...args[5] } });
    return real.patchSpinLeft(...args);
  };
  return { ...real, patchSpinLeft };
});

const segmented = (n: number): ParallelJawModel => ({ ...EMBODY_JAW_80MM, padSegments: n });

interface Grip {
  /** Each touching point of the first finger's pad in the last step before gravity, along the pad's length, m. */
  readonly pointsZM: number[];
  /** The first finger's segments that pushed in that step. */
  readonly segmentsPushing: number;
  /** The first finger's normal force summed over its segments, N. */
  readonly pushN: number;
  /** The first finger's push summed over its segments, and what the spin friction read, in the same step, N. */
  readonly summedN: number;
  readonly spinReadN: number;
  /** The first finger's pushing points' centre as the spin friction read it, in world. */
  readonly spinCentre: { x: number; y: number; z: number };
  /** How far the object turned from gravity (or the torque) coming on to the end, degrees. */
  readonly turnDeg: number;
  /** How far the object's centre moved relative to the hand from then, m. */
  readonly slideM: number;
}

/**
 * Grips the object `shape` builds, centred on the pads, with 20 N on a fixed hand for 0.5 s; then either gravity
 * comes on and the fast protocol lifts and shakes the hand, or (`torqueNm`) a torque about the closing axis acts
 * on the object for 0.5 s.
 */
async function grip(model: ParallelJawModel, shape: (r: Rapier) => ColliderDesc, torqueNm?: number): Promise<Grip> {
  const { world, hand, parts, pads, body, object, closeStep } = await jawGrip(model, shape);
  const state = padSpinState();
  const schedule = trialSchedule('fast');
  const onAt = Math.round(0.5 / TRIAL_DT_S);
  const steps = onAt + (torqueNm === undefined ? totalSteps(schedule) - schedule.closeSteps : onAt);
  const offset: [number, number, number] = [0, 0, 0];
  let pointsZM: number[] = [];
  let segmentsPushing = 0;
  let pushN = 0;
  let summedN = 0;
  let spinReadN = 0;
  let spinCentre = { x: NaN, y: NaN, z: NaN };
  let at = { q: new Quaternion(), p: new Vector3() };
  for (let k = 0; k < steps; k++) {
    closeStep(k);
    if (k === onAt - 1) summedN = pads[0].reduce((sum, pad) => sum + padPushN(world, pad, object, TRIAL_DT_S), 0);
    spinReads.length = 0;
    resistPadSpin(world, parts, pads, state, TRIAL_DT_S);
    if (k === onAt - 1) {
      spinReadN = spinReads[0]?.pushN ?? 0;
      spinCentre = spinReads[0]?.centre ?? spinCentre;
      pointsZM = pads[0].flatMap((pad) => pushedPoints(world, pad, object).map((p) => p.z));
      segmentsPushing = pads[0].filter((pad) => pushedPoints(world, pad, object).length > 0).length;
    }
    // A step's split between the contacts fluctuates: the push is the mean over the last 40 steps of the squeeze.
    if (k >= onAt - 40 && k < onAt)
      pushN += pads[0].reduce((sum, pad) => sum + padPushN(world, pad, object, TRIAL_DT_S), 0) / 40;
    if (k === onAt) {
      if (torqueNm === undefined) world.gravity = { x: 0, y: 0, z: -9.81 };
      else body.addTorque({ x: torqueNm, y: 0, z: 0 }, true);
      at = { q: quat(body.rotation()), p: vec(body.translation()) };
    }
    if (k >= onAt && torqueNm === undefined) {
      palmOffsetAt(schedule, schedule.closeSteps + k - onAt, offset);
      hand.setNextKinematicTranslation({ x: offset[0], y: offset[1], z: offset[2] });
    }
    world.step();
  }
  const turnDeg = (quat(body.rotation()).angleTo(at.q) * 180) / Math.PI;
  const slideM = vec(body.translation()).sub(vec(hand.translation())).sub(at.p).length();
  world.free();
  return { pointsZM, segmentsPushing, pushN, summedN, spinReadN, spinCentre, turnDeg, slideM };
}

/** The rms distance of the points from their mean, m. */
function rmsSpreadM(points: readonly number[]): number {
  const mean = points.reduce((a, b) => a + b, 0) / points.length;
  return Math.sqrt(points.reduce((a, z) => a + (z - mean) ** 2, 0) / points.length);
}

describe('segmented pads (bench option)', () => {
  it('are the one box cut along its length', () => {
    const [hx, hy, hz] = EMBODY_JAW_80MM.padHalfM;
    const parts = segmentedPadShapes(EMBODY_JAW_80MM.padHalfM, 5);
    const ends = parts.map((p) => {
      if (p.shape.kind !== 'box') throw new Error('a segment is a box');
      expect(p.shape.halfExtentsM.slice(0, 2)).toEqual([hx, hy]);
      const z = p.poseInFinger.position.z;
      return [z - p.shape.halfExtentsM[2], z + p.shape.halfExtentsM[2]] as const;
    });
    expect(ends[0]![0]).toBeCloseTo(-hz, 12);
    expect(ends[4]![1]).toBeCloseTo(hz, 12);
    for (let k = 1; k < 5; k++) expect(ends[k]![0]).toBeCloseTo(ends[k - 1]![1], 12);
    expect(() => segmentedPadShapes(EMBODY_JAW_80MM.padHalfM, 0)).toThrow();
  });

  it("turn as the one box's finger does (the jaw's builder sums the segments' mass properties exactly)", async () => {
    const rapier = await loadRapier();
    // A free finger's angular velocity about each axis after a torque impulse of 1e-6 N·m·s: 1e-6 / its moment.
    const turnRates = (model: ParallelJawModel): number[] =>
      [0, 1, 2].map((axis) => {
        const world = new rapier.World({ x: 0, y: 0, z: 0 });
        const hand = world.createRigidBody(rapier.RigidBodyDesc.kinematicPositionBased());
        const fingers = jawFingers(model);
        const jaw = buildParallelJaw(rapier, world, hand, fingers, 0xffffffff, totalStrokeM(fingers), 'lean-linkage');
        world.removeRigidBody(hand); // and its joints: the finger turns free
        world.step();
        const finger = world.getRigidBody(jaw.fingerBodies[0]);
        const impulse = [0, 0, 0];
        impulse[axis] = 1e-6;
        finger.applyTorqueImpulse({ x: impulse[0]!, y: impulse[1]!, z: impulse[2]! }, true);
        const w = finger.angvel();
        const rate = [w.x, w.y, w.z][axis]!;
        world.free();
        return rate;
      });
    const box = turnRates(EMBODY_JAW_80MM);
    const [hx, hy, hz] = EMBODY_JAW_80MM.padHalfM;
    const m = EMBODY_JAW_80MM.fingerMassKg;
    // The box's moments, m/3·(b² + c²) over its half extents.
    const moments = [(m / 3) * (hy * hy + hz * hz), (m / 3) * (hx * hx + hz * hz), (m / 3) * (hx * hx + hy * hy)];
    box.forEach((rate, i) => expect(rate).toBeCloseTo(1e-6 / moments[i]!, 3));
    // Rapier's own sum over 2-5 segments put the moment about the pad's length on the closing axis
    // (test/sim/inertia.test.ts); the builder's exact sum keeps every segmented finger the box's.
    for (const n of [2, 3, 5]) {
      const rates = turnRates(segmented(n));
      rates.forEach((rate, i) => expect(rate / box[i]!).toBeCloseTo(1, 3));
    }
  });

  it("touch a can along its line, where a flat pad touches at the line's ends, with the same push", async () => {
    const flat = await grip(EMBODY_JAW_80MM, can);
    const five = await grip(segmented(5), can);
    const hz = EMBODY_JAW_80MM.padHalfM[2];
    // Flat: the two ends of the 50 mm line, 25 mm from its centre (rms). Five segments: the ends of the segments it
    // touches (4 or 5: the can sits a little tilted, pressing one end of the line harder, as on the flat pad),
    // near a uniformly pressed line's rms (50 mm / √12 = 14.4 mm).
    expect(rmsSpreadM(flat.pointsZM)).toBeGreaterThan(0.8 * hz);
    expect(five.segmentsPushing).toBeGreaterThanOrEqual(4);
    expect(rmsSpreadM(five.pointsZM)).toBeGreaterThan(0.45 * hz);
    expect(rmsSpreadM(five.pointsZM)).toBeLessThan(0.7 * hz);
    // The finger's push (the mean of 40 steps), summed over its segments, is the single box's within 7.5 %.
    expect(flat.pushN).toBeGreaterThan(15);
    expect(Math.abs(five.pushN - flat.pushN)).toBeLessThan(0.075 * flat.pushN);
  });

  it('hold a can and a box through the lift and shake as flat pads do', async () => {
    for (const shape of [can, box]) {
      const flat = await grip(EMBODY_JAW_80MM, shape);
      const five = await grip(segmented(5), shape);
      expect(five.turnDeg).toBeLessThan(Math.max(2, 2 * flat.turnDeg));
      expect(five.slideM).toBeLessThan(0.01);
    }
  });

  it("read the finger's push for its spin friction summed over its segments, centred along the line", async () => {
    for (const shape of [can, box]) {
      const five = await grip(segmented(5), shape);
      expect(five.summedN).toBeGreaterThan(10);
      expect(five.spinReadN).toBeCloseTo(five.summedN, 6);
      // The first finger sits at +x: its pushing points on its pad's face, within the pad's length.
      expect(five.spinCentre.x).toBeCloseTo(shape === can ? 0.033 : 0.03, 2);
      expect(Math.abs(five.spinCentre.z - EMBODY_JAW_80MM.padCentreZM)).toBeLessThan(EMBODY_JAW_80MM.padHalfM[2]);
    }
  });

  it('label a grasp the pads touch only near their tips held, as flat pads do', async () => {
    // The 50 mm box gripped from its top 12 mm deep: only the tip end of the pads (the last segments) touches it.
    const rapier = await loadRapier();
    const object: TrialObject = { shape: { kind: 'box', halfExtentsM: [0.025, 0.025, 0.025] }, massKg: 0.1 };
    const closing = new Vector3(1, 0, 0);
    const approach = new Vector3(0, 0, -1);
    const pose = new Matrix4()
      .makeBasis(closing, approach.clone().cross(closing), approach)
      .setPosition(0, 0, 0.025 - 0.012 + EMBODY_JAW_80MM.tcpZM);
    const trial: TrialSpec = {
      gripperInObject: [...pose.elements],
      objectRotationInWorld: [0, 0, 0, 1],
      massKg: 0.1,
      friction: 0.8,
      effort: 20,
    };
    const label = (effector: ParallelJawModel) =>
      runTrialChunk(
        rapier,
        { object, effector, trials: [trial], schedule: 'fast', firstTrialIndex: 0 },
        { reuse: false },
      )[0]!;
    expect(label(EMBODY_JAW_80MM).failure).toBe('none');
    expect(label(segmented(5)).failure).toBe('none');
  });
});
