import { defer, EMPTY, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { planThenExecute } from '../../skills/pick-and-place.ts';
import { fromObservable } from '../../src/graph/from-observable.ts';
import { makePose, type Pose } from '../../src/math/pose.ts';
import { Blackboard } from '../../src/skill/blackboard.ts';
import type { ContextBase } from '../../src/skill/context.ts';
import type { SkillProgress } from '../../src/skill/events.ts';
import { SkillFailure, toSkillFailure, type FailureReason } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import type { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { leafRunContext } from '../helpers/graph-test-kit.ts';

// The re-plan loop of pickAndPlace with its plan and its stages replaced by leaves that do to the world what a
// planner refusal, a failed stage, a slip or a knock would do: the planner and the robot are tested elsewhere
// (pick-and-place tests, the demo); here the loop's decisions are counted exactly.

const object = (id: string, x: number): KnownObject => ({
  id,
  shape: { kind: 'cylinder', radiusM: 0.033, heightM: 0.12 },
  poseInWorld: makePose([x, 0, 0.46]),
  massKg: 0.35,
  friction: 0.5,
  tags: [],
});

interface Bench {
  readonly world: InMemoryWorldModel;
  readonly ctx: ContextBase;
  plans: number;
  stages: number;
}

/** A world with the can to move and a neighbour; `tracking` gives the context an object-tracking service. */
function bench(tracking = true): Bench {
  const world = new InMemoryWorldModel([object('can-1', 0.5), object('can-2', 0.6)]);
  const poses = (): Map<string, Pose> => new Map(world.objects().map((o) => [o.id, o.poseInWorld]));
  const ctx: ContextBase = {
    ...leafRunContext(new Blackboard()),
    world,
    services: tracking ? { objectTracking: { poses } } : {},
  };
  return { world, ctx, plans: 0, stages: 0 };
}

/** A plan leaf that counts its runs and fails with `refusal` when given. */
function planLeaf(b: Bench, refusal?: FailureReason): Skill {
  return fromObservable('planPickAndPlace', () =>
    defer(() => {
      b.plans += 1;
      return refusal ? throwError(() => new SkillFailure(refusal, 'no feasible pick-and-place')) : EMPTY;
    }),
  );
}

/** Stage leaves: the n-th run does `runs[n]` to the world (the last again once used up), then fails or succeeds. */
function stagesLeaf(b: Bench, ...runs: ((world: InMemoryWorldModel) => FailureReason | undefined)[]): Skill {
  return fromObservable('stages', () =>
    defer(() => {
      const run = runs[Math.min(b.stages, runs.length - 1)]!;
      b.stages += 1;
      const reason = run(b.world);
      return reason ? throwError(() => new SkillFailure(reason, `stage failed: ${reason}`)) : EMPTY;
    }),
  );
}

function run(b: Bench, root: Skill): { failure?: SkillFailure; events: SkillProgress[] } {
  const events: SkillProgress[] = [];
  const result: { failure?: SkillFailure; events: SkillProgress[] } = { events };
  let done = false;
  runSkill(root, b.ctx).subscribe({
    next: (e) => events.push(e),
    error: (e: unknown) => ((result.failure = toSkillFailure(e)), (done = true)),
    complete: () => (done = true),
  });
  (b.ctx.scheduler as SimScheduler).runUntil(() => done, 60_000);
  expect(done).toBe(true);
  return result;
}

const move = (world: InMemoryWorldModel, id: string, dxM: number): void =>
  world.updateObjectPose(
    id,
    makePose(
      world
        .object(id)!
        .poseInWorld.position.clone()
        .setX(0.5 + dxM),
    ),
  );

describe('pickAndPlace re-plan loop (counted plans)', () => {
  it('a planner refusal fails at once with its reason: one plan, no stage', () => {
    const b = bench();
    const { failure } = run(
      b,
      planThenExecute(
        3,
        'can-1',
        planLeaf(b, 'unreachable'),
        stagesLeaf(b, () => undefined),
      ),
    );
    expect(failure?.reason).toBe('unreachable');
    expect(failure?.message).toContain('no feasible pick-and-place');
    expect([b.plans, b.stages]).toEqual([1, 0]);
  });

  it('a stage that fails without changing the object fails at once: one plan, marked not worth re-planning', () => {
    const b = bench();
    const { failure } = run(
      b,
      planThenExecute(
        3,
        'can-1',
        planLeaf(b),
        stagesLeaf(b, () => 'unreachable'),
      ),
    );
    expect(failure?.reason).toBe('unreachable');
    expect(failure?.detail['replan']).toBe(false);
    expect([b.plans, b.stages]).toEqual([1, 1]);
  });

  it('a stage that moved the object re-plans from there, up to the attempts', () => {
    const b = bench();
    let shift = 0;
    const nudge = (world: InMemoryWorldModel): FailureReason => (move(world, 'can-1', (shift += 0.03)), 'missed');
    const { failure } = run(b, planThenExecute(3, 'can-1', planLeaf(b), stagesLeaf(b, nudge)));
    expect(failure?.reason).toBe('missed');
    expect(failure?.detail['replan']).toBe('the object moved 3.0 cm');
    expect(failure?.detail['attempts']).toBe(3);
    expect([b.plans, b.stages]).toEqual([3, 3]);
  });

  it('a slip re-plans once and the second plan succeeds', () => {
    const b = bench();
    const { failure } = run(
      b,
      planThenExecute(
        3,
        'can-1',
        planLeaf(b),
        stagesLeaf(
          b,
          () => 'slipped',
          () => undefined,
        ),
      ),
    );
    expect(failure).toBeUndefined();
    expect([b.plans, b.stages]).toEqual([2, 2]);
  });

  it('a move of an object nudged less than the threshold is no change: one plan', () => {
    const b = bench();
    const { failure } = run(
      b,
      planThenExecute(
        3,
        'can-1',
        planLeaf(b),
        stagesLeaf(b, (w) => (move(w, 'can-1', 0.004), 'missed')),
      ),
    );
    expect(failure?.detail['replan']).toBe(false);
    expect(b.plans).toBe(1);
  });
});

describe('nothing else moves (executePlan)', () => {
  it('a knocked neighbour fails the succeeded stages with collision, naming it and how far it moved', () => {
    const b = bench();
    const knock = (world: InMemoryWorldModel): undefined => {
      move(world, 'can-1', 0.3); // the object itself moves: allowed
      world.updateObjectPose('can-2', makePose([0.72, 0.05, 0.46]));
      return undefined;
    };
    const { failure, events } = run(b, planThenExecute(3, 'can-1', planLeaf(b), stagesLeaf(b, knock)));
    expect(failure?.reason).toBe('collision');
    expect(failure?.message).toBe('knocked other objects: can-2 moved 13.0 cm, turned 0°');
    expect(failure?.path).toBe('re-plan/pick-and-place/execute');
    expect(b.plans).toBe(1);
    const collateral = events.find((e) => e.message === 'collateral');
    expect(collateral?.data?.['collateral']).toEqual([
      { objectId: 'can-2', movedM: expect.closeTo(0.13, 6) as number, turnedRad: 0 },
    ]);
  });

  it('a failed stage keeps its reason and carries the knocked objects in its detail', () => {
    const b = bench();
    const knockAndFail = (world: InMemoryWorldModel): FailureReason => {
      world.updateObjectPose('can-2', makePose([0.6, 0.25, 0.46]));
      return 'blocked';
    };
    const { failure } = run(b, planThenExecute(3, 'can-1', planLeaf(b), stagesLeaf(b, knockAndFail)));
    expect(failure?.reason).toBe('blocked');
    expect(failure?.detail['collateral']).toMatchObject([{ objectId: 'can-2' }]);
    // Its message names what moved and how far, after the stage's own.
    expect(failure?.message).toMatch(/; knocked other objects: can-2 moved \d+\.\d cm, turned \d+°$/);
  });

  it('a backend without object tracking skips the check', () => {
    const b = bench(false);
    const knock = (world: InMemoryWorldModel): undefined => {
      world.updateObjectPose('can-2', makePose([0.72, 0.05, 0.46]));
      return undefined;
    };
    const { failure, events } = run(b, planThenExecute(3, 'can-1', planLeaf(b), stagesLeaf(b, knock)));
    expect(failure).toBeUndefined();
    expect(events.some((e) => e.message === 'collateral')).toBe(false);
  });
});
