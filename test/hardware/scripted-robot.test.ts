import { describe, expect, it } from 'vitest';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { makePose } from '../../src/math/pose.ts';
import { createScriptedRobot } from '../../hardware/scripted/scripted-robot.ts';

// The double is what skill tests stand on, so its own behaviour is tested too.
describe('scripted robot double', () => {
  it('describes itself from its URDF: arms, effectors, sensors, lift range', () => {
    const robot = createScriptedRobot(new SimScheduler());
    expect(robot.parts.arms.map((a) => a.name)).toEqual(['left', 'right']);
    expect(robot.parts.arms[1]!.jointNames).toEqual([
      'right_shoulder_yaw_joint',
      'right_shoulder_pitch_joint',
      'right_elbow_joint',
      'right_wrist_pitch_joint',
    ]);
    expect(robot.parts.arms[0]!.endEffector?.kind).toBe('suction-cup');
    expect(robot.parts.arms[1]!.endEffector?.kind).toBe('parallel-gripper');
    expect(robot.parts.lift.heightRangeM).toEqual([0, 0.8]);
    // 60 kPa over a 35 mm cup: 57.7 N.
    expect(robot.parts.suctionCups[0]!.ratedHoldForceN).toBeCloseTo(60e3 * Math.PI * 0.0175 ** 2, 6);
  });

  it('clips joint targets to limits, says which, and takes the time the velocity limit implies', () => {
    const scheduler = new SimScheduler();
    const arm = createScriptedRobot(scheduler).parts.arms[1]!;
    const motion = arm.moveJoints({ positions: [1, 4, 0, 0] });
    expect(motion.applied.positions).toEqual([1, 2.9, 0, 0]);
    expect(motion.applied.clipped).toEqual(['right_shoulder_pitch_joint']);
    expect(motion.applied.durationMs).toBeCloseTo(1450, 6);
    let arrivedAt: number | undefined;
    motion.execution$.subscribe({ complete: () => (arrivedAt = scheduler.now()) });
    scheduler.advanceTo(2000);
    expect(arrivedAt).toBe(1450);
    expect(arm.currentState().positions).toEqual([1, 2.9, 0, 0]);
  });

  it('follows a multi-point trajectory at constant speed through its points, and records it', () => {
    const scheduler = new SimScheduler();
    const robot = createScriptedRobot(scheduler);
    const arm = robot.parts.arms[1]!;
    const limit = arm.limits[0]!.velocity;
    const motion = arm.followTrajectory({ points: [{ positions: [0.5, 0, 0, 0] }, { positions: [1, 0, 0, 0] }] });
    // Each segment takes |Δq| / velocity limit: the double's simplification of the shared timing.
    expect(motion.applied.durationMs).toBeCloseTo((1 / limit) * 1000, 6);
    motion.execution$.subscribe();
    scheduler.advanceTo((0.5 / limit) * 1000);
    expect(arm.currentState().positions[0]).toBeCloseTo(0.5, 6);
    scheduler.advanceTo(5000);
    expect(robot.log.of('arm/right').map((c) => c.command)).toEqual([
      'followTrajectory',
      'followTrajectory:start',
      'followTrajectory:done',
    ]);
  });

  it('records a halt when a motion is unsubscribed before it arrives', () => {
    const scheduler = new SimScheduler();
    const robot = createScriptedRobot(scheduler);
    const sub = robot.parts.base.goTo({ x: 2, y: 0, yawRad: 0 }).execution$.subscribe();
    scheduler.advanceTo(1000);
    sub.unsubscribe();
    expect(robot.log.of('base').map((c) => c.command)).toEqual(['goTo', 'goTo:start', 'goTo:halt']);
    // 0.5 m/s for 1 s: it stopped half way, where it was halted.
    expect(robot.parts.base.pose$.value.x).toBeCloseTo(0.5, 6);
  });

  it('plays scripted faults', () => {
    const scheduler = new SimScheduler();
    const robot = createScriptedRobot(scheduler);
    robot.log.script('lift', 'moveTo', { kind: 'fault', code: 'protective-stop', afterMs: 200 });
    let error: Error | undefined;
    robot.parts.lift.moveTo(0.5).execution$.subscribe({ error: (e: Error) => (error = e) });
    scheduler.advanceTo(1000);
    expect(error?.message).toBe('lift: scripted protective-stop');
    expect(robot.log.of('lift').at(-1)).toEqual({
      timeMs: 200,
      part: 'lift',
      command: 'moveTo:fault',
      args: 'protective-stop',
    });
  });

  it('solves Cartesian targets through IK, and rejects unreachable ones', () => {
    const scheduler = new SimScheduler();
    const arm = createScriptedRobot(scheduler).parts.arms[1]!;
    const reachable = arm.moveCartesian({ poseInBase: makePose([0.4, 0.1, 0.2]) });
    let ok = false;
    reachable.execution$.subscribe({ complete: () => (ok = true) });
    scheduler.advanceTo(10_000);
    expect(ok).toBe(true);
    let fault: Error | undefined;
    arm.moveCartesian({ poseInBase: makePose([3, 0, 0]) }).execution$.subscribe({ error: (e: Error) => (fault = e) });
    scheduler.advanceTo(11_000);
    expect(fault?.message).toMatch(/no IK solution/);
  });
});
