import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRosRobotConfig, RosConfigError } from '../../hardware/ros/load-ros-config.ts';
import { ROOT } from './serve-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'embody-ros-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UR = join(ROOT, 'hardware/robots/ur-arm.urdf');
const HUMANOID = join(ROOT, 'hardware/robots/wheeled-humanoid.urdf');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function problem(path: string): Promise<RosConfigError> {
  const error: unknown = await loadRosRobotConfig(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RosConfigError);
  return error as RosConfigError;
}

describe('robot configs for the ROS backend', () => {
  it('fills a UR e-series robot from its preset, with the URDF part names', async () => {
    const { config } = await loadRosRobotConfig(
      file('ur.yaml', `preset: ur-e-series\nurl: ws://robot:9090\nrobot: { id: ur, urdf: ${UR} }\n`),
    );
    expect(config.dialect).toBe('ros2');
    expect(config.jointStates).toBe('/joint_states');
    expect(config.arms).toEqual({
      arm: { trajectoryAction: '/scaled_joint_trajectory_controller/follow_joint_trajectory' },
    });
    expect(config.grippers.gripper!.action).toBe('/robotiq_gripper_controller/gripper_cmd');
    expect(config.grippers.gripper!.position.atClosed).toBe(0.8);
    expect(config.ftSensors).toEqual({ wrist_ft: { topic: '/force_torque_sensor_broadcaster/wrench' } });
    expect(config.watchdogMs).toBe(200);
    expect(config.compression).toBe('json');
  });

  it('names each part of a two-arm robot from the preset template, and takes overrides', async () => {
    const { config } = await loadRosRobotConfig(
      file(
        'humanoid.yaml',
        [
          'preset: embody-serve',
          'url: ws://127.0.0.1:9090',
          'dialect: ros1',
          `robot: { id: humanoid, urdf: ${HUMANOID} }`,
          'arms: { right: { trajectoryAction: /right_arm/follow } }',
          'suctionCups: { left_suction: { topic: /vacuum/left } }',
          'compression: cbor',
        ].join('\n'),
      ),
    );
    expect(config.dialect).toBe('ros1');
    expect(config.arms.left).toEqual({ trajectoryAction: '/left_controller/follow_joint_trajectory' });
    expect(config.arms.right).toEqual({ trajectoryAction: '/right_arm/follow' });
    expect(config.suctionCups.left_suction).toEqual({ topic: '/vacuum/left' });
    expect(config.base?.cmdVel).toBe('/cmd_vel');
    expect(config.lift?.trajectoryAction).toBe('/lift_controller/follow_joint_trajectory');
    expect(config.compression).toBe('cbor');
  });

  it('loads the example configs the README points at', async () => {
    for (const name of ['tabletop-serve.yaml', 'ur5e.yaml']) {
      const { config, model } = await loadRosRobotConfig(join(ROOT, 'examples/robots', name));
      expect(Object.keys(config.arms)).toEqual(model.extras.arms.map((a) => a.name));
    }
  });

  it('names the file, the field and the reason for a bad config', async () => {
    const base = `url: ws://127.0.0.1:9090\nrobot: { id: ur, urdf: ${UR} }\n`;
    expect((await problem(file('a.yaml', `preset: ur-e-series\n${base}watchdogMs: -5\n`))).message).toMatch(
      /a\.yaml: watchdogMs: .*>0/,
    );
    expect((await problem(file('b.yaml', `preset: kuka\n${base}`))).path).toBe('preset');
    expect(
      (await problem(file('c.yaml', `preset: ur-e-series\n${base}arms: { left: { trajectoryAction: /x } }\n`))).message,
    ).toMatch(/c\.yaml: arms\.left: the URDF declares no such part \(it has: arm\)/);
    expect((await problem(file('d.yaml', base))).message).toMatch(
      /d\.yaml: jointStates: required \(no preset gives it\)/,
    );
    expect(
      (await problem(file('e.yaml', `preset: ur-e-series\nurl: http://robot\nrobot: { id: ur, urdf: ${UR} }\n`))).path,
    ).toBe('url');
    expect(
      (await problem(file('f.yaml', `preset: ur-e-series\nurl: ws://x\nrobot: { id: ur, urdf: missing.urdf }\n`))).path,
    ).toBe('robot.urdf');
    expect((await problem(file('g.yaml', 'url: [unclosed\n'))).message).toMatch(/g\.yaml: not valid YAML/);
    expect(
      (await problem(file('h.yaml', `preset: embody-serve\n${base}suctionCups: { x: { setBool: /a, topic: /b } }\n`)))
        .message,
    ).toMatch(/suctionCups\.x: give exactly one of setBool, topic, urSetIo/);
    expect((await problem(join(dir, 'absent.yaml'))).message).toMatch(/absent\.yaml: cannot read/);
  });
});
