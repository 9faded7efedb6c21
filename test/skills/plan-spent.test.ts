import { defer, EMPTY, NEVER, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { planThenExecute } from '../../skills/pick-and-place.ts';
import type { PickPlacePlan } from '../../skills/planning/pick-place-plan.ts';
import { PLAN } from '../../skills/planning/plan-key.ts';
import { fromObservable } from '../../src/graph/from-observable.ts';
import { Blackboard } from '../../src/skill/blackboard.ts';
import type { ContextBase } from '../../src/skill/context.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import type { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { leafRunContext } from '../helpers/graph-test-kit.ts';

// A plan is executed once: when its stages end, `executePlan` leaves no `plan/<object>` behind, so a long run
// (the restocking soak) keeps no plan for every item it ever tried. The planner and the stages are leaves here: the
// plan leaf writes a stand-in plan as `planPickAndPlace` writes its own, the stages leaf reads it back.

interface Bench {
  readonly ctx: ContextBase;
  readonly blackboard: Blackboard;
  /** Whether the stages found the plan when they ran, each run. */
  readonly seen: boolean[];
}

function bench(): Bench {
  const blackboard = new Blackboard();
  return { ctx: leafRunContext(blackboard), blackboard, seen: [] };
}

function planLeaf(b: Bench, objectId: string): Skill {
  return fromObservable('planPickAndPlace', () =>
    defer(() => {
      b.blackboard.set(PLAN.of(objectId), { objectId } as unknown as PickPlacePlan);
      return EMPTY;
    }),
  );
}

function stagesLeaf(b: Bench, objectId: string, outcome: 'succeed' | 'fail' | 'hang'): Skill {
  return fromObservable('stages', () =>
    defer(() => {
      b.seen.push(b.blackboard.get(PLAN.of(objectId)) !== undefined);
      if (outcome === 'fail') return throwError(() => new SkillFailure('unreachable', 'stage failed'));
      return outcome === 'hang' ? NEVER : EMPTY;
    }),
  );
}

const planKeys = (b: Bench): string[] => b.blackboard.keys().filter((k) => k.startsWith('plan/'));

describe('executePlan clears the plan it executed', () => {
  it('after stages that succeeded, and after stages that failed: the stages saw the plan, none is left', () => {
    for (const outcome of ['succeed', 'fail'] as const) {
      const b = bench();
      let ended = false;
      runSkill(planThenExecute(3, 'can-1', planLeaf(b, 'can-1'), stagesLeaf(b, 'can-1', outcome)), b.ctx).subscribe({
        error: () => (ended = true),
        complete: () => (ended = true),
      });
      (b.ctx.scheduler as SimScheduler).runUntil(() => ended, 60_000);
      expect(ended).toBe(true);
      expect(b.seen).toEqual([true]);
      expect(planKeys(b)).toEqual([]);
    }
  });

  it('but not when the stages are cancelled (a stopped run keeps the plan it was executing, as it keeps its holds)', () => {
    const b = bench();
    const run = runSkill(planThenExecute(3, 'can-1', planLeaf(b, 'can-1'), stagesLeaf(b, 'can-1', 'hang')), b.ctx);
    const subscription = run.subscribe();
    expect(b.seen).toEqual([true]);
    subscription.unsubscribe();
    expect(planKeys(b)).toEqual(['plan/can-1']);
  });

  it('keeps the plans of other objects and every other key', () => {
    const b = bench();
    b.blackboard.set(PLAN.of('can-2'), { objectId: 'can-2' } as unknown as PickPlacePlan);
    let ended = false;
    runSkill(planThenExecute(3, 'can-1', planLeaf(b, 'can-1'), stagesLeaf(b, 'can-1', 'succeed')), b.ctx).subscribe({
      complete: () => (ended = true),
    });
    (b.ctx.scheduler as SimScheduler).runUntil(() => ended, 60_000);
    expect(planKeys(b)).toEqual(['plan/can-2']);
  });
});
