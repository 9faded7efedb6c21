import { keyFamily } from '../../src/skill/blackboard.ts';
import type { PickPlacePlan, RefusedPlace } from './pick-place-plan.ts';
import type { CarryPosture } from '../arm/carry-plan.ts';

const round = (v: number, digits = 3): number => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The chain a plan chose, as telemetry shows it (trace, live tree): the grasp, the stand-offs and lift heights, the
 * costs, and the alternatives rejected with the reason each was.
 */
export function summarizePlan(plan: PickPlacePlan): Record<string, unknown> {
  const standOff = (s: PickPlacePlan['place']['standOff']): Record<string, unknown> => ({
    ...(s.place ? { place: s.place.name } : {}),
    ...(s.basePose ? { x: round(s.basePose.x), y: round(s.basePose.y), yawRad: round(s.basePose.yawRad) } : {}),
    ...(s.liftHeightM === undefined ? {} : { liftHeightM: round(s.liftHeightM) }),
    robust: s.robust,
  });
  return {
    object: plan.objectId,
    target: plan.targetName,
    arm: plan.armName,
    effector: plan.effector,
    ...(plan.pick
      ? {
          grasp: plan.pick.motion.choice.candidate.label,
          holdClass: plan.pick.holdClass,
          pickStandOff: standOff(plan.pick.standOff),
        }
      : { grasp: 'already held' }),
    carry: plan.carry ? (plan.carry.carry ? carryText(plan.carry.carry) : 'none (short carry)') : 'n/a',
    ...(plan.standsUpFirst ? { standsUpFirst: true } : {}),
    placeStandOff: standOff(plan.place.standOff),
    placeHeadingRad: round(plan.place.plan.choice.yawRad),
    cost: {
      baseTravelM: round(plan.cost.baseTravelM, 2),
      armTravelRad: round(plan.cost.armTravelRad, 2),
      graspQuality: round(plan.cost.graspQuality, 2),
      total: round(plan.cost.total, 2),
    },
    alternatives: plan.alternatives,
    rejected: plan.rejected.map((r) => `${r.grasp} (${r.stage}): ${r.reason}`),
  };
}

/** The blackboard entries of plans, one per object: `planPickAndPlace` writes `plan/<objectId>`, the stages read it. */
export const PLAN = keyFamily<PickPlacePlan>('plan', summarizePlan);

/** `forward 0.3 m`, and the load's turn when it is turned on the way (`forward 0.22 m, turned 45°`). */
function carryText(carry: CarryPosture): string {
  const turn = carry.turnRad ? `, turned ${Math.round((carry.turnRad * 180) / Math.PI)}°` : '';
  return `forward ${carry.forwardM} m${turn}`;
}

/**
 * The place stand-offs a plan of each object failed at on the robot (`refused-places/<objectId>`): `executePlan`
 * adds one when a place fails `unreachable`, `planPickAndPlace` skips them, and a plan executed to the end clears
 * them.
 */
export const REFUSED_PLACES = keyFamily<readonly RefusedPlace[]>('refused-places', (refused) =>
  refused.map((r) => ({
    target: r.target,
    x: round(r.basePose.x),
    y: round(r.basePose.y),
    yawRad: round(r.basePose.yawRad),
    ...(r.liftHeightM === undefined ? {} : { liftHeightM: round(r.liftHeightM) }),
  })),
);
