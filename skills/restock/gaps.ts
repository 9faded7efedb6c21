import { planogramOf, type Planogram } from '../../src/world/planogram.ts';
import { scanShelves, type FacingScan, type ShelfScan } from '../../src/world/planogram-scan.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { WorldModel } from '../../src/world/world-model.ts';
import { isCoolingDown } from './memory.ts';
import { isSetAside } from './set-aside.ts';
import { stockCounts } from './stock.ts';

/** The shelves against the planogram, sorted into what the robot can do now and what it cannot. */
export interface RestockPlan {
  readonly scan: ShelfScan;
  /** Empty facings whose product is in stock and that are not cooling down after a failure: the work to do now. */
  readonly toRestock: readonly FacingScan[];
  /** Empty facings whose product the stock place does not hold. */
  readonly awaitingStock: readonly FacingScan[];
  /** Empty facings left alone for a while after a failed restock. */
  readonly coolingDown: readonly FacingScan[];
  /** Facings holding another product or a knocked-over item: a person's job. */
  readonly needsPerson: readonly FacingScan[];
}

/** The planogram registered beside the world, or a `precondition-failed` failure. */
export function requirePlanogram(world: WorldModel): Planogram {
  const planogram = planogramOf(world);
  if (!planogram) {
    throw new SkillFailure('precondition-failed', 'no planogram registered for this world (setPlanogram)');
  }
  return planogram;
}

/**
 * Scans the shelves against the planogram and sorts the empty facings: to restock now (in stock, not cooling
 * down), awaiting stock, cooling down. Facings of one product are taken together, so stock picked from one row of
 * the tote goes out in one run. Pure apart from reading the world.
 */
export function planRestock(world: WorldModel, stock: string, nowMs: number): RestockPlan {
  const scan = scanShelves(world.objects(), requirePlanogram(world));
  const inStock = stockCounts(world, stock);
  const toRestock: FacingScan[] = [];
  const awaitingStock: FacingScan[] = [];
  const coolingDown: FacingScan[] = [];
  for (const f of scan.facings) {
    if (f.status !== 'empty') continue;
    if (isCoolingDown(world, f.facing.name, nowMs) || isSetAside(world, f.facing.name, nowMs)) coolingDown.push(f);
    else if ((inStock.get(f.facing.sku) ?? 0) > 0) {
      inStock.set(f.facing.sku, (inStock.get(f.facing.sku) ?? 0) - 1);
      toRestock.push(f);
    } else awaitingStock.push(f);
  }
  const needsPerson = scan.facings.filter((f) => f.status === 'wrong-item');
  return { scan, toRestock, awaitingStock, coolingDown, needsPerson };
}

/** A short summary of a restock plan for progress messages and telemetry. */
export function describePlan(plan: RestockPlan): { message: string; data: Record<string, unknown> } {
  const { scan } = plan;
  const full = scan.facings.filter((f) => f.status === 'full').length;
  const message =
    `${full}/${scan.facings.length} facings full (${(scan.compliance * 100).toFixed(1)} %), ` +
    `${plan.toRestock.length} to restock, ${plan.awaitingStock.length} awaiting stock`;
  return {
    message,
    data: {
      compliance: scan.compliance,
      facings: scan.facings.length,
      full,
      toRestock: plan.toRestock.length,
      awaitingStock: plan.awaitingStock.length,
      coolingDown: plan.coolingDown.length,
      needsPerson: plan.needsPerson.length,
      // Slot states by slot name, for the console's planogram panel (live and replayed from a trace).
      slots: Object.fromEntries(scan.slots.map((s) => [s.slotName, `${s.status} ${s.full}/${s.facings}`])),
    },
  };
}
