import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Vector3 } from 'three';
import { KpiTracker } from '../../apps/restock/kpis.ts';
import { RestockRun } from '../../apps/restock/restock-run.ts';
import { openStore, type StoreSession } from '../../apps/restock/store-session.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';

const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
const TASK = fileURLToPath(new URL('../../tasks/restock.yaml', import.meta.url));

/** A headless continuous restocking run of the shipped task, with what its telemetry said. */
export interface ContinuousRun {
  readonly store: StoreSession;
  readonly run: RestockRun;
  readonly kpis: KpiTracker;
  readonly events: TelemetryEvent[];
  /** The run's telemetry, for a test that acts on events as they come. */
  readonly bus: TelemetryBus;
}

/**
 * Opens the demo store (seed `seed`, every facing stocked but `emptyFacings`), without shoppers, and starts
 * `tasks/restock.yaml` continuously on it, recording KPIs and every telemetry event. The caller steps the sim.
 */
export async function startContinuousRestock(
  seed: number,
  emptyFacings: readonly string[],
  /** Edits the task file's text first (a test's variant of the shipped round). */
  editTask: (text: string) => string = (text) => text,
): Promise<ContinuousRun> {
  const store = await openStore({ planogramPath: PLANOGRAM, seed, initialFill: 1, emptyFacings: [...emptyFacings] });
  const kpis = new KpiTracker();
  const events: TelemetryEvent[] = [];
  const bus = new TelemetryBus(() => 0);
  bus.events$.subscribe((event) => {
    kpis.apply(event);
    events.push(event);
  });
  const run = new RestockRun(store, {
    taskText: editTask(readFileSync(TASK, 'utf8')),
    taskFile: 'tasks/restock.yaml',
    continuous: true,
    telemetry: bus,
    life: { shopperItemsPerHour: 0 },
  });
  run.start();
  return { store, run, kpis, events, bus };
}

/** How far `raisePlaces` lifts a place: out of every reach, so each plan to it is refused. */
export const OUT_OF_REACH_UP = new Vector3(0, 0, 3);

/** Moves the named places of the store's world model 3 m up (the sim's fixtures stay), so no hold reaches them. */
export function raisePlaces(store: StoreSession, names: readonly string[]): void {
  for (const name of names) {
    const place = store.world.place(name)!;
    const raised = place.poseInWorld.position.clone().add(OUT_OF_REACH_UP);
    store.world.addPlace({ ...place, poseInWorld: { ...place.poseInWorld, position: raised } });
  }
}
