import { defer, map, type Observable } from 'rxjs';
import type { NodeLocation, SkillContext } from '../skill/context.ts';
import type { ProgressUpdate, SkillProgress } from '../skill/events.ts';
import type { Skill } from '../skill/skill.ts';

/**
 * Wraps any Observable as a leaf skill: completion is success, an error is the failure (a foreign error becomes
 * `internal-error`), unsubscribing is cancel. Values become progress events: a `ProgressUpdate` as it is, a string
 * as its message, anything else as `{ message: 'value', data: { value } }`.
 *
 * @example
 * fromObservable('settle', (ctx) => timer(500, ctx.scheduler))
 */
export function fromObservable(name: string, factory: (ctx: SkillContext) => Observable<unknown>): Skill {
  return {
    kind: name,
    name,
    children: [],
    start: (ctx) => defer(() => factory(ctx)).pipe(map((value) => toProgress(value, ctx.node))),
  };
}

/** One progress object per value, built in one go: a leaf watching a 1 kHz stream emits a thousand a second. */
function toProgress(value: unknown, node: NodeLocation): SkillProgress {
  const { id: nodeId, path } = node;
  if (typeof value === 'string') return { message: value, nodeId, path };
  if (!isProgressUpdate(value)) return { message: 'value', data: { value }, nodeId, path };
  const { message, fraction, data } = value;
  if (fraction === undefined) return data === undefined ? { message, nodeId, path } : { message, data, nodeId, path };
  return data === undefined ? { message, fraction, nodeId, path } : { message, fraction, data, nodeId, path };
}

function isProgressUpdate(value: unknown): value is ProgressUpdate {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}
