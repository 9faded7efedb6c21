import { EMPTY } from 'rxjs';
import type { Skill } from '../skill/skill.ts';
import { nodeName, type NodeOptions } from './node-options.ts';

/**
 * A leaf that succeeds at once: a placeholder branch, or the always-succeed double of behaviour-tree tests.
 *
 * @example
 * fallback(graspTop({ object: 'can-1' }), succeed({ name: 'skip-can' }))
 */
export function succeed(options?: NodeOptions): Skill {
  return { kind: 'succeed', name: nodeName(options, 'succeed'), children: [], start: () => EMPTY };
}
