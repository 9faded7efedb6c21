import type { FailureReason } from './failure.ts';

/** The closed status set of a node, as py_trees/BehaviorTree.CPP have one. */
export type NodeStatus = 'idle' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export type TelemetryKind = 'start' | 'progress' | 'succeeded' | 'failed' | 'cancelled';

/** One structured record of a run: the unit written to JSONL traces and folded into tree snapshots. */
export interface TelemetryEvent {
  /** Order of emission within one sink, from 0. */
  readonly seq: number;
  readonly kind: TelemetryKind;
  readonly nodeId: string;
  readonly path: string;
  /** Node kind (`sequence`, `grasp` ...) and name, so a trace alone can rebuild the tree. */
  readonly nodeKind: string;
  readonly name: string;
  /** Id of the parent node, absent for the root. */
  readonly parentId?: string;
  /** Time of the context's scheduler (sim time in the sim), in ms. */
  readonly simTimeMs: number;
  /** Wall-clock time in ms since the epoch, for people reading the trace. */
  readonly wallTimeMs: number;
  readonly message?: string;
  readonly fraction?: number;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly failure?: { readonly reason: FailureReason; readonly message: string; readonly path?: string };
}

/** Where a run's telemetry goes. Implementations must not throw back into the run. */
export interface TelemetrySink {
  emit(event: Omit<TelemetryEvent, 'seq' | 'wallTimeMs'>): void;
  /**
   * `false` while no one would see an event: the runner then builds none (a run without telemetry costs no event
   * objects). Absent means listening.
   */
  readonly listening?: boolean;
}
