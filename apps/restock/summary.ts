import type { FailureExample, RestockKpis } from './kpis.ts';

/** The end-of-run summary as plain data (what `--json` prints). */
export function summaryJson(k: RestockKpis, wallMs: number, outcome: string): Record<string, unknown> {
  const simHours = (k.simTimeMs - k.startSimTimeMs) / 3_600_000;
  const first = k.complianceSeries[0]?.[1];
  return {
    outcome,
    simHours,
    wallSeconds: wallMs / 1000,
    realTimeFactor: wallMs > 0 ? (simHours * 3_600_000) / wallMs : 0,
    restocked: k.restocked,
    itemsPerHour: k.itemsPerHour,
    attempts: k.attempts,
    succeeded: k.succeeded,
    successRate: k.successRate ?? null,
    placementErrorM: k.placementErrorM,
    compliance: { start: first ?? null, end: k.compliance ?? null, min: minCompliance(k) },
    failuresByReason: Object.fromEntries([...k.failuresByReason].map(([r, f]) => [r, f.count])),
    failuresBySku: Object.fromEntries([...k.failuresBySku].map(([sku, r]) => [sku, Object.fromEntries(r)])),
    /** Per reason, its latest failed tries: product, sim time (ms) and message. */
    recentFailures: Object.fromEntries([...k.failuresByReason].map(([r, f]) => [r, f.recent])),
    skipped: k.skipped,
    shopperTakes: k.shopperTakes,
    toteRefills: k.toteRefills,
    tidied: k.tidied,
    collateralMoves: k.collateralMoves,
    handsStuck: k.handsStuck,
    trapped: k.trapped,
    staffAssists: k.staffAssists,
    stalled: k.stalled,
    setAside: k.setAside,
    holdSlideM: k.holdSlides,
  };
}

/** The end-of-run summary for a person. */
export function summaryText(k: RestockKpis, wallMs: number, outcome: string): string {
  const s = summaryJson(k, wallMs, outcome);
  const pct = (v: number | undefined | null): string =>
    v === undefined || v === null ? '–' : `${(v * 100).toFixed(1)} %`;
  const mm = (m: number): string => `${(m * 1000).toFixed(1)} mm`;
  const reasons = [...k.failuresByReason].sort((a, b) => b[1].count - a[1].count);
  const lines = [
    `restocking summary: ${outcome}; ${(s['simHours'] as number).toFixed(2)} h sim in ${(wallMs / 60_000).toFixed(1)} min wall (${(s['realTimeFactor'] as number).toFixed(1)}× real time)`,
    `  restocked            ${k.restocked} items (${k.itemsPerHour.toFixed(1)} per sim hour)`,
    `  pick-place success   ${pct(k.successRate)} (${k.succeeded} of ${k.attempts} tries)`,
    `  placement error      ${k.placementErrorM.n === 0 ? '–' : `mean ${mm(k.placementErrorM.mean)}, p95 ${mm(k.placementErrorM.p95)}, max ${mm(k.placementErrorM.max)}`}`,
    `  planogram compliance start ${pct(k.complianceSeries[0]?.[1])}, end ${pct(k.compliance)}, lowest ${pct(minCompliance(k))}`,
    `  store                shoppers took ${k.shopperTakes}, tote refills ${k.toteRefills}, staff tidied ${k.tidied}, facings skipped ${k.skipped}`,
    `  collateral moves     ${k.collateralMoves} other object(s) knocked`,
    `  held-load slide      ${holdSlideLine(k)}`,
    ...(k.handsStuck === 0
      ? []
      : [
          `  HANDS STUCK          ${k.handsStuck} time(s) a hand could not be freed of its item: a person must take it`,
        ]),
    ...(k.trapped === 0
      ? []
      : [
          `  ROBOT TRAPPED        ${k.trapped} time(s) an empty arm could not fold in by any way: no drive until a person frees it`,
        ]),
    ...(k.stalled === 0
      ? []
      : [
          `  ROBOT STALLED        ${k.stalled} time(s) the robot waited for work that could not come: a person must look`,
        ]),
    ...(k.staffAssists === 0
      ? []
      : [`  STAFF ASSISTS        ${k.staffAssists} time(s) a person came when the robot called (stuck hand, trap)`]),
    ...(k.setAside === 0
      ? []
      : [`  SET ASIDE            ${k.setAside} facing(s) failed the same way again and again: left alone for a while`]),
    `  failures by reason   ${reasons.length === 0 ? 'none' : ''}`,
    ...reasons.flatMap(([reason, f]) => [
      `    ${f.count} × ${reason}${f.recent.length < f.count ? ` (the last ${f.recent.length})` : ''}`,
      ...f.recent.map((e) => `      ${failureLine(e)}`),
    ]),
  ];
  return lines.join('\n');
}

/** One failed try: when (sim hours), the product, why. */
function failureLine(e: FailureExample): string {
  // A checkpoint written before tries were kept by name carries only the reason's last message.
  if (e.sku === '') return `(an earlier try) ${e.message}`;
  return `at ${(e.atMs / 3_600_000).toFixed(2)} h, ${e.sku}: ${e.message}`;
}

/** The loads' slide in the hands over the run's holds, in mm. */
function holdSlideLine(k: RestockKpis): string {
  const h = k.holdSlides;
  if (h.n === 0) return 'no holds';
  const mm = (m: number): string => (m * 1000).toFixed(1);
  const fig = (f: { p50: number; p95: number; max: number }): string =>
    `p50 ${mm(f.p50)}, p95 ${mm(f.p95)}, max ${mm(f.max)} mm`;
  const worst = h.worst === undefined ? '' : `; most: ${h.worst.item} in ${h.worst.hand}, ${mm(h.worst.maxM)} mm`;
  return `${h.n} holds; largest in each ${fig(h.maxM)}; at release ${fig(h.releaseM)}${worst}`;
}

function minCompliance(k: RestockKpis): number | null {
  return k.complianceSeries.length === 0 ? null : Math.min(...k.complianceSeries.map(([, v]) => v));
}
