import { sequence } from '../src/graph/sequence.ts';
import { grasp, GraspInput } from './grasp.ts';
import { defineComposite } from '../src/skill/define-composite.ts';
import { goWithinReach, setLiftFor } from './reach/reach-skills.ts';
import { readyAbove } from './reach/ready-above.ts';

/** Input of `pick`: what `grasp` takes. */
export const PickInput = GraspInput;

/**
 * Picks an object up: drives the base to a stand-off within reach if needed (`navigate`, idle arms folded in),
 * sets the torso lift for the object's height, brings the hand to a ready pose above the
 * grasp (`readyAbove`), then grasps, verifies and lifts (`grasp`). A `sequence` of those nodes, so a trace shows
 * which step failed.
 *
 * @example
 * runSkill(pick({ object: 'can-1', effector: 'gripper' }), ctx)
 */
export const pick = defineComposite({
  name: 'pick',
  description: 'drive within reach, set the lift, grasp, verify and lift an object',
  input: PickInput,
  build: (input) => {
    const goal = { kind: 'grasp', object: input.object, effector: input.effector } as const;
    return sequence(
      { name: 'pick' },
      goWithinReach(goal),
      setLiftFor(goal),
      readyAbove({
        object: input.object,
        effector: input.effector,
        approachDistanceM: input.approachDistanceM,
        liftM: input.liftM,
      }),
      grasp(input),
    );
  },
});
