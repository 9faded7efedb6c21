import type { Observable } from 'rxjs';

/** Why a part stopped or refused: the codes a real driver reports, mapped to one set. */
export type FaultCode =
  | 'collision'
  | 'protective-stop'
  | 'joint-limit'
  | 'not-connected'
  | 'communication-lost'
  | 'rejected'
  /** A gripper's fingers stopped short of the commanded width and moved no further (GripperCommand `stalled`). */
  | 'stalled'
  | 'driver-error';

/** The error a part's command Observable fails with. */
export class HardwareFault extends Error {
  override readonly name = 'HardwareFault';
  constructor(
    readonly code: FaultCode,
    /** Which part: `arm/right`, `base`, `gripper/right`. */
    readonly part: string,
    message: string,
    readonly detail: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${part}: ${message}`);
  }
}

/** Feedback while a command executes; `fraction` is 0..1 when the part can tell. */
export interface MotionFeedback {
  readonly stampMs: number;
  readonly fraction?: number;
}

/**
 * A command a part accepted: `applied` is what the part will actually do after clipping to its limits, and
 * `execution$` is cold: subscribing starts the motion, completion means it arrived, an error is a
 * `HardwareFault`, unsubscribing stops the part.
 */
export interface Motion<Applied> {
  readonly applied: Applied;
  readonly execution$: Observable<MotionFeedback>;
}

/** A part's connection lifecycle, as a state table (see ARCHITECTURE.md). */
export type LifecycleState = 'disconnected' | 'connecting' | 'connected' | 'faulted';

/** A 3-vector as plain numbers, for messages that cross process boundaries. */
export type Vec3 = readonly [number, number, number];
