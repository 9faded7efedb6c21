import { defer, isObservable, of, take, throwIfEmpty, mergeMap, type Observable } from 'rxjs';
import type { SkillContext } from '../skill/context.ts';
import { SkillFailure } from '../skill/failure.ts';
import { runChild } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import { nodeName, type NodeOptions } from './node-options.ts';
import { runInTurn } from './run-in-turn.ts';

/**
 * Resolves `items` when the node starts (run time, so it sees the world as it is then), then runs
 * `body(item, index)` for each item in turn as child number `index`; fails with the first failure. Each item's
 * run is halted (its teardown ran) before the next starts; `body` is called only when its item's turn comes, so
 * nothing of a finished item is kept. An items Observable gives its first list. Its static `children` is empty:
 * they exist only at run time.
 *
 * @example
 * forEach({ name: 'restock' }, (ctx) => ctx.world.objects().filter((o) => o.tags.includes('misplaced')),
 *   (object) => sequence(pick({ object: object.id }), place({ object: object.id, target: 'slot-a3' })))
 */
export function forEach<T>(
  options: NodeOptions,
  items: (ctx: SkillContext) => readonly T[] | Observable<readonly T[]>,
  body: (item: T, index: number) => Skill,
): Skill {
  return {
    kind: 'forEach',
    name: nodeName(options, 'forEach'),
    children: [],
    start: (ctx) =>
      defer(() => {
        const resolved = items(ctx);
        const list$ = isObservable(resolved)
          ? resolved.pipe(
              take(1),
              throwIfEmpty(() => noItems()),
            )
          : of(resolved);
        return list$.pipe(
          mergeMap((list) =>
            runInTurn((i, previous) => {
              if (previous instanceof SkillFailure) return previous;
              return i < list.length ? runChild(body(list[i] as T, i), ctx, i) : 'done';
            }),
          ),
        );
      }),
  };
}

function noItems(): SkillFailure {
  return new SkillFailure('precondition-failed', 'items source completed without a list');
}
