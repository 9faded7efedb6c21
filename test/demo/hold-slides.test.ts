import { describe, expect, it } from 'vitest';
import { CheckpointSchema } from '../../apps/restock/checkpoint-schema.ts';
import { KpiTracker } from '../../apps/restock/kpis.ts';
import { summaryJson, summaryText } from '../../apps/restock/summary.ts';
import type { HoldSlide } from '../../sim/effectors/hold-slide.ts';

// The demo's hold-slide figure: every hold the grippers report, as percentiles, the worst hold and a summary line.

/** Twenty holds: 0.1 to 2.0 mm largest slide (0.05 to 1.0 at release), one jar that went 12.3 mm. */
function holds(): HoldSlide[] {
  const out: HoldSlide[] = [];
  for (let i = 1; i <= 19; i++)
    out.push({
      hand: 'right',
      item: `can-${i}`,
      startMs: i * 1000,
      endMs: i * 1000 + 500,
      maxM: i * 1e-4,
      releaseM: i * 5e-5,
    });
  out.push({ hand: 'right', item: 'sauce-jar-2', startMs: 40_000, endMs: 45_000, maxM: 0.0123, releaseM: 0.0118 });
  return out;
}

describe('hold slides in the demo KPIs', () => {
  it('reports p50, p95 and max of the largest and the release slide, and the hold that moved most', () => {
    const kpis = new KpiTracker();
    for (const h of holds()) kpis.addHold(h);
    const s = kpis.snapshot().holdSlides;
    expect(s.n).toBe(20);
    expect(s.maxM.p50).toBeCloseTo(0.001, 6);
    expect(s.maxM.p95).toBeCloseTo(0.0019, 6);
    expect(s.maxM.max).toBeCloseTo(0.0123, 6);
    expect(s.releaseM.p50).toBeCloseTo(0.0005, 6);
    expect(s.releaseM.max).toBeCloseTo(0.0118, 6);
    expect(s.worst).toEqual({ item: 'sauce-jar-2', hand: 'right', startMs: 40_000, maxM: 0.0123, releaseM: 0.0118 });
    expect(summaryJson(kpis.snapshot(), 1000, 'ran')['holdSlideM']).toEqual(s);
    expect(summaryText(kpis.snapshot(), 1000, 'ran')).toContain(
      'held-load slide      20 holds; largest in each p50 1.0, p95 1.9, max 12.3 mm; at release p50 0.5, p95 1.0, max 11.8 mm; most: sauce-jar-2 in right, 12.3 mm',
    );
  });

  it('goes on from a checkpoint as if never stopped, and reads none from a checkpoint written before it', () => {
    const all = holds();
    const whole = new KpiTracker();
    for (const h of all) whole.addHold(h);
    const before = new KpiTracker();
    for (const h of all.slice(0, 7)) before.addHold(h);
    const saved = CheckpointSchema.shape.kpis.parse(JSON.parse(JSON.stringify(before.saveState())));
    const resumed = KpiTracker.from(saved);
    for (const h of all.slice(7)) resumed.addHold(h);
    expect(resumed.snapshot()).toEqual(whole.snapshot());
    const { holdSlides: _, ...older } = before.saveState();
    expect(KpiTracker.from(CheckpointSchema.shape.kpis.parse(older)).snapshot().holdSlides.n).toBe(0);
  });
});
