import { throwError } from 'rxjs';
import { SkillFailure, type FailureReason } from '../skill/failure.ts';
import type { Skill } from '../skill/skill.ts';

/**
 * A leaf that fails at once with `reason` and `message`: the always-fail double of behaviour-tree tests, or an
 * explicit dead end in a task file. Each run raises a fresh failure, so the runner stamps this node's path on it.
 *
 * @example
 * fallback(graspTop({ object: 'can-1' }), fail('no-grasp', 'no grasp left to try'))
 */
export function fail(reason: FailureReason, message: string): Skill {
  return {
    kind: 'fail',
    name: 'fail',
    children: [],
    params: { reason, message },
    start: () => throwError(() => new SkillFailure(reason, message)),
  };
}
