import { ignoreElements, timer } from 'rxjs';
import type { Skill } from '../skill/skill.ts';
import { nodeName, requireValid, type NodeOptions } from './node-options.ts';

export type WaitOptions = NodeOptions & {
  /** How long to wait, in time of the context's scheduler. */
  readonly ms: number;
};

/**
 * A leaf that succeeds after `ms` of scheduler time (sim time in the sim, virtual time in tests).
 *
 * @example
 * sequence(openGripper({}), wait({ ms: 250 }), closeGripper({}))
 */
export function wait(options: WaitOptions): Skill {
  const { ms } = options;
  requireValid(Number.isFinite(ms) && ms >= 0, 'wait', 'ms must be a finite number ≥ 0', { ms });
  return {
    kind: 'wait',
    name: nodeName(options, 'wait'),
    children: [],
    params: { ms },
    start: (ctx) => timer(ms, ctx.scheduler).pipe(ignoreElements()),
  };
}
