import type { Planogram } from '../../../../src/world/planogram.ts';
import type { SlotStatus } from '../../../../src/world/planogram-scan.ts';
import { el, escapeHtml, panel } from './dom.ts';

/** One slot's state as the panel shows it. */
export interface SlotView {
  readonly status: SlotStatus;
  readonly full: number;
  readonly facings: number;
}

/**
 * The planogram as a grid per shelving unit (top level first, slot 1 on the left) with each slot's state: full,
 * short, empty or wrong item, and the product's name. The units stand one above the other, so each slot is wide
 * enough for its whole product name on a laptop screen (1366×768). States come from live scans or, in a replay, from the
 * trace's `scanShelves` events.
 */
export class PlanogramPanel {
  readonly section: HTMLElement;
  private readonly cells = new Map<string, HTMLElement>();

  constructor(planogram: Planogram) {
    const { section, body } = panel('Planogram', 'planogram');
    this.section = section;
    const units = [...new Set(planogram.facings.map((f) => f.unit))];
    for (const unit of units) {
      const facings = planogram.facings.filter((f) => f.unit === unit);
      const levels = Math.max(...facings.map((f) => f.level));
      const slots = Math.max(...facings.map((f) => f.slot));
      const grid = el('div', 'unit');
      grid.append(el('h3', undefined, unit));
      const table = el('div', 'slots');
      table.style.gridTemplateColumns = `repeat(${slots}, minmax(0, 1fr))`;
      for (let level = levels; level >= 1; level--) {
        for (let slot = 1; slot <= slots; slot++) {
          const facing = facings.find((f) => f.level === level && f.slot === slot);
          const cell = el('div', 'slot unplanned');
          if (facing !== undefined) {
            cell.dataset['slot'] = facing.slotName;
            cell.innerHTML = `<span class="sku">${escapeHtml(facing.sku)}</span><span class="count"></span>`;
            cell.title = `${facing.slotName}: ${facing.sku}`;
            this.cells.set(facing.slotName, cell);
          }
          table.append(cell);
        }
      }
      grid.append(table);
      body.append(grid);
    }
    // The legend sits in the heading's line: the units below get the panel's height.
    const legend = el('div', 'legend');
    legend.innerHTML = (['full', 'short', 'empty', 'wrong-item'] as const)
      .map((s) => `<span class="slot ${s}">${s.replace('-', ' ')}</span>`)
      .join('');
    section.querySelector('h2')?.append(legend);
  }

  render(slots: ReadonlyMap<string, SlotView>): void {
    for (const [name, view] of slots) {
      const cell = this.cells.get(name);
      if (cell === undefined) continue;
      const count = `${view.full}/${view.facings}`;
      // Only slots whose state changed are touched: a write of the same value still dirties style.
      if (cell.dataset['status'] === view.status && cell.dataset['count'] === count) continue;
      cell.className = `slot ${view.status}`;
      const countText = cell.querySelector('.count');
      if (countText !== null) countText.textContent = count;
      cell.dataset['status'] = view.status;
      cell.dataset['count'] = count;
    }
  }
}

/** Parses the `slots` data a `scanShelves` event carries (`{ "<slot>": "short 1/2" }`). */
export function slotsFromScanData(data: unknown): Map<string, SlotView> {
  const out = new Map<string, SlotView>();
  if (typeof data !== 'object' || data === null) return out;
  for (const [name, value] of Object.entries(data)) {
    const match = typeof value === 'string' ? /^(full|short|empty|wrong-item) (\d+)\/(\d+)$/.exec(value) : null;
    if (match) out.set(name, { status: match[1] as SlotStatus, full: Number(match[2]), facings: Number(match[3]) });
  }
  return out;
}
