import { defer, EMPTY, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { planThenExecute } from '../../skills/pick-and-place.ts';
import type { PickPlacePlan, RefusedPlace } from '../../skills/planning/pick-place-plan.ts';
import { PLAN, REFUSED_PLACES } from '../../skills/planning/plan-key.ts';
import { fromObservable } from '../../src/graph/from-observable.ts';
import { sequence } from '../../src/graph/sequence.ts';
import { Blackboard } from '../../src/skill/blackboard.ts';
import type { ContextBase } from '../../src/skill/context.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import type { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { leafRunContext } from '../helpers/graph-test-kit.ts';

// A place that fails `unreachable` at its planned stand-off (place-slid-load with the pad spin fix, before the
// planner checked the whole degree: the base docked 0.96° off) left the object as the plan found it, held, with the
// base where the plan put it: the re-plan from there chose the same stand-off, the cheapest drive, three times. The
// failed stand-off and lift are now kept for the re-plan, which skips them, and the failure is a reason to re-plan.
// The planner and the stages are leaves here: each plan is a stand-in whose place stand-off moves 5 cm per plan.

const TARGET = 'aisle-a/level-1/slot-6';

interface Bench {
  readonly ctx: ContextBase;
  readonly blackboard: Blackboard;
  /** The refused places each plan saw. */
  readonly seen: (readonly RefusedPlace[] | undefined)[];
}

function bench(): Bench {
  const blackboard = new Blackboard();
  return { ctx: leafRunContext(blackboard), blackboard, seen: [] };
}

function planLeaf(b: Bench): Skill {
  return fromObservable('planPickAndPlace', () =>
    defer(() => {
      b.seen.push(b.blackboard.get(REFUSED_PLACES.of('can-1')));
      const standOff = { basePose: { x: 0.05 * b.seen.length, y: -0.5, yawRad: 0 }, liftHeightM: 0, robust: true };
      b.blackboard.set(PLAN.of('can-1'), {
        objectId: 'can-1',
        targetName: TARGET,
        place: { standOff },
      } as unknown as PickPlacePlan);
      return EMPTY;
    }),
  );
}

/** The stages, whose `place` fails `reason` the first `failures` times. */
function stages(failures: number, reason: 'unreachable' | 'missed'): Skill {
  let runs = 0;
  const place = fromObservable('place', () =>
    defer(() => (++runs <= failures ? throwError(() => new SkillFailure(reason, 'no way in from here')) : EMPTY)),
  );
  return sequence(
    { name: 'stages' },
    fromObservable('pick', () => EMPTY),
    place,
  );
}

function run(b: Bench, skill: Skill): SkillFailure | undefined {
  let ended = false;
  let failure: SkillFailure | undefined;
  runSkill(skill, b.ctx).subscribe({
    error: (e: SkillFailure) => ((failure = e), (ended = true)),
    complete: () => (ended = true),
  });
  (b.ctx.scheduler as SimScheduler).runUntil(() => ended, 60_000);
  expect(ended).toBe(true);
  return failure;
}

describe('a place refused at its planned stand-off', () => {
  it('is re-planned without that stand-off and lift, and the list is cleared once a plan is executed', () => {
    const b = bench();
    expect(run(b, planThenExecute(3, 'can-1', planLeaf(b), stages(2, 'unreachable')))).toBeUndefined();
    expect(b.seen).toEqual([
      undefined,
      [{ target: TARGET, basePose: { x: 0.05, y: -0.5, yawRad: 0 }, liftHeightM: 0 }],
      [
        { target: TARGET, basePose: { x: 0.05, y: -0.5, yawRad: 0 }, liftHeightM: 0 },
        { target: TARGET, basePose: { x: 0.1, y: -0.5, yawRad: 0 }, liftHeightM: 0 },
      ],
    ]);
    expect(b.blackboard.keys().filter((k) => k.startsWith('refused-places/'))).toEqual([]);
  });

  it('records nothing for another failure of the place, which changed nothing: no re-plan', () => {
    const b = bench();
    expect(run(b, planThenExecute(3, 'can-1', planLeaf(b), stages(1, 'missed')))?.reason).toBe('missed');
    expect(b.seen).toEqual([undefined]);
  });
});
