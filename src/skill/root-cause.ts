import type { SkillFailure } from './failure.ts';

/**
 * The deepest failure under a failure: the one a person has to fix. A composite failure names its children's
 * failures as `causes`; follow them down. A fallback that failed throughout (`all-failed`) leads with its first
 * child's failure, the branch that was meant to work; any other composite with the last cause, the one that ended
 * it.
 *
 * @example
 * rootCause(failure).describe() // "no-grasp at pick-any/pick-gripper/grasp: no grasp fits can-1 with the gripper"
 */
export function rootCause(failure: SkillFailure): SkillFailure {
  let cause = failure;
  while (cause.causes.length > 0) {
    const next = cause.reason === 'all-failed' ? cause.causes[0] : cause.causes[cause.causes.length - 1];
    if (next === undefined) break;
    cause = next;
  }
  return cause;
}
