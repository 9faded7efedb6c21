import { BehaviorSubject, type Observable } from 'rxjs';
import type { Motion } from '../common.ts';
import { jointBounds } from '../joint-path-timing.ts';
import type { Lift } from '../lift.ts';
import { planTrajectory } from '../trajectory-plan.ts';
import type { JointLimits } from '../../src/kinematics/model.ts';
import { FOLLOW_JOINT_TRAJECTORY, trajectoryGoal, trajectoryResultChecks } from './follow-joint-trajectory.ts';
import { GoalSlot, type RosPartContext } from './goal-motion.ts';
import type { JointStateCache } from './joint-state-cache.ts';

/**
 * A torso lift behind its own joint trajectory controller: one prismatic joint, moved by one-point
 * `FollowJointTrajectory` goals planned like an arm's (clipped to the URDF range, timed within its speed).
 */
export class RosLift implements Lift {
  readonly heightRangeM: readonly [number, number];
  readonly maxSpeedMps: number;
  readonly height$: Observable<{ readonly stampMs: number; readonly heightM: number }>;
  private readonly height = new BehaviorSubject({ stampMs: 0, heightM: 0 });
  private readonly slot: GoalSlot;

  constructor(
    private readonly ctx: RosPartContext,
    private readonly joints: JointStateCache,
    readonly jointName: string,
    private readonly limits: JointLimits,
    private readonly trajectoryAction: string,
  ) {
    this.heightRangeM = [limits.lower, limits.upper];
    this.maxSpeedMps = limits.velocity > 0 ? limits.velocity : 0.1;
    this.height$ = this.height.asObservable();
    this.slot = new GoalSlot(ctx, 'lift');
    joints.updated$.subscribe((stampMs) => {
      const reading = joints.get(jointName);
      if (reading !== undefined) this.height.next({ stampMs, heightM: reading.position });
    });
  }

  moveTo(heightM: number, speedMps = this.maxSpeedMps): Motion<number> {
    const space = { jointNames: [this.jointName], limits: [this.limits], bounds: jointBounds([this.limits]) };
    const target = { points: [{ positions: [heightM] }], velocityScale: speedMps / this.maxSpeedMps };
    const plan = (): ReturnType<typeof planTrajectory> => planTrajectory(space, [this.height.value.heightM], target);
    let durationMs = plan().applied.durationMs;
    const execution$ = this.slot.execution({
      action: this.trajectoryAction,
      type: FOLLOW_JOINT_TRAJECTORY,
      goal: () => {
        const applied = plan().applied;
        durationMs = applied.durationMs;
        return trajectoryGoal(this.ctx.bridge.options.dialect, [this.jointName], applied.points);
      },
      get durationMs() {
        return durationMs;
      },
      ...trajectoryResultChecks('lift', this.trajectoryAction),
      stateAfterResult: this.joints.updated$,
    });
    return { applied: plan().applied.positions[0]!, execution$ };
  }

  stop(): void {
    this.slot.stop();
  }
}
