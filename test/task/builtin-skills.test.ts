import { describe, expect, it } from 'vitest';
import { timeout } from '../../src/graph/index.ts';
import {
  compileTask,
  createDefaultRegistries,
  failSkill,
  logSkill,
  moveArmJointsSkill,
  waitSkill,
} from '../../src/task/index.ts';
import { runOnDouble } from './run-helpers.ts';

describe('built-in skills on the scripted double', () => {
  it('wait takes its ms of sim time and log reports its message', async () => {
    const { outcome, events } = await runOnDouble(logSkill({ message: 'hello' }));
    expect(outcome).toEqual({ status: 'succeeded', simTimeMs: 0 });
    expect(events.find((e) => e.kind === 'progress')?.message).toBe('hello');
    expect((await runOnDouble(waitSkill({ ms: 750 }))).outcome).toEqual({ status: 'succeeded', simTimeMs: 750 });
  });

  it('fail fails with its reason and message at its path', async () => {
    const { outcome } = await runOnDouble(failSkill({ reason: 'missed', message: 'nothing there' }));
    expect(outcome.status === 'failed' && outcome.failure.describe()).toBe('missed at fail: nothing there');
  });

  it('moveArmJoints drives the named arm and reports tenths of its progress', async () => {
    const { outcome, events, robot } = await runOnDouble(
      moveArmJointsSkill({ arm: 'left', positions: [0.3, 0, 0, 0] }),
    );
    expect(outcome.status).toBe('succeeded');
    expect(robot.log.of('arm/left', 'moveJoints')).toHaveLength(1);
    expect(robot.log.of('arm/right', 'moveJoints')).toHaveLength(0);
    const fractions = events.filter((e) => e.kind === 'progress').map((e) => e.fraction);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect(new Set(fractions).size).toBe(fractions.length);
    expect(robot.parts.arms[0]?.currentState().positions[0]).toBeCloseTo(0.3, 6);
  });

  it('cancelling moveArmJoints halts the arm (timeout unsubscribes the motion)', async () => {
    const slow = moveArmJointsSkill({ arm: 'right', positions: [2, 2, 2, 2], velocityScale: 0.1 });
    const { outcome, robot } = await runOnDouble(timeout({ ms: 200 }, slow));
    expect(outcome.status === 'failed' && outcome.failure.reason).toBe('timeout');
    expect(robot.log.of('arm/right', 'moveJoints:halt')).toHaveLength(1);
    expect(robot.log.of('arm/right', 'moveJoints:done')).toHaveLength(0);
  });

  it('maps a part fault to a skill failure a retry can decide on', async () => {
    const task = compileTask(
      'root:\n  retry: { attempts: 2, when: [collision] }\n  node: { skill: moveArmJoints, params: { arm: right, positions: [0.1, 0, 0, 0] } }\n',
      't.yaml',
      createDefaultRegistries(),
    );
    const scripted = await runOnDouble(task.root, [], (robot) =>
      robot.log.script('arm/right', 'moveJoints', { kind: 'fault', code: 'collision', afterMs: 30 }),
    );
    expect(scripted.outcome.status).toBe('succeeded');
    expect(scripted.robot.log.of('arm/right', 'moveJoints:fault')).toHaveLength(1);
    expect(scripted.robot.log.of('arm/right', 'moveJoints:done')).toHaveLength(1);
  });

  it('fails with precondition-failed for an arm the robot does not have, naming the arms it has', async () => {
    const { outcome } = await runOnDouble(moveArmJointsSkill({ arm: 'middle', positions: [0] }));
    expect(outcome.status === 'failed' && outcome.failure.describe()).toBe(
      'precondition-failed at moveArmJoints: robot has no arm "middle" (arms: left, right)',
    );
  });
});
