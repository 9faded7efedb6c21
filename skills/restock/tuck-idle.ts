import { defer } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { HELD } from '../arm/held-objects.ts';
import { tuckIdleArms$ } from '../reach/tuck-idle-arms.ts';

/** Input of `tuckIdle`: none. */
export const TuckIdleInput = z.strictObject({});

/**
 * Folds every empty arm into its `stow` posture before the robot idles (`tuckIdleArms$`: a swept joint move, backing
 * the hand out first where the direct fold is blocked). An idle hand left where its last place or put-back ended,
 * over the tote, keeps the staff from swapping the tote (they swap it only while the robot's hands are clear of it),
 * so waiting for work that a refill would bring waited for ever (demo seed 5 from 7:25).
 */
export const tuckIdle = defineSkill({
  name: 'tuckIdle',
  description: 'fold the empty arms in before idling',
  input: TuckIdleInput,
  // Which arms hold something (those stay as they are).
  ports: () => ({ optionalInputs: [HELD.all] }),
  run: (_input, ctx) => defer(() => tuckIdleArms$(ctx)),
});
