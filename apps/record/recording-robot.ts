import type { EndEffector } from '../../hardware/end-effector.ts';
import type { Robot, RobotParts } from '../../hardware/robot.ts';
import { PartChannel, type CommandLatch } from './command-latch.ts';
import {
  RecordingArm,
  RecordingBase,
  RecordingGripper,
  RecordingLift,
  RecordingSuctionCup,
} from './recording-parts.ts';

/** The recording wrappers of a robot's actuated parts, in the robot's own order. */
export interface RecordingParts {
  readonly arms: readonly RecordingArm[];
  readonly grippers: readonly RecordingGripper[];
  readonly suctionCups: readonly RecordingSuctionCup[];
  readonly lift?: RecordingLift;
  readonly base?: RecordingBase;
}

/**
 * The robot as the task sees it while recording: the same robot, each actuated part wrapped at its hardware
 * interface so every command is recorded (and held to the frame clock by `latch`); sensors and cameras are the
 * robot's own. Skills run on it unchanged.
 */
export function recordingRobot(robot: Robot, latch: CommandLatch): { robot: Robot; parts: RecordingParts } {
  const inner = robot.parts;
  const grippers = inner.grippers.map((g) => new RecordingGripper(g, new PartChannel(latch, `gripper/${g.name}`)));
  const suctionCups = inner.suctionCups.map((c) => new RecordingSuctionCup(c, latch));
  const wrapped = new Map<EndEffector, EndEffector>([
    ...inner.grippers.map((g, i) => [g, grippers[i]!] as const),
    ...inner.suctionCups.map((c, i) => [c, suctionCups[i]!] as const),
  ]);
  const arms = inner.arms.map(
    (a) =>
      new RecordingArm(
        a,
        new PartChannel(latch, `arm/${a.name}`),
        a.endEffector === undefined ? undefined : wrapped.get(a.endEffector),
      ),
  );
  const lift = inner.lift === undefined ? undefined : new RecordingLift(inner.lift, new PartChannel(latch, 'lift'));
  const base = inner.base === undefined ? undefined : new RecordingBase(inner.base, new PartChannel(latch, 'base'));
  const parts: RecordingParts = {
    arms,
    grippers,
    suctionCups,
    ...(lift === undefined ? {} : { lift }),
    ...(base === undefined ? {} : { base }),
  };
  const robotParts: RobotParts = {
    ...(base === undefined ? {} : { base }),
    ...(lift === undefined ? {} : { lift }),
    arms,
    grippers,
    suctionCups,
    ftSensors: inner.ftSensors,
    cameras: inner.cameras,
  };
  const recording: Robot = {
    id: robot.id,
    model: robot.model,
    parts: robotParts,
    lifecycle$: robot.lifecycle$,
    state$: robot.state$,
    connect: () => robot.connect(),
    disconnect: () => robot.disconnect(),
    // The contract's "every part at once", through the wrappers so the stops are recorded.
    stop: () => {
      base?.stop();
      lift?.stop();
      for (const arm of arms) arm.stop();
      for (const gripper of grippers) gripper.stop();
    },
  };
  return { robot: recording, parts };
}
