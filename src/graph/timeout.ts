import { Observable, type SchedulerAction } from 'rxjs';
import type { SkillProgress } from '../skill/events.ts';
import { SkillFailure } from '../skill/failure.ts';
import { runChild } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import { nodeName, requireValid, type NodeOptions } from './node-options.ts';

export type TimeoutOptions = NodeOptions & {
  /** Scheduler time the child gets, from the moment the node starts. */
  readonly ms: number;
};

/**
 * Fails with `timeout` and cancels the child when the child has not finished `ms` after the node started
 * (time of the context's scheduler).
 *
 * A tie goes to the child: a child whose last action is due exactly at the deadline succeeds, whenever that
 * action was scheduled (a `wait` of 50 ms after another of 50 ms under `timeout({ ms: 100 })`, a 100 ms arm move
 * whose last feedback tick was scheduled 10 ms before). At `ms` the deadline yields once to the scheduler at the
 * same instant (a 0 ms reschedule, which queues it behind every action already due then) and fails the node only
 * if the child is still running after that.
 *
 * @example
 * timeout({ ms: 5_000 }, moveBase({ to: 'shelf-a' }))
 */
export function timeout(options: TimeoutOptions, child: Skill): Skill {
  const { ms } = options;
  requireValid(Number.isFinite(ms) && ms >= 0, 'timeout', 'ms must be a finite number ≥ 0', { ms });
  return {
    kind: 'timeout',
    name: nodeName(options, 'timeout'),
    children: [child],
    start: (ctx) =>
      new Observable<SkillProgress>((subscriber) => {
        const run = runChild(child, ctx, 0).subscribe({
          next: (progress) => subscriber.next(progress),
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        });
        if (subscriber.closed) return undefined;
        const deadline = ctx.scheduler.schedule(
          function (this: SchedulerAction<boolean>, yielded) {
            if (!yielded) {
              this.schedule(true, 0); // let every action due at this instant run first: the child wins a tie
              return;
            }
            // Halt the child first, so its `cancelled` is reported before this node's `failed`.
            run.unsubscribe();
            const message = `${child.name} did not finish within ${ms} ms`;
            subscriber.error(new SkillFailure('timeout', message, { detail: { ms } }));
          },
          ms,
          false,
        );
        return () => {
          deadline.unsubscribe();
          run.unsubscribe();
        };
      }),
  };
}
