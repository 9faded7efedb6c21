import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosDialect } from '../../hardware/ros/dialect.ts';
import { moveArmJoints } from './arm-skill.ts';
import { connectServedRobot, restingJoint, until, type ServedRobot } from './serve-process.ts';

// Cancelling a skill cancels its goal at once, without waiting for the goal to finish (a rosbridge pitfall),
// in both dialects: ROS 2's cancel_action_goal op and ROS 1's actionlib cancel topic.
describe.each<RosDialect>(['ros2', 'ros1'])('cancelling a trajectory over rosbridge (%s)', (dialect) => {
  let served: ServedRobot;
  beforeAll(async () => {
    served = await connectServedRobot(dialect, { watchdogMs: 1000 });
  });
  afterAll(() => served.close());

  it('stops the arm where it is, far short of the target', async () => {
    const arm = served.robot.parts.arms[0]!;
    const start = arm.currentState().positions;
    const target = start.map((q, i) => (i === 0 ? q + 1.5 : q));
    const run = moveArmJoints(served.robot, target, 0.2).subscribe();
    await until(() => Math.abs(arm.currentState().positions[0]! - start[0]!) > 0.1, 20_000, 'the arm to be moving');
    const atCancel = arm.currentState().positions[0]!;
    run.unsubscribe();
    // Still: the same position in joint states 150 ms apart.
    const stoppedAt = await restingJoint(arm);
    // At 0.2 of its speed limit the shoulder covers ~0.6 rad/s: it stopped within a fraction of that.
    expect(Math.abs(stoppedAt - atCancel)).toBeLessThan(0.1);
    expect(Math.abs(target[0]! - stoppedAt)).toBeGreaterThan(1);
  }, 90_000);
});
