import type { TimedTrajectoryPoint } from '../arm.ts';
import { HardwareFault, type FaultCode } from '../common.ts';
import { rosTime, type RosDialect } from './dialect.ts';
import { FollowJointTrajectoryResult, TRAJECTORY_ERROR } from './messages.ts';
import type { GoalSpec } from './goal-motion.ts';

/** The action type every joint trajectory controller serves. */
export const FOLLOW_JOINT_TRAJECTORY = 'control_msgs/FollowJointTrajectory';

/**
 * A `control_msgs/FollowJointTrajectory` goal for planned points. The header stamp is zero (start now) and the
 * tolerances are left to the controller's configuration.
 */
export function trajectoryGoal(
  dialect: RosDialect,
  jointNames: readonly string[],
  points: readonly TimedTrajectoryPoint[],
): Record<string, unknown> {
  return {
    trajectory: {
      joint_names: jointNames,
      points: points.map((p) => ({
        positions: p.positions,
        velocities: p.velocities ?? [],
        accelerations: [],
        effort: [],
        time_from_start: rosTime(dialect, p.timeFromStartMs),
      })),
    },
  };
}

/**
 * What a trajectory's error code means for the skill: off the path (a contact pushed the arm off it, or a
 * protective stop) is a collision, not reaching the goal a protective stop, a goal the controller refused is
 * rejected.
 */
function faultCodeOf(errorCode: number): FaultCode {
  switch (errorCode) {
    case TRAJECTORY_ERROR.pathToleranceViolated:
      return 'collision';
    case TRAJECTORY_ERROR.goalToleranceViolated:
      return 'protective-stop';
    case TRAJECTORY_ERROR.invalidGoal:
    case TRAJECTORY_ERROR.invalidJoints:
    case TRAJECTORY_ERROR.oldHeaderTimestamp:
      return 'rejected';
    default:
      return 'driver-error';
  }
}

/** Result checks of a FollowJointTrajectory goal for `part`: a succeeded goal may still carry an error code. */
export function trajectoryResultChecks(
  part: string,
  action: string,
): Pick<GoalSpec, 'checkResult' | 'describeFailure'> {
  const describe = (values: unknown): { code: FaultCode; message: string } | undefined => {
    const result = FollowJointTrajectoryResult.safeParse(values);
    if (!result.success || result.data.error_code === TRAJECTORY_ERROR.successful) return undefined;
    const text = result.data.error_string || `error code ${result.data.error_code}`;
    return { code: faultCodeOf(result.data.error_code), message: `${action}: ${text}` };
  };
  return {
    checkResult: (values) => {
      const why = describe(values);
      return why === undefined ? undefined : new HardwareFault(why.code, part, why.message);
    },
    describeFailure: (status, values) =>
      describe(values) ?? {
        code: 'driver-error',
        message: `${action}: goal ended with status ${status}${typeof values === 'string' ? ` (${values})` : ''}`,
      },
  };
}
