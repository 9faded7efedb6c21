import type { TelemetrySink } from '../../src/skill/telemetry-events.ts';

/** What happens in the store beside the robot's graph, written to the run's telemetry as `store` progress events. */
export type StoreEvent =
  | { readonly kind: 'shopper'; readonly object: string; readonly sku: string; readonly facing: string }
  | { readonly kind: 'tote-refill'; readonly added: number; readonly removed: number; readonly skus: readonly string[] }
  | { readonly kind: 'tidy'; readonly removed: readonly string[]; readonly why: string }
  | { readonly kind: 'compliance'; readonly compliance: number; readonly emptyFacings: number }
  | {
      readonly kind: 'staff-assist';
      /** The arm a person freed. */
      readonly arm: string;
      /** Items the person took away. */
      readonly removed: readonly string[];
      readonly why: string;
      /** How long the robot's call waited for the person, ms of sim time. */
      readonly waitedMs: number;
    };

/** Node id, path and name of store events: not a node of the graph, so the live tree leaves them out. */
export const STORE_NODE = 'store';

/**
 * Reports store events into the run's telemetry, so a trace holds the whole run (shoppers, refills, compliance
 * samples) and the console's KPIs fold the same way live and in a replay.
 */
export function emitStoreEvent(sink: TelemetrySink, simTimeMs: number, event: StoreEvent): void {
  sink.emit({
    kind: 'progress',
    nodeId: STORE_NODE,
    path: STORE_NODE,
    nodeKind: STORE_NODE,
    name: STORE_NODE,
    simTimeMs,
    message: describeStoreEvent(event),
    data: { store: event },
  });
}

/** One line for the event log. */
export function describeStoreEvent(event: StoreEvent): string {
  switch (event.kind) {
    case 'shopper':
      return `a shopper took ${event.sku} from ${event.facing}`;
    case 'tote-refill':
      return `tote refilled: ${event.added} items in${event.removed > 0 ? `, ${event.removed} taken back` : ''}`;
    case 'tidy':
      return `staff tidied ${event.removed.length} item(s): ${event.why}`;
    case 'compliance':
      return `planogram compliance ${(event.compliance * 100).toFixed(1)} %`;
    case 'staff-assist':
      return `STAFF ASSIST: a person ${event.why} (called ${(event.waitedMs / 60_000).toFixed(1)} min before)`;
  }
}
