import { Observable, Subscription } from 'rxjs';
import type { SkillProgress } from '../skill/events.ts';
import { SkillFailure, isFatal, toSkillFailure } from '../skill/failure.ts';
import { runChild } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import { nodeName, requireValid, type NodeOptions } from './node-options.ts';

/** When a parallel node is done: all children succeed, any one does, or at least `succeed` of them do. */
export type ParallelPolicy = 'all' | 'any' | { readonly succeed: number };

export type ParallelOptions = NodeOptions & { readonly policy: ParallelPolicy };

/**
 * Runs all children at once and decides by `policy` as soon as the outcome is certain; siblings still running
 * are then cancelled before the node settles. `all` fails with the first child failure as it is; `any` and
 * `{ succeed: n }` fail with `all-failed` (causes: the failures so far) once `n` successes are out of reach.
 * A fatal failure (`internal-error`, `invalid-input`) ends the node under every policy: the siblings are
 * halted and it passes through as it is.
 *
 * @example
 * parallel({ policy: 'all' }, moveBase({ to: 'shelf-a' }), moveArm({ to: 'stow' }))
 */
export function parallel(options: ParallelOptions, ...children: Skill[]): Skill;
export function parallel(options: ParallelOptions, children: readonly Skill[]): Skill;
export function parallel(options: ParallelOptions, ...args: (Skill | readonly Skill[])[]): Skill {
  // The array form is for very many children: spreading 100k arguments overflows the stack.
  const children = args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly Skill[]) : (args as Skill[]);
  const { policy } = options;
  const needed = policy === 'all' ? children.length : policy === 'any' ? 1 : policy.succeed;
  if (typeof policy === 'object') {
    const ok = Number.isInteger(needed) && needed >= 1 && needed <= children.length;
    requireValid(ok, 'parallel', `policy.succeed must be an integer in 1..${children.length}`, { policy });
  }
  return {
    kind: 'parallel',
    name: nodeName(options, 'parallel'),
    children,
    start: (ctx) =>
      new Observable<SkillProgress>((subscriber) => {
        const running = new Subscription();
        const failures: SkillFailure[] = [];
        let succeeded = 0;
        // Siblings are halted before the node reports, as a behaviour tree halts bottom-up.
        const settle = (finish: () => void): void => {
          running.unsubscribe();
          finish();
        };
        const onFailure = (failure: SkillFailure): void => {
          if (isFatal(failure)) return settle(() => subscriber.error(failure));
          failures.push(failure);
          if (children.length - failures.length >= needed) return;
          if (policy === 'all') settle(() => subscriber.error(failure));
          else settle(() => subscriber.error(unreachable(needed, succeeded, failures)));
        };
        if (needed === 0) subscriber.complete();
        if (children.length < needed) subscriber.error(unreachable(needed, 0, failures));
        children.forEach((child, i) => {
          if (subscriber.closed) return; // decided synchronously by an earlier child
          running.add(
            runChild(child, ctx, i).subscribe({
              next: (progress) => subscriber.next(progress),
              error: (error: unknown) => onFailure(toSkillFailure(error)),
              complete: () => {
                succeeded += 1;
                if (succeeded >= needed) settle(() => subscriber.complete());
              },
            }),
          );
        });
        return running;
      }),
  };
}

function unreachable(needed: number, succeeded: number, failures: readonly SkillFailure[]): SkillFailure {
  const message = `${failures.length} children failed, ${needed} successes needed are out of reach`;
  return new SkillFailure('all-failed', message, { causes: failures, detail: { needed, succeeded } });
}
