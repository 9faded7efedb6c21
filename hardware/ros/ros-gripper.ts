import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import { HardwareFault, type Motion, type MotionFeedback } from '../common.ts';
import type { ParallelGripper } from '../end-effector.ts';
import { GoalSlot, type RosPartContext } from './goal-motion.ts';
import type { JointStateCache } from './joint-state-cache.ts';
import { GripperCommandResult } from './messages.ts';
import type { GripperPositionMap } from './presets.ts';

export interface RosGripperSpec {
  readonly name: string;
  readonly part: string;
  readonly action: string;
  readonly position: GripperPositionMap;
  /** Joints in `/joint_states` whose positions give the width through `position`. */
  readonly joints: readonly string[];
  readonly maxWidthM: number;
  readonly maxForceN: number;
}

/** Width above which a closed gripper is taken to hold something, m. */
const EMPTY_WIDTH_M = 0.002;

/**
 * A parallel gripper behind a `control_msgs/GripperCommand` action: the pad gap is mapped to the driver's
 * position units (`position = atClosed + perMetre × width`) and back from the finger joints. Closing commands the
 * closed position with `max_effort` = the grip force; the fingers are on an object when the driver reports a stall
 * or they stopped short of closed.
 */
export class RosParallelGripper implements ParallelGripper {
  readonly kind = 'parallel-gripper' as const;
  readonly name: string;
  readonly widthRangeM: readonly [number, number];
  readonly maxForceN: number;
  readonly width$: Observable<{ readonly stampMs: number; readonly widthM: number }>;
  readonly objectDetected$: Observable<boolean>;
  private readonly width: BehaviorSubject<{ readonly stampMs: number; readonly widthM: number }>;
  private readonly detected = new BehaviorSubject(false);
  private readonly slot: GoalSlot;

  constructor(
    ctx: RosPartContext,
    private readonly joints: JointStateCache,
    private readonly spec: RosGripperSpec,
  ) {
    this.name = spec.name;
    this.widthRangeM = [0, spec.maxWidthM];
    this.maxForceN = spec.maxForceN;
    this.width = new BehaviorSubject({ stampMs: 0, widthM: spec.maxWidthM });
    this.width$ = this.width.asObservable();
    this.objectDetected$ = this.detected.pipe(distinctUntilChanged());
    this.slot = new GoalSlot(ctx, spec.part);
    joints.updated$.subscribe((stampMs) => {
      const readings = joints.all(spec.joints);
      if (readings === undefined || readings.length === 0) return;
      const mean = readings.reduce((sum, r) => sum + r.position, 0) / readings.length;
      this.width.next({ stampMs, widthM: this.toWidth(mean) });
    });
  }

  open(widthM = this.spec.maxWidthM): Motion<{ readonly widthM: number }> {
    const applied = { widthM: Math.min(this.spec.maxWidthM, Math.max(0, widthM)) };
    return { applied, execution$: this.command(applied.widthM, this.maxForceN, false) };
  }

  close(forceN: number): Motion<{ readonly forceN: number }> {
    const applied = { forceN: Math.min(this.maxForceN, Math.max(0, forceN)) };
    return { applied, execution$: this.command(0, applied.forceN, true) };
  }

  stop(): void {
    this.slot.stop();
  }

  private command(widthM: number, forceN: number, closing: boolean): Observable<MotionFeedback> {
    let result: { position: number; stalled: boolean } | undefined;
    return this.slot.execution({
      action: this.spec.action,
      type: 'control_msgs/GripperCommand',
      goal: () => ({ command: { position: this.toPosition(widthM), max_effort: forceN } }),
      onResult: (values) => {
        const parsed = GripperCommandResult.safeParse(values);
        result = parsed.success ? parsed.data : undefined;
      },
      // Read once the finger joints show where the fingers stopped.
      onArrived: () => {
        if (!closing) {
          this.detected.next(false);
          return;
        }
        // Drivers disagree on the unit of the result's position (Franka reports the width); the finger joints do not.
        const widthNow =
          this.spec.joints.length > 0 || result === undefined ? this.width.value.widthM : this.toWidth(result.position);
        this.detected.next(result?.stalled === true || widthNow > EMPTY_WIDTH_M);
      },
      stateAfterResult: this.joints.updated$,
      // A close that stalls on the object is the grasp, even from a controller that aborts on a stall.
      acceptFailure: (_status, values) => closing && GripperCommandResult.safeParse(values).data?.stalled === true,
      // An opening that stalls short of its width is a fault, whether the controller calls it succeeded or aborted.
      checkResult: (values) => (closing ? undefined : this.openStall(values, widthM)),
      describeFailure: (_status, values) => {
        const stall = closing ? undefined : this.openStall(values, widthM);
        return stall === undefined ? undefined : { code: 'stalled', message: stall.message };
      },
    });
  }

  /** An opening's result that reports the fingers stalled short of the goal, as the `stalled` fault; else undefined. */
  private openStall(values: unknown, goalWidthM: number): HardwareFault | undefined {
    const parsed = GripperCommandResult.safeParse(values);
    if (!parsed.success || !parsed.data.stalled || parsed.data.reached_goal) return undefined;
    const widthM = this.width.value.widthM;
    return new HardwareFault(
      'stalled',
      this.spec.part,
      `opening to ${(goalWidthM * 1000).toFixed(1)} mm stalled at ${(widthM * 1000).toFixed(1)} mm`,
      { widthM, goalWidthM, reachedGoal: false, stalled: true },
    );
  }

  private toPosition(widthM: number): number {
    return this.spec.position.atClosed + this.spec.position.perMetre * widthM;
  }

  private toWidth(position: number): number {
    return (position - this.spec.position.atClosed) / this.spec.position.perMetre;
  }
}
