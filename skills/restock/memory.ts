import type { WorldModel } from '../../src/world/world-model.ts';

/** Facings whose restock failed, and until when (sim time, ms) they are left alone. */
const coolingUntil = new WeakMap<WorldModel, Map<string, number>>();

/**
 * Leaves a facing alone until `untilMs`: a restock that failed there is not tried again at once, so a facing that
 * cannot be restocked does not take every cycle (it is tried again later, never in a tight loop).
 */
export function coolDownFacing(world: WorldModel, facing: string, untilMs: number): void {
  const byName = coolingUntil.get(world) ?? new Map<string, number>();
  byName.set(facing, untilMs);
  coolingUntil.set(world, byName);
}

/** True while a facing is being left alone after a failed restock. */
export function isCoolingDown(world: WorldModel, facing: string, nowMs: number): boolean {
  const until = coolingUntil.get(world)?.get(facing);
  return until !== undefined && nowMs < until;
}
