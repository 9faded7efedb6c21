import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { KinematicModel } from '../../src/kinematics/model.ts';
import { parseUrdf } from '../../src/kinematics/urdf-parser.ts';
import { presetName, ROS_PRESETS, type GripperPositionMap, type RosPreset } from './presets.ts';
import { RosRobotConfigSchema, type RosRobotConfig, type RosRobotConfigFile } from './ros-config.ts';

/**
 * A bad robot config: the file, where inside it (`grippers.gripper.action`), and why.
 *
 * @example
 * // robots/ur5e.yaml: watchdogMs: Too small: expected number to be >0
 */
export class RosConfigError extends Error {
  override readonly name = 'RosConfigError';
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${file}: ${path}: ${reason}` : `${file}: ${reason}`);
  }
}

/** The gripper map when neither config nor preset gives one: the command is the pad gap in metres. */
const WIDTH_IN_METRES: GripperPositionMap = { atClosed: 0, perMetre: 1 };

/** A loaded robot config: interface names resolved against the preset, and the robot's URDF model. */
export interface LoadedRosRobot {
  readonly config: RosRobotConfig;
  readonly model: KinematicModel;
  readonly file: string;
}

/**
 * Reads a robot config (YAML or JSON), validates it, loads its URDF and fills every part the URDF's `<embody>` tag
 * declares with the preset's interface names where the file gives none.
 *
 * @throws RosConfigError naming the file, the field and the reason.
 */
export async function loadRosRobotConfig(file: string): Promise<LoadedRosRobot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RosConfigError(file, '', `cannot read: ${(error as Error).message}`);
  }
  const doc = parseDocument(text);
  const syntax = doc.errors[0];
  if (syntax !== undefined) throw new RosConfigError(file, '', `not valid YAML: ${syntax.message.split('\n')[0]!}`);
  const parsed = RosRobotConfigSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RosConfigError(file, issue.path.map(String).join('.'), issue.message);
  }
  const urdfPath = resolve(dirname(file), parsed.data.robot.urdf);
  let model: KinematicModel;
  try {
    model = parseUrdf(await readFile(urdfPath, 'utf8'), urdfPath);
  } catch (error) {
    throw new RosConfigError(file, 'robot.urdf', (error as Error).message);
  }
  return { config: resolveRosConfig(file, parsed.data, model), model, file };
}

/**
 * Applies the preset: each part the URDF declares gets the config's names, else the preset's (with `{name}` the
 * part's name); a part neither names is left out of the robot. Names the config gives for parts the URDF does not
 * declare are errors.
 */
export function resolveRosConfig(file: string, raw: RosRobotConfigFile, model: KinematicModel): RosRobotConfig {
  const preset: RosPreset | undefined = raw.preset === undefined ? undefined : ROS_PRESETS[raw.preset];
  const ex = model.extras;
  const known = (section: string, names: readonly string[], given: Readonly<Record<string, unknown>>): void => {
    for (const name of Object.keys(given))
      if (!names.includes(name))
        throw new RosConfigError(
          file,
          `${section}.${name}`,
          `the URDF declares no such part (it has: ${names.join(', ') || 'none'})`,
        );
  };
  known(
    'arms',
    ex.arms.map((a) => a.name),
    raw.arms,
  );
  known(
    'grippers',
    ex.grippers.map((g) => g.name),
    raw.grippers,
  );
  known(
    'suctionCups',
    ex.suctionCups.map((s) => s.name),
    raw.suctionCups,
  );
  known(
    'ftSensors',
    ex.ftSensors.map((s) => s.name),
    raw.ftSensors,
  );
  known(
    'cameras',
    ex.cameras.map((c) => c.name),
    raw.cameras,
  );
  const jointStates = raw.jointStates ?? preset?.jointStates;
  if (jointStates === undefined) throw new RosConfigError(file, 'jointStates', 'required (no preset gives it)');
  const named = <T extends object>(
    names: readonly string[],
    given: Readonly<Record<string, T>>,
    fallback: ((name: string) => T) | undefined,
  ): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const name of names) {
      const entry = given[name] ?? fallback?.(name);
      if (entry !== undefined) out[name] = entry;
    }
    return out;
  };
  const p = preset;
  const grippers = named<RosRobotConfigFile['grippers'][string]>(
    ex.grippers.map((g) => g.name),
    raw.grippers,
    p?.gripper && ((name) => ({ action: presetName(p.gripper!.action, name) })),
  );
  return {
    url: raw.url,
    dialect: raw.dialect ?? preset?.dialect ?? 'ros2',
    robot: raw.robot,
    compression: raw.compression,
    connectTimeoutMs: raw.connectTimeoutMs,
    watchdogMs: raw.watchdogMs,
    reconnect: raw.reconnect,
    cborFallbackMs: raw.cborFallbackMs,
    goalAcceptTimeoutMs: raw.goalAcceptTimeoutMs,
    maxVelocityScale: raw.maxVelocityScale,
    jointStates,
    arms: named(
      ex.arms.map((a) => a.name),
      raw.arms,
      p && ((name) => ({ trajectoryAction: presetName(p.arm.trajectoryAction, name) })),
    ),
    grippers: Object.fromEntries(
      Object.entries(grippers).map(([name, g]) => [
        name,
        { ...g, position: g.position ?? p?.gripper?.position ?? WIDTH_IN_METRES },
      ]),
    ),
    suctionCups: named<RosRobotConfigFile['suctionCups'][string]>(
      ex.suctionCups.map((s) => s.name),
      raw.suctionCups,
      p?.suction &&
        ((name) => ({
          setBool: presetName(p.suction!.setBool, name),
          ...(p.suction!.sealedTopic === undefined ? {} : { sealedTopic: presetName(p.suction!.sealedTopic, name) }),
        })),
    ),
    ftSensors: named(
      ex.ftSensors.map((s) => s.name),
      raw.ftSensors,
      p?.ftSensor && ((name) => ({ topic: presetName(p.ftSensor!.topic, name) })),
    ),
    cameras: named<RosRobotConfigFile['cameras'][string]>(
      ex.cameras.map((c) => c.name),
      raw.cameras,
      p?.camera && ((name) => ({ depthImage: presetName(p.camera!.depthImage, name) })),
    ),
    ...optionalPart(
      'lift',
      raw.lift ?? (ex.lift && p?.lift ? { trajectoryAction: presetName(p.lift.trajectoryAction, 'lift') } : undefined),
    ),
    ...optionalPart('base', raw.base ?? (ex.base && ex.base.kind !== 'bipedal' && p?.base ? { ...p.base } : undefined)),
    ...optionalPart('objectPoses', raw.objectPoses ?? (p?.objectPoses ? { ...p.objectPoses } : undefined)),
  };
}

function optionalPart<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}
