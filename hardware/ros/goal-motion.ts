import { Observable, take, type SchedulerLike, type Subscription } from 'rxjs';
import { HardwareFault, type FaultCode, type MotionFeedback } from '../common.ts';
import type { LinkHealth } from './link-health.ts';
import { RosBridgeError, type GoalEvent } from './bridge-types.ts';
import type { RosBridge } from './ros-bridge.ts';

/** What a part needs to run goals: the bridge, the link's health and the clock. */
export interface RosPartContext {
  readonly bridge: RosBridge;
  readonly health: LinkHealth;
  readonly scheduler: SchedulerLike;
  /** ROS time for message headers, ms since the epoch (the run's scheduler may count from the run's start). */
  readonly rosTimeMs: () => number;
}

/** How a part reads its action's answers. */
export interface GoalSpec {
  readonly action: string;
  readonly type: string;
  /** Built when the motion is subscribed (so it starts from the state then). */
  readonly goal: () => unknown;
  /** Expected duration for progress, ms (undefined: no fraction). */
  readonly durationMs?: number;
  /** A succeeded result that still means failure (e.g. a trajectory error code); undefined when it is fine. */
  readonly checkResult?: (values: unknown) => HardwareFault | undefined;
  /** Why a goal that did not succeed failed, from its status and values. */
  readonly describeFailure?: (status: number, values: unknown) => { code: FaultCode; message: string } | undefined;
  /** A goal that did not succeed but did what was asked (a gripper aborting on the stall that is the grasp). */
  readonly acceptFailure?: (status: number, values: unknown) => boolean;
  /**
   * State that must be heard after the result before the motion counts as arrived (the next `/joint_states`): a
   * result can overtake the state message that shows the part where it stopped, and a skill reads that state next.
   */
  readonly stateAfterResult?: Observable<unknown>;
  readonly onFeedback?: (values: unknown) => void;
  readonly onResult?: (values: unknown) => void;
  /** Runs once the motion arrived (after `stateAfterResult`), just before the execution completes. */
  readonly onArrived?: () => void;
}

/**
 * One running goal per part, as the sim's motion slot: a new motion preempts the running one (which fails with
 * `rejected`), `stop()` cancels it at once. Executions are cold: subscribing sends the goal, completion is its
 * success, unsubscribing cancels it without waiting for the server.
 */
export class GoalSlot {
  private active: ((fault: HardwareFault) => void) | undefined;

  constructor(
    private readonly ctx: RosPartContext,
    readonly part: string,
  ) {}

  execution(spec: GoalSpec): Observable<MotionFeedback> {
    return new Observable<MotionFeedback>((subscriber) => {
      const refused = this.ctx.health.faultFor(this.part);
      if (refused !== undefined) {
        subscriber.error(refused);
        return;
      }
      this.active?.(new HardwareFault('rejected', this.part, 'preempted by a newer command'));
      const startMs = this.ctx.scheduler.now();
      const fail = (fault: HardwareFault): void => subscriber.error(fault);
      const token = fail;
      this.active = token;
      const goal = this.ctx.bridge.goal$(spec.action, spec.type, spec.goal()).subscribe({
        next: (event: GoalEvent) => {
          if (event.kind === 'feedback') {
            spec.onFeedback?.(event.values);
            const elapsedMs = this.ctx.scheduler.now() - startMs;
            const fraction =
              spec.durationMs !== undefined && spec.durationMs > 0
                ? Math.min(0.99, elapsedMs / spec.durationMs)
                : undefined;
            subscriber.next({ stampMs: this.ctx.scheduler.now(), ...(fraction === undefined ? {} : { fraction }) });
            return;
          }
          spec.onResult?.(event.values);
          if (!event.succeeded && spec.acceptFailure?.(event.status, event.values) !== true) {
            const why = spec.describeFailure?.(event.status, event.values) ?? {
              code: 'driver-error' as const,
              message: `${spec.action}: goal ended with status ${event.status}`,
            };
            fail(new HardwareFault(why.code, this.part, why.message, { status: event.status, result: event.values }));
            return;
          }
          const fault = spec.checkResult?.(event.values);
          if (fault !== undefined) {
            fail(fault);
            return;
          }
          const arrive = (): void => {
            spec.onArrived?.();
            subscriber.next({ stampMs: this.ctx.scheduler.now(), fraction: 1 });
            subscriber.complete();
          };
          if (spec.stateAfterResult === undefined) arrive();
          else settle = spec.stateAfterResult.pipe(take(1)).subscribe(arrive);
        },
        error: (error: unknown) => fail(bridgeFault(this.part, error)),
      });
      let settle: Subscription | undefined;
      const lost = this.ctx.health.lost$(this.part).subscribe((fault) => {
        // State stopped or the socket dropped: the goal is cancelled (if the socket still carries it) by unsubscribing.
        fail(fault);
      });
      return () => {
        if (this.active === token) this.active = undefined;
        lost.unsubscribe();
        settle?.unsubscribe();
        // Unsubscribing a goal that has not finished cancels it at once (the bridge knows whether it finished).
        goal.unsubscribe();
      };
    });
  }

  /** Cancels whatever runs: its execution fails with `rejected` ("stopped"). */
  stop(): void {
    this.active?.(new HardwareFault('rejected', this.part, 'stopped'));
  }
}

/** A bridge error as the part's fault: a lost link is `communication-lost`, anything else the driver's error. */
export function bridgeFault(part: string, error: unknown): HardwareFault {
  if (error instanceof HardwareFault) return error;
  if (error instanceof RosBridgeError)
    return new HardwareFault(
      error.kind === 'disconnected' ? 'communication-lost' : 'driver-error',
      part,
      error.message,
    );
  throw error;
}
