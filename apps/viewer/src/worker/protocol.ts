import type { SlotStatus } from '../../../../src/world/planogram-scan.ts';
import type { ObjectShape } from '../../../../src/world/world-model.ts';
import type { Speed } from '../sim-pacer.ts';
import type { PoseLayout } from './pose-buffer.ts';

// Messages between the console page and its sim worker. The worker owns the store (Rapier, the skill graph, the
// store's life); the page draws what the worker reports, so planning that takes a second never freezes the page.
// The page asks for each frame when it is ready to draw one ('frame'), so the worker posts at most one frame per
// page frame (never a backlog of frames the page skips), and the events travel in it.

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
  /** Send the present state: the page is ready to draw a frame. */
  | { readonly kind: 'frame' }
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
  /** What the floats of `poses` are; sent with the first frame and whenever joints or products change. */
  readonly layout?: PoseLayout;
  /** Products added since the last frame. */
  readonly added: readonly ObjectInfo[];
  /** Root pose, joint values and product poses in one buffer (see `pose-buffer.ts`), transferred. */
  readonly poses: Float64Array;
  readonly runState: string;
  readonly realTimeFactor: number;
  /** Wall time per tick spent stepping (smoothed), ms. */
  readonly simMs: number;
  /** The fastest any product moves, m/s. */
  readonly maxObjectSpeedMps: number;
  /** Each planogram slot's state, when scanned since the last frame. */
  readonly slots?: readonly (readonly [string, SlotStatus, number, number])[];
  /** Telemetry events since the last frame, as JSON lines (whatever a skill put in its data survives the trip). */
  readonly lines: readonly string[];
}

/** Worker → page. */
export type FromWorker =
  | { readonly kind: 'opened' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'frame'; readonly frame: Frame };
