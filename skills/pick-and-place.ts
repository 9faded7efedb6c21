import { z } from 'zod';
import { fallback } from '../src/graph/fallback.ts';
import { sequence } from '../src/graph/sequence.ts';
import { whileHolding } from './force/slip-watch.ts';
import { GraspInput } from './grasp.ts';
import { defineComposite } from '../src/skill/define-composite.ts';
import { goWithinReach, setLiftFor } from './reach/reach-skills.ts';
import { stowForCarry } from './reach/stow-for-carry.ts';
import { pick } from './pick.ts';
import { place, PlaceInput } from './place.ts';
import { PlaceTargetInput } from './placing/place-target.ts';

/** Input of `pickAndPlace`. */
export const PickAndPlaceInput = z.strictObject({
  object: z.string().min(1),
  target: PlaceTargetInput,
  effector: GraspInput.shape.effector,
  /** When `auto`/`gripper` fails to pick, try suction too (a fallback node). */
  fallbackToSuction: z.boolean().default(true),
  toleranceM: PlaceInput.shape.toleranceM,
});

/**
 * Picks an object and places it at a target: `pick` (with a `fallback` to suction when the first effector fails),
 * then, watched for slips, stow the arm (and fold in the idle ones), drive within reach of the target and set the
 * lift, then `place`.
 * Cancelling halts whichever node runs: the base and arm stop, and whatever is held stays held.
 *
 * @example
 * runSkill(pickAndPlace({ object: 'can-1', target: 'aisle-a/level-3/slot-6' }), ctx)
 */
export const pickAndPlace = defineComposite({
  name: 'pickAndPlace',
  description: 'pick an object (fallback to suction) and place it at a target, watching for slips while carrying',
  input: PickAndPlaceInput,
  build: (input) => {
    const first = pick({ object: input.object, effector: input.effector });
    const pickNode =
      input.fallbackToSuction && input.effector !== 'suction'
        ? fallback({ name: 'pick-any' }, first, pick({ object: input.object, effector: 'suction' }))
        : first;
    const placeGoal = { kind: 'place', object: input.object, target: input.target } as const;
    return sequence(
      { name: 'pick-and-place' },
      pickNode,
      whileHolding(
        input.object,
        sequence(
          { name: 'carry' },
          stowForCarry({ object: input.object }),
          goWithinReach(placeGoal),
          setLiftFor(placeGoal),
        ),
      ),
      place({ object: input.object, target: input.target, toleranceM: input.toleranceM }),
    );
  },
});
