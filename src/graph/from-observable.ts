import { defer, map, type Observable } from 'rxjs';
import type { SkillContext } from '../skill/context.ts';
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
    start: (ctx) =>
      defer(() => factory(ctx)).pipe(
        map((value): SkillProgress => ({ ...toProgressUpdate(value), nodeId: ctx.node.id, path: ctx.node.path })),
      ),
  };
}

function toProgressUpdate(value: unknown): ProgressUpdate {
  if (typeof value === 'string') return { message: value };
  if (isProgressUpdate(value)) {
    const { message, fraction, data } = value;
    return { message, ...(fraction === undefined ? {} : { fraction }), ...(data === undefined ? {} : { data }) };
  }
  return { message: 'value', data: { value } };
}

function isProgressUpdate(value: unknown): value is ProgressUpdate {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}
