import { concat, defer, ignoreElements, timer, type Observable } from 'rxjs';
import type { ProgressUpdate } from './events.ts';
import type { SkillContext } from './context.ts';

/** One phase of a primitive: built lazily, when the previous phase finished, so it reads fresh state. */
export type Phase = () => Observable<ProgressUpdate>;

/** Runs phases one after another; the first failure fails the whole, unsubscribing halts the running phase. */
export function phases(...steps: Phase[]): Observable<ProgressUpdate> {
  return concat(...steps.map((step) => defer(step)));
}

/** A pause in scheduler time (settling after a motion before reading a sensor). */
export function settle(ctx: SkillContext, ms: number): Phase {
  return () => timer(ms, ctx.scheduler).pipe(ignoreElements());
}

/** A phase that only does something synchronous (a check, a bookkeeping step), optionally reporting it. */
export function act(fn: () => ProgressUpdate | void): Phase {
  return () =>
    defer(() => {
      const update = fn();
      return update ? [update] : [];
    });
}
