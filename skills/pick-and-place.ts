import { z } from 'zod';
import { retry } from '../src/graph/retry.ts';
import { sequence } from '../src/graph/sequence.ts';
import type { Skill } from '../src/skill/skill.ts';
import type { FailureReason, SkillFailure } from '../src/skill/failure.ts';
import { executePlan, REPLAN_DETAIL } from './watch/execute-plan.ts';
import { whileHolding } from './force/slip-watch.ts';
import { grasp, GraspInput } from './grasp.ts';
import { defineComposite } from '../src/skill/define-composite.ts';
import { goWithinReach, setLiftFor } from './reach/reach-skills.ts';
import { readyAbove } from './reach/ready-above.ts';
import { dockForPick } from './reach/dock-for-pick.ts';
import { dockForPlace } from './reach/dock-for-place.ts';
import { stowForCarry } from './reach/stow-for-carry.ts';
import { place, PlaceInput } from './place.ts';
import { PlaceTargetInput } from './placing/place-target.ts';
import { planPickAndPlace } from './plan-pick-and-place.ts';

/** Input of `pickAndPlace`. */
export const PickAndPlaceInput = z.strictObject({
  object: z.string().min(1),
  target: PlaceTargetInput,
  effector: GraspInput.shape.effector,
  /** With `gripper`, let the plan use the suction cup too when that is the only (or much the cheaper) chain. */
  fallbackToSuction: z.boolean().default(true),
  toleranceM: PlaceInput.shape.toleranceM,
  /**
   * Plans tried in all: after a stage fails on the robot in a way that changed the object's state (a slip, a
   * missed place, the object moved), plan again from there. A failure that left the state as planned fails at once.
   */
  attempts: z.number().int().positive().default(3),
});

/**
 * Failures another plan can get past, when execution changed the state the plan started from (`executePlan`'s
 * `replan` detail); a refusal of the planner, a failure that changed nothing, a knocked product, bugs, bad input
 * and cancellation pass through at once.
 */
const REPLAN_ON: readonly FailureReason[] = ['unreachable', 'missed', 'slipped', 'no-path', 'blocked', 'collision'];

/** Whether a failed try of the plan-then-execute sequence is worth a plan from the present state. */
export function worthReplanning(failure: SkillFailure): boolean {
  return REPLAN_ON.includes(failure.reason) && typeof failure.detail[REPLAN_DETAIL] === 'string';
}

/**
 * Picks an object and places it at a target, planned as one problem before the robot moves: `planPickAndPlace`
 * chooses the grasp, the stand-offs, the carry posture and the place approach together, and the stages follow that
 * plan — drive to the pick stand-off (arms stowed), set the lift, re-dock when the base stopped where the planned
 * pick is out of reach (`dockForPick`), grasp through the planned pick motion, then,
 * watched for slips, draw the load into its carry posture, drive to the place stand-off, set the lift, re-dock when
 * the planned place fails from where the base stopped with the load as held now (`dockForPlace`), and place.
 * When a stage fails on the robot and changed the object's state, a `retry` plans again from the state the robot
 * is in (the object still held, or fallen) instead of replaying a stale plan; a refusal, or a failure from an
 * unchanged state, fails at once with its reason. Knocking any other object is a `collision` failure naming what
 * moved and how far (`executePlan`). Cancelling halts whichever node runs: the base and arm stop, and whatever is
 * held stays held.
 *
 * @example
 * runSkill(pickAndPlace({ object: 'can-1', target: 'aisle-a/level-3/slot-6' }), ctx)
 */
export const pickAndPlace = defineComposite({
  name: 'pickAndPlace',
  description: 'plan grasp, stand-offs, carry and place together, then pick, carry and place; re-plan on failure',
  input: PickAndPlaceInput,
  build: (input) => {
    const effector = input.effector === 'gripper' && input.fallbackToSuction ? 'auto' : input.effector;
    const { object, target } = input;
    const graspGoal = { kind: 'grasp', object, effector } as const;
    const placeGoal = { kind: 'place', object, target } as const;
    return planThenExecute(
      input.attempts,
      object,
      planPickAndPlace({ object, target, effector }),
      sequence(
        { name: 'stages' },
        sequence(
          { name: 'pick' },
          goWithinReach(graspGoal),
          setLiftFor(graspGoal),
          dockForPick({ object }),
          readyAbove({ object, effector }),
          grasp({ object, effector }),
        ),
        whileHolding(
          object,
          sequence(
            { name: 'carry' },
            stowForCarry({ object }),
            goWithinReach(placeGoal),
            setLiftFor(placeGoal),
            dockForPlace({ object, target }),
          ),
        ),
        place({ object, target, toleranceM: input.toleranceM }),
      ),
    );
  },
});

/**
 * The re-plan loop of `pickAndPlace`: `plan`, then `stages` under `executePlan` (nothing else may move; failures
 * say whether they changed the object's state), tried up to `attempts` times in all, again only after a failure
 * that changed the state (`worthReplanning`).
 *
 * @example
 * planThenExecute(3, 'can-1', planPickAndPlace({ object: 'can-1', target, effector: 'auto' }), stages)
 */
export function planThenExecute(attempts: number, objectId: string, plan: Skill, stages: Skill): Skill {
  return retry(
    { name: 're-plan', attempts, when: worthReplanning },
    sequence({ name: 'pick-and-place' }, plan, executePlan(objectId, stages)),
  );
}
