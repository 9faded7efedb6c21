import { Observable } from 'rxjs';
import { z } from 'zod';
import type { Arm, TrajectoryPoint } from '../../hardware/arm.ts';
import { HardwareFault, type Motion, type MotionFeedback } from '../../hardware/common.ts';
import type { ParallelGripper } from '../../hardware/end-effector.ts';
import type { Lift } from '../../hardware/lift.ts';
import type { MobileBase } from '../../hardware/mobile-base.ts';
import { timeToMs } from '../../hardware/ros/dialect.ts';
import { FOLLOW_JOINT_TRAJECTORY } from '../../hardware/ros/follow-joint-trajectory.ts';
import { TRAJECTORY_ERROR } from '../../hardware/ros/messages.ts';
import type { GripperPositionMap } from '../../hardware/ros/presets.ts';
import { jointBounds } from '../../hardware/joint-path-timing.ts';
import { planTrajectory, TrajectoryTargetError } from '../../hardware/trajectory-plan.ts';
import { latestOf } from './latest.ts';
import { GoalRejected, type ActionEvent, type ActionServer } from './ros-graph.ts';

const Numbers = z.preprocess(
  (v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v),
  z.array(z.number()),
);
const TrajectoryGoal = z.object({
  trajectory: z.object({
    joint_names: z.array(z.string()),
    points: z
      .array(z.object({ positions: Numbers, velocities: Numbers.default([]), time_from_start: z.unknown() }).loose())
      .min(1),
  }),
});

/** Something that moves through joint trajectories: an arm, or a lift seen as a one-joint arm. */
interface TrajectoryTarget {
  readonly jointNames: readonly string[];
  readonly limits: Arm['limits'];
  positions(): readonly number[];
  follow(points: TrajectoryPoint[]): Motion<unknown>;
}

/**
 * A `FollowJointTrajectory` action over a sim part, as a joint trajectory controller answers it: joints may come
 * in any order (every one of the part's must be there), the points run as one timed trajectory from where the
 * part is, a contact (protective stop) aborts with PATH_TOLERANCE_VIOLATED, cancelling halts the part.
 */
export function trajectoryAction(target: TrajectoryTarget): ActionServer {
  const fail = (code: number, message: string): { error_code: number; error_string: string } => ({
    error_code: code,
    error_string: message,
  });
  return {
    type: FOLLOW_JOINT_TRAJECTORY,
    canceledResult: () => fail(TRAJECTORY_ERROR.successful, 'cancelled'),
    execute(goal) {
      const parsed = TrajectoryGoal.safeParse(goal);
      if (!parsed.success)
        throw new GoalRejected(
          `malformed trajectory: ${parsed.error.issues[0]!.message}`,
          fail(TRAJECTORY_ERROR.invalidGoal, 'malformed'),
        );
      const { joint_names: names, points } = parsed.data.trajectory;
      const order = target.jointNames.map((n) => names.indexOf(n));
      if (order.some((i) => i < 0) || names.length !== target.jointNames.length) {
        const message = `joints must be exactly ${target.jointNames.join(', ')}`;
        throw new GoalRejected(message, fail(TRAJECTORY_ERROR.invalidJoints, message));
      }
      const reorder = (values: readonly number[]): number[] => order.map((i) => values[i]!);
      const trajectory: TrajectoryPoint[] = points.map((p) => ({
        positions: reorder(p.positions),
        ...(p.velocities.length === names.length ? { velocities: reorder(p.velocities) } : {}),
        timeFromStartMs: timeToMs(p.time_from_start),
      }));
      try {
        const space = { jointNames: target.jointNames, limits: target.limits, bounds: jointBounds(target.limits) };
        planTrajectory(space, target.positions(), { points: trajectory });
      } catch (error) {
        if (!(error instanceof TrajectoryTargetError)) throw error;
        throw new GoalRejected(error.message, fail(TRAJECTORY_ERROR.invalidGoal, error.message));
      }
      return motionEvents(target.follow(trajectory), {
        feedback: () => ({ joint_names: target.jointNames, actual: { positions: [...target.positions()] } }),
        result: () => fail(TRAJECTORY_ERROR.successful, ''),
        failure: (fault) =>
          fault.code === 'rejected'
            ? { state: 'canceled', values: fail(TRAJECTORY_ERROR.successful, fault.message) }
            : {
                state: 'aborted',
                values: fail(
                  fault.code === 'collision'
                    ? TRAJECTORY_ERROR.pathToleranceViolated
                    : TRAJECTORY_ERROR.goalToleranceViolated,
                  fault.message,
                ),
              },
      });
    },
  };
}

/** An arm as a trajectory target. */
export function armTarget(arm: Arm): TrajectoryTarget {
  return {
    jointNames: arm.jointNames,
    limits: arm.limits,
    positions: () => arm.currentState().positions,
    follow: (points) => arm.followTrajectory({ points }),
  };
}

/** A lift as a one-joint trajectory target: it goes to the last point's height. */
export function liftTarget(lift: Lift, limits: Arm['limits'][number]): TrajectoryTarget {
  return {
    jointNames: [lift.jointName],
    limits: [limits],
    positions: () => [latestOf(lift.height$)?.heightM ?? 0],
    follow: (points) => lift.moveTo(points[points.length - 1]!.positions[0]!),
  };
}

const GripperGoal = z.object({ command: z.object({ position: z.number(), max_effort: z.number().default(0) }) });

/** A gripper target at most this wide is a grasp: close with force until the fingers stall or meet, m. */
const GRASP_WIDTH_M = 0.001;

/**
 * A `GripperCommand` action over a sim gripper, position mapped by `map` (the embody-serve preset: one finger's
 * travel). A closed target is a grasp: close with `max_effort` (the gripper's rated force when 0) until the fingers
 * stall on something or meet; any other target moves the fingers to that gap.
 */
export function gripperAction(gripper: ParallelGripper, map: GripperPositionMap): ActionServer {
  const widthOf = (position: number): number => (position - map.atClosed) / map.perMetre;
  const result = (goalWidthM: number): Record<string, unknown> => {
    const widthM = latestOf(gripper.width$)?.widthM ?? 0;
    const stalled = latestOf(gripper.objectDetected$) === true;
    return {
      position: map.atClosed + map.perMetre * widthM,
      effort: 0,
      stalled,
      reached_goal: Math.abs(widthM - goalWidthM) < 0.002,
    };
  };
  return {
    type: 'control_msgs/GripperCommand',
    canceledResult: () => result(Number.NaN),
    execute(goal) {
      const parsed = GripperGoal.safeParse(goal);
      if (!parsed.success) throw new GoalRejected(`malformed gripper command: ${parsed.error.issues[0]!.message}`);
      const target = widthOf(parsed.data.command.position);
      const force = parsed.data.command.max_effort > 0 ? parsed.data.command.max_effort : gripper.maxForceN;
      const motion: Motion<unknown> = target <= GRASP_WIDTH_M ? gripper.close(force) : gripper.open(target);
      return motionEvents(motion, {
        feedback: () => result(target),
        result: () => result(target),
        // An opening the fingers could not finish reports `stalled` short of the goal, as a real driver does.
        failure: (fault) => ({
          state: fault.code === 'rejected' ? 'canceled' : 'aborted',
          values: { ...result(target), ...(fault.code === 'stalled' ? { stalled: true } : {}) },
        }),
      });
    },
  };
}

/** A navigation action over a sim base's `goTo` (Nav2's NavigateToPose, or move_base in ROS 1). */
export function navigateAction(base: MobileBase, type: string, poseField: 'pose' | 'target_pose'): ActionServer {
  const Goal = z.object({
    [poseField]: z
      .object({
        pose: z.object({
          position: z.object({ x: z.number(), y: z.number() }).loose(),
          orientation: z.object({ x: z.number(), y: z.number(), z: z.number(), w: z.number() }),
        }),
      })
      .loose(),
  });
  return {
    type,
    canceledResult: () => ({}),
    execute(goal) {
      const parsed = Goal.safeParse(goal);
      if (!parsed.success) throw new GoalRejected(`malformed navigation goal: ${parsed.error.issues[0]!.message}`);
      const { position: p, orientation: q } = (
        parsed.data[poseField] as {
          pose: { position: { x: number; y: number }; orientation: { x: number; y: number; z: number; w: number } };
        }
      ).pose;
      const yawRad = Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
      return motionEvents(base.goTo({ x: p.x, y: p.y, yawRad }), {
        feedback: () => ({}),
        result: () => ({}),
        failure: (fault) => ({ state: fault.code === 'rejected' ? 'canceled' : 'aborted', values: {} }),
      });
    },
  };
}

/** A part's Motion as action events; unsubscribing halts the part (the Motion's own teardown). */
function motionEvents(
  motion: Motion<unknown>,
  report: {
    feedback: () => unknown;
    result: () => unknown;
    failure: (fault: HardwareFault) => { state: 'aborted' | 'canceled'; values: unknown };
  },
): Observable<ActionEvent> {
  return new Observable<ActionEvent>((subscriber) =>
    motion.execution$.subscribe({
      next: (_feedback: MotionFeedback) => subscriber.next({ kind: 'feedback', values: report.feedback() }),
      complete: () => {
        subscriber.next({ kind: 'result', state: 'succeeded', values: report.result() });
        subscriber.complete();
      },
      error: (error: unknown) => {
        if (!(error instanceof HardwareFault)) {
          subscriber.error(error);
          return;
        }
        const { state, values } = report.failure(error);
        subscriber.next({ kind: 'result', state, values });
        subscriber.complete();
      },
    }),
  );
}
