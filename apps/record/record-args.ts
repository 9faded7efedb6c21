import { z } from 'zod';
import { commandUsage, parseCommandLine, type CommandSpec } from '../cli/args.ts';
import { flagIssues, intFlag, numberFlag, rangeFlag, textFlag } from '../cli/flag-values.ts';
import { ConditionRangesSchema, type ConditionRanges } from './episode-conditions.ts';

/** `embody record`: its flags and usage (`embody record -h`). */
export const RECORD_SPEC: CommandSpec = {
  name: 'record',
  synopsis: '--task <task file> --scene <scene file> --out DIR [options]',
  description:
    'Runs a task in the Rapier sim again and again from randomized starts (object pose jitter, friction) and writes\n' +
    'the episodes as a LeRobot v3.0 dataset: data/ Parquet, meta/ (info.json, tasks, episodes, stats), and depth\n' +
    'videos under videos/ when cameras are asked for. Running the same command again continues after the last\n' +
    'complete episode; Ctrl-C stops after writing a valid dataset of the episodes finished so far.',
  flags: {
    task: { kind: 'value', placeholder: 'FILE', help: 'task file (YAML or JSON), run once per episode' },
    scene: { kind: 'value', placeholder: 'FILE', help: 'scene file the task runs in (its first robot is recorded)' },
    out: {
      kind: 'value',
      placeholder: 'DIR',
      help: 'dataset folder (created; an earlier recording there is continued)',
    },
    episodes: { kind: 'value', placeholder: 'N', help: 'episodes in the dataset (default 10)' },
    seed: { kind: 'value', placeholder: 'S', help: "seeds every episode's randomization (default 1)" },
    fps: { kind: 'value', placeholder: 'F', help: "frames per second; must divide the sim's step rate (default 30)" },
    camera: {
      kind: 'value',
      placeholder: 'NAMES',
      help:
        'comma list of depth cameras to record: a camera of the robot (by name, or NAME_camera),\n' +
        'else "head" (a fixed view over the robot\'s workspace) or "wrist" (on the first arm\'s tool)',
    },
    'camera-size': {
      kind: 'value',
      placeholder: 'WxH',
      help: 'resolution of head/wrist cameras the robot does not have itself (default 64x48)',
    },
    'only-success': { kind: 'switch', help: 'leave failed attempts out (keeps trying, up to --max-attempts)' },
    'max-attempts': {
      kind: 'value',
      placeholder: 'N',
      help: 'attempts before giving up with --only-success (default 3 x episodes)',
    },
    'jitter-m': {
      kind: 'value',
      placeholder: 'D',
      help: 'object position jitter, uniform in +-D metres on the table plane (default 0.02)',
    },
    'jitter-yaw-deg': {
      kind: 'value',
      placeholder: 'A',
      help: 'object yaw jitter, uniform in +-A degrees (default 10)',
    },
    friction: { kind: 'value', placeholder: 'A:B', help: 'object friction factor range (default 0.8:1.2)' },
    'limit-s': {
      kind: 'value',
      placeholder: 'S',
      help: 'sim time an episode may take before it counts as failed (default 120)',
    },
    'no-progress': { kind: 'switch', help: 'no progress bar' },
  },
  positionals: { min: 0, max: 0, name: 'argument' },
  footer:
    'exit codes: 0 dataset complete, 1 fewer episodes than asked (stopped, or too many failures), 2 bad options or files',
};

/** `embody record --help`. */
export const RECORD_USAGE = commandUsage(RECORD_SPEC);

/** Options the command line or the built sim refuse (a bad flag, an fps the sim cannot step to, an unknown camera). */
export class RecordOptionError extends Error {
  override readonly name = 'RecordOptionError';
}

/** Parsed `embody record` options. */
export interface RecordOptions {
  readonly task: string;
  readonly scene: string;
  readonly out: string;
  readonly episodes: number;
  readonly seed: number;
  readonly fps: number;
  readonly cameras: readonly string[];
  readonly cameraSizePx: readonly [number, number];
  readonly onlySuccess: boolean;
  readonly maxAttempts: number;
  readonly conditions: ConditionRanges;
  readonly limitS: number;
  readonly progress: boolean;
}

/** Seeds feed a 32-bit generator: larger values would alias smaller ones. */
const MAX_SEED = 2 ** 32 - 1;

const FlagsSchema = z.object({
  task: textFlag,
  scene: textFlag,
  out: textFlag,
  episodes: intFlag(1, 1_000_000).default(10),
  seed: intFlag(0, MAX_SEED).default(1),
  fps: intFlag(1, 10_000).default(30),
  camera: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/, 'expected a comma list of camera names')
    .transform((s) => s.split(','))
    .refine((names) => new Set(names).size === names.length, 'a camera is named twice')
    .optional(),
  'camera-size': z
    .string()
    .regex(/^\d+x\d+$/, 'expected WxH, e.g. 64x48')
    .transform((s) => s.split('x').map(Number) as [number, number])
    .refine(([w, h]) => w >= 16 && h >= 16, 'at least 16x16 pixels (the smallest frame the HEVC encoder takes)')
    .default([64, 48]),
  'max-attempts': intFlag(1, 1_000_000).optional(),
  'jitter-m': numberFlag({ min: 0, max: 10 }).optional(),
  'jitter-yaw-deg': numberFlag({ min: 0, max: 180 }).optional(),
  friction: rangeFlag({ min: 0, max: 10, minExclusive: true }).optional(),
  'limit-s': numberFlag({ min: 0, max: 86_400, minExclusive: true }).default(120),
  'only-success': z.literal(true).optional(),
  'no-progress': z.literal(true).optional(),
});

/** What the command line asked for: help, or options; bad input throws an Error naming each flag and reason. */
export type RecordArgs = { readonly help: true } | ({ readonly help: false } & RecordOptions);

/** Parses argv (the words after `record`) with the CLI's parser, then checks values with zod; throws `RecordOptionError`. */
export function parseRecordArgs(argv: readonly string[]): RecordArgs {
  const line = parseCommandLine(RECORD_SPEC, argv);
  if (line.help) return { help: true };
  const parsed = FlagsSchema.safeParse(line.values);
  const problems = [...line.errors, ...(parsed.success ? [] : flagIssues(parsed.error))];
  if (problems.length > 0 || !parsed.success) throw new RecordOptionError(problems.join('\n'));
  const f = parsed.data;
  const conditions = ConditionRangesSchema.safeParse({
    ...(f['jitter-m'] === undefined ? {} : { jitterM: f['jitter-m'] }),
    ...(f['jitter-yaw-deg'] === undefined ? {} : { jitterYawDeg: f['jitter-yaw-deg'] }),
    ...(f.friction === undefined ? {} : { frictionFactor: f.friction }),
  });
  if (!conditions.success)
    throw new RecordOptionError(`--friction: ${conditions.error.issues[0]?.message ?? 'bad range'}`);
  return {
    help: false,
    task: f.task,
    scene: f.scene,
    out: f.out,
    episodes: f.episodes,
    seed: f.seed,
    fps: f.fps,
    cameras: f.camera ?? [],
    cameraSizePx: f['camera-size'],
    onlySuccess: f['only-success'] === true,
    // Without --only-success every attempt is kept, so there are exactly as many attempts as episodes.
    maxAttempts: f['only-success'] === true ? Math.max(f.episodes, f['max-attempts'] ?? 3 * f.episodes) : f.episodes,
    conditions: conditions.data,
    limitS: f['limit-s'],
    progress: f['no-progress'] !== true,
  };
}
