import type { RestockKpis } from '../../../restock/kpis.ts';
import { el, escapeHtml, panel, setHtml } from './dom.ts';
import { drawSeries } from './series-chart.ts';

/** The KPI tiles, the failures by reason and a chart of planogram compliance over sim time. */
export class KpiPanel {
  readonly section: HTMLElement;
  private readonly tiles: HTMLElement;
  private readonly failures: HTMLElement;
  private readonly chart: HTMLCanvasElement;
  private drawnSeries = '';

  constructor() {
    const { section, body } = panel('KPIs', 'kpis');
    this.section = section;
    this.tiles = el('div', 'tiles');
    this.chart = el('canvas', 'chart');
    this.chart.width = 360;
    this.chart.height = 90;
    this.failures = el('div', 'failures');
    body.append(this.tiles, this.chart, this.failures);
  }

  render(k: RestockKpis): void {
    const pct = (v: number | undefined): string => (v === undefined ? '–' : `${(v * 100).toFixed(1)} %`);
    const tiles: [string, string, string][] = [
      ['restocked', 'restocked', String(k.restocked)],
      ['items-per-hour', 'items / h (sim)', k.itemsPerHour.toFixed(1)],
      ['success', 'pick-place success', `${pct(k.successRate)} (${k.succeeded}/${k.attempts})`],
      [
        'placement-error',
        'placement error mean / p95',
        k.placementErrorM.n === 0
          ? '–'
          : `${(k.placementErrorM.mean * 1000).toFixed(1)} / ${(k.placementErrorM.p95 * 1000).toFixed(0)} mm`,
      ],
      ['compliance', 'planogram compliance', pct(k.compliance)],
      ['shoppers', 'taken by shoppers', String(k.shopperTakes)],
      ['refills', 'tote refills', String(k.toteRefills)],
      ['skipped', 'facings skipped', String(k.skipped)],
    ];
    setHtml(
      this.tiles,
      tiles
        .map(
          ([id, label, value]) =>
            `<div class="tile" data-kpi="${id}"><span class="value">${escapeHtml(value)}</span><span class="label">${escapeHtml(label)}</span></div>`,
        )
        .join(''),
    );
    const reasons = [...k.failuresByReason].sort((a, b) => b[1].count - a[1].count);
    setHtml(
      this.failures,
      reasons.length === 0
        ? '<span class="muted">no failed tries</span>'
        : reasons
            .map(([reason, f]) => {
              // A failure from a checkpoint that kept only the message has no product.
              const lines = f.recent.map((e) => (e.sku === '' ? e.message : `${e.sku}: ${e.message}`));
              const latest = lines[lines.length - 1] ?? '';
              return `<div class="failure" title="${escapeHtml(lines.join('\n'))}"><b>${f.count} × ${escapeHtml(reason)}</b> <span class="muted">${escapeHtml(latest)}</span></div>`;
            })
            .join(''),
    );
    const last = k.complianceSeries[k.complianceSeries.length - 1];
    const seriesKey = `${k.complianceSeries.length}:${last?.[0]}:${last?.[1]}`;
    if (seriesKey === this.drawnSeries) return;
    this.drawnSeries = seriesKey;
    drawSeries(this.chart, k.complianceSeries, { label: 'compliance', min: 0, max: 1 });
  }
}
