import { describe, expect, it } from 'vitest';
import { CheckpointSchema } from '../../apps/restock/checkpoint-schema.ts';
import { MAX_SERIES } from '../../apps/restock/kpi-state.ts';
import { KpiTracker } from '../../apps/restock/kpis.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';

/** A long run's telemetry in brief: per minute a compliance sample, every third minute a try (every other fails). */
function runEvents(minutes: number): TelemetryEvent[] {
  const out: TelemetryEvent[] = [];
  const push = (e: Omit<TelemetryEvent, 'seq' | 'wallTimeMs' | 'nodeKind'>): void =>
    void out.push({ seq: out.length, wallTimeMs: 0, nodeKind: e.name, ...e });
  for (let m = 0; m < minutes; m++) {
    const t = m * 60_000;
    const store = { kind: 'compliance', compliance: 0.5 + (m % 10) / 20, emptyFacings: m % 7 };
    push({ kind: 'progress', nodeId: 'life', name: 'store', path: 'store', simTimeMs: t, data: { store } });
    if (m % 3 !== 0) continue;
    const id = `try-${m}`;
    push({ kind: 'start', nodeId: 'si', name: 'stock-item', path: 'r/si', simTimeMs: t });
    push({ kind: 'start', nodeId: id, parentId: 'si', name: id, path: `r/si/${id}`, simTimeMs: t });
    if (m % 2 === 0) {
      const data = { restocked: 'jar', placementErrorM: 0.001 * (m % 13) };
      push({ kind: 'progress', nodeId: `${id}/v`, name: 'verify', path: `r/si/${id}/v`, simTimeMs: t + 1, data });
      push({ kind: 'succeeded', nodeId: id, parentId: 'si', name: id, path: `r/si/${id}`, simTimeMs: t + 2 });
    } else {
      const failure = { reason: m % 4 === 1 ? ('missed' as const) : ('no-grasp' as const), message: `at ${m}` };
      push({ kind: 'failed', nodeId: id, parentId: 'si', name: id, path: `r/si/${id}`, simTimeMs: t + 2, failure });
    }
  }
  return out;
}

describe('KPI accumulators in a checkpoint', () => {
  it('a tracker rebuilt from saved state (through JSON and the schema) goes on as if never stopped', () => {
    // Long enough that the compliance series was thinned (its stride doubled) before and after the save.
    const events = runEvents(MAX_SERIES * 3);
    const cut = Math.floor(events.length / 3);
    const whole = new KpiTracker();
    for (const e of events) whole.apply(e);
    const before = new KpiTracker();
    for (const e of events.slice(0, cut)) before.apply(e);
    const saved = CheckpointSchema.shape.kpis.parse(JSON.parse(JSON.stringify(before.saveState())));
    const resumed = KpiTracker.from(saved);
    for (const e of events.slice(cut)) resumed.apply(e);
    expect(whole.snapshot().attempts).toBeGreaterThan(before.snapshot().attempts);
    expect(resumed.snapshot()).toEqual(whole.snapshot());
  });
});
