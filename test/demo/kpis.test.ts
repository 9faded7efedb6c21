import { describe, expect, it } from 'vitest';
import { KpiStateSchema, MAX_SERIES } from '../../apps/restock/kpi-state.ts';
import { FAILURE_EXAMPLES, KpiTracker } from '../../apps/restock/kpis.ts';
import { summaryText } from '../../apps/restock/summary.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';

/** Events of one try under a `stock-item` node, as the restock graph reports them. */
class Events {
  private seq = 0;
  readonly list: TelemetryEvent[] = [];

  emit(e: Omit<TelemetryEvent, 'seq' | 'wallTimeMs' | 'nodeKind' | 'path'> & { path?: string }): void {
    this.list.push({ seq: this.seq++, wallTimeMs: 0, nodeKind: e.name, path: e.path ?? e.name, ...e });
  }

  attempt(
    id: string,
    t: number,
    outcome: { ok: true; errorM: number } | { ok: false; reason: string; at: string },
  ): void {
    const base = `r/stock-item/${id}`;
    this.emit({ kind: 'start', nodeId: 's', name: 'stock-item', path: 'r/stock-item', simTimeMs: t });
    this.emit({ kind: 'start', nodeId: `s/${id}`, parentId: 's', name: id, path: base, simTimeMs: t });
    if (outcome.ok) {
      this.emit({
        kind: 'progress',
        nodeId: `s/${id}/1`,
        parentId: `s/${id}`,
        name: 'verifyFacing',
        path: `${base}/verify`,
        simTimeMs: t + 50_000,
        data: { restocked: 'jar', facing: 'f', placementErrorM: outcome.errorM },
      });
      this.emit({ kind: 'succeeded', nodeId: `s/${id}`, parentId: 's', name: id, path: base, simTimeMs: t + 50_000 });
      return;
    }
    const failure = { reason: outcome.reason as 'missed', message: 'it went wrong', path: `${base}/${outcome.at}` };
    this.emit({
      kind: 'failed',
      nodeId: `s/${id}/0/0`,
      name: outcome.at,
      path: `${base}/${outcome.at}`,
      simTimeMs: t + 9000,
      failure,
    });
    // The parents report the same failure; a fallback above turns it into all-failed.
    this.emit({
      kind: 'failed',
      nodeId: `s/${id}`,
      parentId: 's',
      name: id,
      path: base,
      simTimeMs: t + 9000,
      failure: { reason: 'all-failed', message: 'both failed', path: base },
    });
  }
}

describe('KpiTracker (restocking KPIs from telemetry)', () => {
  it('counts knocked products, and a try that knocked one as a collision even when its item was restocked', () => {
    const events = new Events();
    events.emit({ kind: 'start', nodeId: 's', name: 'stock-item', path: 'r/stock-item', simTimeMs: 0 });
    events.emit({ kind: 'start', nodeId: 's/a', parentId: 's', name: 'a', path: 'r/stock-item/a', simTimeMs: 0 });
    events.emit({
      kind: 'progress',
      nodeId: 's/a/0',
      name: 'execute',
      path: 'r/stock-item/a/placed/re-plan/pick-and-place/execute',
      simTimeMs: 30_000,
      message: 'collateral',
      data: {
        collateral: [
          { objectId: 'can-7', movedM: 0.12, turnedRad: 1.5 },
          { objectId: 'jar-2', movedM: 0.03 },
        ],
      },
    });
    events.emit({
      kind: 'succeeded',
      nodeId: 's/a',
      parentId: 's',
      name: 'a',
      path: 'r/stock-item/a',
      simTimeMs: 50_000,
    });
    events.attempt('b', 60_000, { ok: true, errorM: 0.002 });
    const kpis = new KpiTracker();
    events.list.forEach((e) => kpis.apply(e));
    const k = kpis.snapshot();
    expect(k).toMatchObject({ attempts: 2, succeeded: 1, collateralMoves: 2 });
    expect(k.failuresByReason.get('collision')).toEqual({
      count: 1,
      recent: [
        { sku: 'a', atMs: 50_000, message: 'knocked can-7 moved 12.0 cm, turned 86°; jar-2 moved 3.0 cm, turned 0°' },
      ],
    });
  });

  it('counts tries, successes, restocks per sim hour and the reason where each failed try began', () => {
    const events = new Events();
    events.attempt('a', 0, { ok: true, errorM: 0.004 });
    events.attempt('b', 60_000, { ok: false, reason: 'slipped', at: 'grasp' });
    events.attempt('c', 120_000, { ok: true, errorM: 0.012 });
    events.attempt('d', 1_800_000, { ok: true, errorM: 0.008 });
    const kpis = new KpiTracker();
    for (const e of events.list) kpis.apply(e);
    const k = kpis.snapshot();
    expect(k).toMatchObject({ attempts: 4, succeeded: 3, restocked: 3 });
    expect(k.successRate).toBeCloseTo(0.75, 9);
    expect([...k.failuresByReason]).toEqual([
      ['slipped', { count: 1, recent: [{ sku: 'b', atMs: 69_000, message: 'it went wrong' }] }],
    ]);
    // The try node is named after the product tried: failures by product, then by reason.
    expect([...k.failuresBySku].map(([sku, r]) => [sku, [...r]])).toEqual([['b', [['slipped', 1]]]]);
    // Three items over the 1850 s from the first event to the last.
    expect(k.itemsPerHour).toBeCloseTo(3 / (1_850_000 / 3_600_000), 6);
    expect(k.placementErrorM.mean).toBeCloseTo(0.008, 9);
    expect(k.placementErrorM.max).toBeCloseTo(0.012, 9);
    expect(k.placementErrorM.p95).toBeCloseTo(0.012, 9);
  });

  it('leaves a cancelled try out of the success rate', () => {
    const kpis = new KpiTracker();
    const e = { seq: 0, wallTimeMs: 0, simTimeMs: 0, path: 'r/stock-item', nodeKind: 'x' };
    kpis.apply({ ...e, kind: 'start', nodeId: 's', name: 'stock-item' });
    kpis.apply({ ...e, kind: 'start', nodeId: 's/0', parentId: 's', name: 'jar' });
    kpis.apply({ ...e, kind: 'cancelled', nodeId: 's/0', parentId: 's', name: 'jar' });
    expect(kpis.snapshot()).toMatchObject({ attempts: 0, successRate: undefined });
  });

  it('folds store events and keeps the compliance history bounded over a long run', () => {
    const kpis = new KpiTracker();
    const store = (simTimeMs: number, data: Record<string, unknown>): TelemetryEvent => ({
      seq: 0,
      wallTimeMs: 0,
      kind: 'progress',
      nodeId: 'store',
      path: 'store',
      nodeKind: 'store',
      name: 'store',
      simTimeMs,
      data: { store: data },
    });
    for (let i = 0; i < 5000; i++)
      kpis.apply(store(i * 60_000, { kind: 'compliance', compliance: (i % 10) / 10, emptyFacings: 1 }));
    kpis.apply(store(0, { kind: 'shopper', object: 'o', sku: 'jar', facing: 'f' }));
    kpis.apply(store(0, { kind: 'tote-refill', added: 4, removed: 0, skus: [] }));
    const k = kpis.snapshot();
    expect(k.complianceSeries.length).toBeLessThanOrEqual(MAX_SERIES);
    expect(k.complianceSeries.length).toBeGreaterThan(MAX_SERIES / 2);
    expect(k.complianceSeries[0]).toEqual([0, 0]);
    expect(k.compliance).toBe(0.9);
    expect(k).toMatchObject({ shopperTakes: 1, toteRefills: 1 });
  });
});

describe('KpiTracker: hands stuck', () => {
  it('counts each report of a hand nothing would free, and keeps the count across a checkpoint', () => {
    const events = new Events();
    const stuck = (t: number): void =>
      events.emit({
        kind: 'progress',
        nodeId: 'h',
        name: 'handStuck',
        simTimeMs: t,
        message: "arm right still holds 'can-1'",
        data: { handStuck: 'can-1', arm: 'right' },
      });
    stuck(1000);
    events.emit({ kind: 'progress', nodeId: 'h', name: 'handStuck', simTimeMs: 2000, message: 'hand free', data: {} });
    stuck(3000);
    const kpis = new KpiTracker();
    events.list.forEach((e) => kpis.apply(e));
    expect(kpis.snapshot().handsStuck).toBe(2);
    expect(KpiTracker.from(kpis.saveState()).snapshot().handsStuck).toBe(2);
    const { handsStuck: _, ...older } = kpis.saveState();
    expect(KpiTracker.from(KpiStateSchema.parse(older)).snapshot().handsStuck).toBe(0);
  });
});

describe('KpiTracker: failed tries by name', () => {
  it("keeps each reason's latest tries by product and time, across a checkpoint, and the summary lists them all", () => {
    // The 24 h soak printed "2 × unreachable" with only the later try's message: a coffee can at 5 h hid behind
    // the sauce jar at 22 h. Each failed try is named in the summary now.
    const events = new Events();
    events.attempt('coffee-can', 5 * 3_600_000, { ok: false, reason: 'unreachable', at: 'plan' });
    events.attempt('sauce-jar', 22 * 3_600_000, { ok: false, reason: 'unreachable', at: 'plan' });
    const kpis = new KpiTracker();
    events.list.forEach((e) => kpis.apply(e));
    const resumed = KpiTracker.from(KpiStateSchema.parse(JSON.parse(JSON.stringify(kpis.saveState()))));
    const f = resumed.snapshot().failuresByReason.get('unreachable');
    expect(f?.count).toBe(2);
    expect(f?.recent.map((e) => [e.sku, e.atMs])).toEqual([
      ['coffee-can', 5 * 3_600_000 + 9000],
      ['sauce-jar', 22 * 3_600_000 + 9000],
    ]);
    const text = summaryText(resumed.snapshot(), 60_000, 'done');
    expect(text).toContain('2 × unreachable\n');
    expect(text).toContain('at 5.00 h, coffee-can: it went wrong');
    expect(text).toContain('at 22.00 h, sauce-jar: it went wrong');
  });

  it('keeps only the latest few of a reason that fails often, and says so', () => {
    const events = new Events();
    const n = FAILURE_EXAMPLES + 3;
    for (let i = 0; i < n; i++) events.attempt(`item-${i}`, i * 60_000, { ok: false, reason: 'slipped', at: 'grasp' });
    const kpis = new KpiTracker();
    events.list.forEach((e) => kpis.apply(e));
    const f = kpis.snapshot().failuresByReason.get('slipped');
    expect(f?.count).toBe(n);
    expect(f?.recent.map((e) => e.sku)).toEqual(
      Array.from({ length: FAILURE_EXAMPLES }, (_, i) => `item-${n - FAILURE_EXAMPLES + i}`),
    );
    expect(summaryText(kpis.snapshot(), 1000, 'done')).toContain(`${n} × slipped (the last ${FAILURE_EXAMPLES})`);
  });

  it('reads a checkpoint written when only the last message was kept', () => {
    const kpis = new KpiTracker();
    const state = { ...kpis.saveState(), failures: { unreachable: { count: 2, lastMessage: 'no way in' } } };
    const f = KpiTracker.from(KpiStateSchema.parse(state)).snapshot().failuresByReason.get('unreachable');
    expect(f).toEqual({ count: 2, recent: [{ sku: '', atMs: 0, message: 'no way in' }] });
    expect(summaryText(KpiTracker.from(KpiStateSchema.parse(state)).snapshot(), 1000, 'done')).toContain(
      '(an earlier try) no way in',
    );
  });
});
