import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConditionRangesSchema, type ConditionRanges } from './episode-conditions.ts';

/** `embody record --help`. */
export const RECORD_USAGE = `usage: embody record --task <task file> --scene <scene file> --out DIR [options]

Runs a task in the Rapier sim again and again from randomized starts (object pose jitter, friction) and writes
the episodes as a LeRobot v3.0 dataset: data/ Parquet, meta/ (info.json, tasks, episodes, stats), and depth
videos under videos/ when cameras are asked for. Running the same command again continues after the last
complete episode; Ctrl-C stops after writing a valid dataset of the episodes finished so far.

  --task FILE               task file (YAML or JSON), run once per episode
  --scene FILE              scene file the task runs in (its first robot is recorded)
  --out DIR                 dataset folder (created; an earlier recording there is continued)
  --episodes N              episodes in the dataset (default 10)
  --seed S                  seeds every episode's randomization (default 1)
  --fps F                   frames per second; must divide the sim's step rate (default 30)
  --camera NAMES            comma list of depth cameras to record: a camera of the robot (by name, or NAME_camera),
                            else "head" (a fixed view over the robot's workspace) or "wrist" (on the first arm's tool)
  --camera-size WxH         resolution of head/wrist cameras the robot does not have itself (default 64x48)
  --only-success            leave failed attempts out (keeps trying, up to --max-attempts)
  --max-attempts N          attempts before giving up with --only-success (default 3 x episodes)
  --jitter-m D              object position jitter, uniform in +-D metres on the table plane (default 0.02)
  --jitter-yaw-deg A        object yaw jitter, uniform in +-A degrees (default 10)
  --friction A:B            object friction factor range (default 0.8:1.2)
  --limit-s S               sim time an episode may take before it counts as failed (default 120)
  --no-progress             no progress bar
  -h, --help
exit codes: 0 dataset complete, 1 fewer episodes than asked (stopped, or too many failures), 2 bad options or files
`;

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

const int = (min: number) => z.coerce.number().int().min(min);

const FlagsSchema = z.object({
  task: z.string({ error: 'is required' }).min(1),
  scene: z.string({ error: 'is required' }).min(1),
  out: z.string({ error: 'is required' }).min(1),
  episodes: int(1).default(10),
  seed: int(0).default(1),
  fps: int(1).default(30),
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
  'max-attempts': int(1).optional(),
  'jitter-m': z.coerce.number().nonnegative().optional(),
  'jitter-yaw-deg': z.coerce.number().nonnegative().optional(),
  friction: z
    .string()
    .regex(/^[\d.eE+-]+:[\d.eE+-]+$/, 'expected A:B')
    .transform((s) => s.split(':').map(Number) as [number, number])
    .optional(),
  'limit-s': z.coerce.number().positive().default(120),
});

const VALUE_FLAGS = [
  'task',
  'scene',
  'out',
  'episodes',
  'seed',
  'fps',
  'camera',
  'camera-size',
  'max-attempts',
  'jitter-m',
  'jitter-yaw-deg',
  'friction',
  'limit-s',
] as const;

/** What the command line asked for: help, or options; bad input throws an Error naming each flag and reason. */
export type RecordArgs = { readonly help: true } | ({ readonly help: false } & RecordOptions);

/** Parses argv (the words after `record`) with node's `parseArgs`, then checks values with zod; throws `RecordOptionError`. */
export function parseRecordArgs(argv: readonly string[]): RecordArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(VALUE_FLAGS.map((name) => [name, { type: 'string' as const }])),
        'only-success': { type: 'boolean' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new RecordOptionError((error as Error).message);
  }
  if (values.help === true) return { help: true };
  const parsed = FlagsSchema.safeParse(values);
  if (!parsed.success)
    throw new RecordOptionError(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'));
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
    onlySuccess: values['only-success'] === true,
    // Without --only-success every attempt is kept, so there are exactly as many attempts as episodes.
    maxAttempts:
      values['only-success'] === true ? Math.max(f.episodes, f['max-attempts'] ?? 3 * f.episodes) : f.episodes,
    conditions: conditions.data,
    limitS: f['limit-s'],
    progress: values['no-progress'] !== true,
  };
}
