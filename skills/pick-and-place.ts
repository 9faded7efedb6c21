import { z } from 'zod';
import { retry } from '../src/graph/retry.ts';
import { sequence } from '../src/graph/sequence.ts';
import type { FailureReason } from '../src/skill/failure.ts';
import { whileHolding } from './force/slip-watch.ts';
import { grasp, GraspInput } from './grasp.ts';
import { defineComposite } from '../src/skill/define-composite.ts';
import { goWithinReach, setLiftFor } from './reach/reach-skills.ts';
import { readyAbove } from './reach/ready-above.ts';
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
  /** Plans tried in all: after a stage fails on the robot (a slip, a missed place), plan again from there. */
  attempts: z.number().int().positive().default(3),
});

/** Failures another plan from the present state can get past; bugs, bad input and cancellation pass through. */
const REPLAN_ON: readonly FailureReason[] = ['unreachable', 'missed', 'slipped', 'no-path', 'blocked', 'collision'];

/**
 * Picks an object and places it at a target, planned as one problem before the robot moves: `planPickAndPlace`
 * chooses the grasp, the stand-offs, the carry posture and the place approach together, and the stages follow that
 * plan — drive to the pick stand-off (arms stowed) and set the lift, grasp through the planned pick motion, then,
 * watched for slips, draw the load into its carry posture, drive to the place stand-off, set the lift and place.
 * When a stage fails on the robot, a `retry` plans again from the state the robot is in (the object still held, or
 * fallen) instead of replaying a stale plan. Cancelling halts whichever node runs: the base and arm stop, and
 * whatever is held stays held.
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
    return retry(
      { name: 're-plan', attempts: input.attempts, when: (failure) => REPLAN_ON.includes(failure.reason) },
      sequence(
        { name: 'pick-and-place' },
        planPickAndPlace({ object, target, effector }),
        sequence(
          { name: 'pick' },
          goWithinReach(graspGoal),
          setLiftFor(graspGoal),
          readyAbove({ object, effector }),
          grasp({ object, effector }),
        ),
        whileHolding(
          object,
          sequence({ name: 'carry' }, stowForCarry({ object }), goWithinReach(placeGoal), setLiftFor(placeGoal)),
        ),
        place({ object, target, toleranceM: input.toleranceM }),
      ),
    );
  },
});
