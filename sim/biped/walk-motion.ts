import type { Vector3 } from 'three';
import { HardwareFault } from '../../hardware/common.ts';
import type { BaseLimits, WalkingLimits } from '../../hardware/mobile-base.ts';
import type { WalkingExtras } from '../../src/kinematics/model.ts';
import { planStop } from '../../src/locomotion/stop-plan.ts';
import type { FootPlacement, SoleSize } from '../../src/locomotion/support-polygon.ts';
import {
  planWalk,
  type FootSide,
  type GaitSettings,
  type PlannedStep,
  type WalkPlan,
  type WalkSample,
  WALK_PHASES,
} from '../../src/locomotion/walk-plan.ts';
import { wrapAngle } from '../../src/math/pose.ts';
import type { RootPose } from './biped-legs.ts';

/** A plan is refused when its ZMP comes closer than this to the edge of the support polygon, m. */
const MIN_PLANNED_MARGIN_M = 0.01;
/** The pelvis eases onto the feet's midpoint over the last this many seconds of a walk's settle. */
const SNAP_S = 0.5;

/** A biped's declared limits and gait, from the URDF's `<walking>` extras and the sole's size. */
export interface BipedCapabilities {
  readonly walking: WalkingLimits;
  readonly base: BaseLimits;
  readonly gait: Omit<GaitSettings, 'comHeightM'>;
}

/** The base limits the skills read (speeds from the step limits and timing) and the gait the sim walks with. */
export function bipedCapabilities(w: WalkingExtras, sole: SoleSize, dtS: number): BipedCapabilities {
  const walking: WalkingLimits = {
    maxStepLengthM: w.maxStepLengthM,
    maxStepWidthM: w.maxStepWidthM,
    maxTurnPerStepRad: w.maxTurnPerStepRad,
    maxStepHeightM: w.maxStepHeightM,
    stanceWidthM: w.stanceWidthM,
    soleLengthM: sole.lengthM,
    soleWidthM: sole.widthM,
  };
  const stepS = w.singleSupportS + w.doubleSupportS;
  return {
    walking,
    base: {
      maxLinearMps: w.maxStepLengthM / stepS,
      maxAngularRadps: w.maxTurnPerStepRad / stepS,
      maxLinearAccelMps2: 0.5,
      footprintRadiusM: Math.hypot(sole.lengthM / 2 + 0.05, w.stanceWidthM / 2 + sole.widthM / 2 + 0.1),
      maxStepLengthM: w.maxStepLengthM,
      maxStepHeightM: w.maxStepHeightM,
      walking,
    },
    gait: {
      dtS,
      singleSupportS: w.singleSupportS,
      doubleSupportS: w.doubleSupportS,
      ...WALK_PHASES,
      swingHeightM: w.swingHeightM,
      sole,
    },
  };
}

/** Where the biped stands and how its CoM sits over the root: what a walk or a stop is planned from. */
export interface Standing {
  readonly feet: Readonly<Record<FootSide, FootPlacement>>;
  readonly root: RootPose;
  /** Whole-body CoM minus the root position at the last tick. */
  readonly comOffset: Vector3;
}

/** The CoM's offset from the root in the root's frame: where it rests relative to the feet's midpoint. */
export function restOffset(at: Standing): { forwardM: number; leftM: number } {
  const c = Math.cos(at.root.yawRad);
  const s = Math.sin(at.root.yawRad);
  return {
    forwardM: c * at.comOffset.x + s * at.comOffset.y,
    leftM: -s * at.comOffset.x + c * at.comOffset.y,
  };
}

/** The CoM height above the mean sole height: the pendulum length of the next walk. */
export function comHeightM(at: Standing): number {
  return at.root.z + at.comOffset.z - (at.feet.left.zM + at.feet.right.zM) / 2;
}

/**
 * Plans a walk from standing by ZMP preview control; refuses (a `rejected` fault) a plan whose ZMP comes within
 * `MIN_PLANNED_MARGIN_M` of the support polygon's edge.
 */
export function planStandingWalk(
  at: Standing,
  steps: readonly PlannedStep[],
  gait: Omit<GaitSettings, 'comHeightM'>,
): WalkPlan {
  // The CoM starts where it stands (ahead of the feet's midpoint when the arms reach forward).
  const com = { x: at.root.x + at.comOffset.x, y: at.root.y + at.comOffset.y };
  const plan = planWalk(
    at.feet,
    steps,
    { ...gait, comHeightM: comHeightM(at) },
    { x: [com.x, 0, 0], y: [com.y, 0, 0], zmp: { x: com.x, y: com.y } },
    restOffset(at),
  );
  if (plan.minMarginM < MIN_PLANNED_MARGIN_M) {
    throw new HardwareFault(
      'rejected',
      'base',
      `the ZMP would come within ${(plan.minMarginM * 1000).toFixed(1)} mm of the support polygon's edge at ` +
        `t = ${plan.minMarginAtS.toFixed(2)} s (at least ${MIN_PLANNED_MARGIN_M * 1000} mm needed)`,
      { minMarginM: plan.minMarginM, atS: plan.minMarginAtS },
    );
  }
  return plan;
}

/**
 * The root under a planned sample: shifted so the whole-body CoM lands on the plan's (`comOffset`, the offset of
 * the last tick), at the support height (the pelvis height above it is the lift's), facing between the feet.
 */
export function rootFor(sample: WalkSample, comOffset: Vector3, plan?: WalkPlan): RootPose {
  const yawRad = wrapAngle(sample.left.yawRad + wrapAngle(sample.right.yawRad - sample.left.yawRad) / 2);
  let x = sample.com.x - comOffset.x;
  let y = sample.com.y - comOffset.y;
  // The CoM offset drifts by millimetres as the legs' posture changes from start to end; over the last part of
  // the settle the pelvis eases onto the feet's midpoint, so the base ends exactly on the goal.
  const remainingS = plan === undefined ? Infinity : plan.durationS - sample.tS;
  if (remainingS < SNAP_S && sample.stepIndex < 0) {
    const w = 1 - remainingS / SNAP_S;
    const s = w * w * (3 - 2 * w);
    x += ((sample.left.x + sample.right.x) / 2 - x) * s;
    y += ((sample.left.y + sample.right.y) / 2 - y) * s;
  }
  return { x, y, z: sample.groundZ, yawRad };
}

/**
 * A halt at tick `tick` of a walk, planned once both feet are down: the feet stay where they are, and the CoM is
 * brought to rest over them from its present motion (a preview plan with no more steps). Undefined while a foot
 * is in the air (it lands where it was going first).
 */
export function planHalt(
  walk: WalkPlan,
  tick: number,
  at: Standing,
  gait: Omit<GaitSettings, 'comHeightM'>,
): { feet: Record<FootSide, FootPlacement>; plan: WalkPlan } | undefined {
  const sample = walk.samples[tick]!;
  if (sample.support !== 'double') return undefined;
  const previous = walk.samples[Math.max(0, tick - 1)]!;
  const velocity = (axis: 'x' | 'y'): number => (sample.com[axis] - previous.com[axis]) / gait.dtS;
  const feet = { left: groundOf(sample.left), right: groundOf(sample.right) };
  const offset = restOffset(at);
  const middleYaw = wrapAngle(feet.left.yawRad + wrapAngle(feet.right.yawRad - feet.left.yawRad) / 2);
  const restAt = {
    x: (feet.left.x + feet.right.x) / 2 + Math.cos(middleYaw) * offset.forwardM - Math.sin(middleYaw) * offset.leftM,
    y: (feet.left.y + feet.right.y) / 2 + Math.sin(middleYaw) * offset.forwardM + Math.cos(middleYaw) * offset.leftM,
  };
  const plan = planStop(
    feet,
    {
      x: [sample.com.x, velocity('x'), sample.comAcc.x],
      y: [sample.com.y, velocity('y'), sample.comAcc.y],
      zmp: { x: sample.zmp.x, y: sample.zmp.y },
    },
    restAt,
    { ...gait, comHeightM: comHeightM(at) },
  );
  return { feet, plan };
}

/** A foot of a walk sample put on the ground (its swing lift taken off). */
export function groundOf(foot: FootPlacement & { liftM: number }): FootPlacement {
  return { x: foot.x, y: foot.y, zM: foot.zM - foot.liftM, yawRad: foot.yawRad };
}
