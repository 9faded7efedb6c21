import { EMPTY, defer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { KpiTracker } from '../../apps/restock/kpis.ts';
import { logLine } from '../../apps/restock/event-lines.ts';
import { summaryText } from '../../apps/restock/summary.ts';
import { RESTOCK_RETRY_REASONS } from '../../skills/restock.ts';
import { SET_ASIDE_MS, clearFailures, isSetAside, notingFailure } from '../../skills/restock/set-aside.ts';
import { skipFacing } from '../../skills/restock/skip-facing.ts';
import { isCoolingDown } from '../../skills/restock/memory.ts';
import { fail } from '../../src/graph/fail.ts';
import { fallback } from '../../src/graph/fallback.ts';
import { fromObservable } from '../../src/graph/from-observable.ts';
import { retry } from '../../src/graph/retry.ts';
import { sequence } from '../../src/graph/sequence.ts';
import { succeed } from '../../src/graph/succeed.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { testContext } from '../helpers/graph-test-kit.ts';

// The restock graph's facing node (`restockFacing`: tries, then a skip) around a try that fails as the soak's did:
// seed 1 tried the same juice carton into aisle-a/level-1/slot-5/facing-2 45 times, each 'unreachable', one
// skip (ten minutes' rest) after another, for hours.
const FACING = 'aisle-a/level-1/slot-5/facing-2';
const UNREACHABLE = "arm right cannot reach 'aisle-a/level-1/slot-5/facing-2' holding 'stock/juice-carton-1l-232'";

function facingNode(tryNode: Skill): Skill {
  return fallback(
    { name: 'facing' },
    retry(
      { name: 'attempts', attempts: 2, backoffMs: 1000, when: (f) => RESTOCK_RETRY_REASONS.includes(f.reason) },
      notingFailure(FACING, 'restock-item', tryNode),
    ),
    skipFacing({ facing: FACING, cooldownMs: 600_000 }),
  );
}

/** Runs the facing node `rounds` times, ten minutes and a second apart (as its cool-down lets a round try it). */
function rounds(tryNode: () => Skill, count: number) {
  const scheduler = new SimScheduler();
  const bus = new TelemetryBus(() => 0);
  const events: TelemetryEvent[] = [];
  bus.events$.subscribe((e) => events.push(e));
  const kpis = new KpiTracker();
  bus.events$.subscribe((e) => kpis.apply(e));
  const ctx = testContext(scheduler, bus);
  for (let i = 0; i < count; i++) {
    runSkill(facingNode(tryNode()), ctx).subscribe();
    scheduler.advanceBy(601_000);
  }
  const progress = events.filter((e) => e.kind === 'progress' && e.data?.['skipped'] !== undefined);
  return { ctx, scheduler, events, progress, kpis };
}

describe('a facing that fails the same way skip after skip is set aside, reported once', () => {
  it('skips twice with the usual cool-down, then sets the facing aside for hours with the reason, once', () => {
    const run = rounds(() => fail('unreachable', UNREACHABLE), 6);
    const flags = run.progress.map((e) => Object.keys(e.data!).find((k) => k === 'setAside' || k === 'stillSetAside'));
    // Rounds 1–2: skipped; round 3 (the third skip in a row): set aside; rounds 4–5: skipped again (a new row after
    // the set-aside would come only once it ended; here the clock runs on regardless); round 6: set aside again.
    expect(flags).toEqual([undefined, undefined, 'setAside', undefined, undefined, 'stillSetAside']);
    const aside = run.progress[2]!;
    expect(aside.message).toContain(`cannot restock ${FACING} for now: 3 skips in a row, each try failing unreachable`);
    expect(aside.message).toContain(UNREACHABLE);
    expect(aside.data).toMatchObject({ setAside: FACING, reason: 'unreachable', cooldownMs: SET_ASIDE_MS });
    expect(logLine(aside)?.text).toMatch(/^SET ASIDE: cannot restock/);
    expect(run.kpis.snapshot()).toMatchObject({ setAside: 1, skipped: 6, attempts: 0 });
    expect(summaryText(run.kpis.snapshot(), 1, 'done')).toContain('SET ASIDE            1 facing(s)');
    const now = run.scheduler.now();
    expect(isSetAside(run.ctx.world, FACING, now)).toBe(true);
    expect(isSetAside(run.ctx.world, FACING, now + SET_ASIDE_MS)).toBe(false);
    expect(isCoolingDown(run.ctx.world, FACING, now)).toBe(false);
  });

  it('does not set aside a facing whose skips failed in different ways, or one restocked in between', () => {
    let n = 0;
    const reasons = ['unreachable', 'missed', 'unreachable', 'missed'] as const;
    const mixed = rounds(() => fail(reasons[n++ % reasons.length]!, 'failed'), 4);
    expect(mixed.progress.some((e) => e.data?.['setAside'] !== undefined)).toBe(false);
    let m = 0;
    // Two failed rounds, then a restock (a try that succeeds, as `verifyFacing` clears the row), then two more.
    const tries = (): Skill =>
      m++ === 2 ? sequence(succeed({ name: 'restocked' }), clearing()) : fail('unreachable', UNREACHABLE);
    const broken = rounds(tries, 5);
    expect(broken.progress.some((e) => e.data?.['setAside'] !== undefined)).toBe(false);
  });
});

/** A leaf that ends a facing's row of failed skips, as a verified restock does. */
function clearing(): Skill {
  return fromObservable('clear', (ctx) =>
    defer(() => {
      clearFailures(ctx.world, FACING);
      return EMPTY;
    }),
  );
}
