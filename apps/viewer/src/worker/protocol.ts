import type { SlotStatus } from '../../../../src/world/planogram-scan.ts';
import type { ObjectShape } from '../../../../src/world/world-model.ts';
import type { Speed } from '../sim-pacer.ts';

// Messages between the console page and its sim worker. The worker owns the store (Rapier, the skill graph, the
// store's life); the page draws what the worker reports, so planning that takes a second never freezes the page.

/** How the store is opened (the page's URL parameters). */
export interface StoreParams {
  readonly planogramPath: string;
  readonly taskFile: string;
  readonly seed: number;
  readonly initialFill: number;
  readonly emptyFacings: readonly string[];
  readonly shopperItemsPerHour: number;
  /** The page's folder: the worker fetches the files relative to it. */
  readonly baseUrl: string;
}

/** Page → worker. */
export type ToWorker =
  | { readonly kind: 'open'; readonly params: StoreParams }
  | { readonly kind: 'start' | 'pause' | 'stop' }
  | { readonly kind: 'speed'; readonly speed: Speed };

/** A product the page has not drawn yet. */
export interface ObjectInfo {
  readonly id: string;
  readonly type?: string;
  readonly shape: ObjectShape;
}

/** Where everything is at one moment, and how the worker is doing. */
export interface Frame {
  readonly simTimeMs: number;
  /** Products present, in the order of `poses`; sent only when the set changed. */
  readonly ids?: readonly string[];
  /** Products added since the last frame. */
  readonly added: readonly ObjectInfo[];
  /** Position (x, y, z) and quaternion (x, y, z, w) of each product, 7 numbers each. */
  readonly poses: Float32Array;
  readonly joints: Readonly<Record<string, number>>;
  /** The robot's root link pose, a column-major 4×4 matrix. */
  readonly rootInWorld: readonly number[];
  readonly runState: string;
  readonly realTimeFactor: number;
  /** Wall time per slice spent stepping (smoothed), ms. */
  readonly simMs: number;
  /** The fastest any product moves, m/s. */
  readonly maxObjectSpeedMps: number;
  /** Each planogram slot's state, when scanned this frame. */
  readonly slots?: readonly (readonly [string, SlotStatus, number, number])[];
}

/** Worker → page. */
export type FromWorker =
  | { readonly kind: 'opened' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'frame'; readonly frame: Frame }
  /** Telemetry events as JSON lines (whatever a skill put in its data survives the trip). */
  | { readonly kind: 'events'; readonly lines: readonly string[] };
