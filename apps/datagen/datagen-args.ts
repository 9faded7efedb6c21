import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PANDA_LIKE_GRIPPER, SUCTION_30MM } from '../../sim/grasp-trial/types.ts';
import type { PlanSettings } from './object-plan.ts';
import { QueueUrlSchema } from './queue/redis-connection.ts';
import { RandomizationSchema } from './randomization.ts';
import { NO_SCENES, parseSceneFlags, SCENE_FLAGS, SCENE_USAGE, type SceneSettings } from './clutter/scene-settings.ts';

/** `embody datagen --help`. */
export const DATAGEN_USAGE = `usage: embody datagen --objects <catalog names | catalog | folder> --out DIR [options]

Mints a physics-labelled grasp dataset: samples grasps per object, tests each in Rapier (free-floating gripper,
close, lift, shake; held by friction and motor force only), writes ACRONYM-style HDF5 per object, a Parquet
index and meta/info.json. Running the same command again resumes an interrupted run.

  --objects SPEC            comma list of catalog products (can-330ml,tea-box), "catalog" for all, or a folder
                            of .obj/.stl/.glb meshes
  --effector parallel|suction   (default parallel)
  --grasps-per-object N     candidates sampled and tested per object (default 100)
  --seed S                  (default 1)
  --workers W               worker threads; 0 runs in this thread (default: number of cores)
  --out DIR                 dataset folder
  --chunk-size K            trials per physics world and per manifest entry (default 16)
  --mesh-scale F            scale of mesh files, e.g. 0.001 for millimetres (default 1)
  --pose random|upright     object orientation randomization (default random)
  --scale A:B  --mass-factor A:B  --friction-factor A:B  --force A:B (N)  --vacuum A:B (kPa)
                            domain randomization ranges
${SCENE_USAGE}  --no-progress             no progress bar
  -h, --help

Across machines (README: "Datagen on many machines"):
  --queue redis://HOST:PORT/DB   run the chunks on \`embody worker\`s through a BullMQ queue in that Redis; --out
                            must be a folder every worker sees at the same path. Waits for them, then writes the
                            dataset (the same bytes as a run on this machine).
  --shard-chunks K          chunks per queue shard (default 4)
  --tries N                 tries per queue shard before it is reported as failing (default 3)
  --shard I/N               run only static shard I of N (0-based: a Kubernetes Indexed Job's completion index, a
                            Slurm array index) into <out>/shards/I-of-N/; no dataset files
  --merge                   build the dataset in --out from <out>/shards/* (the run's settings come from the shards;
                            give only --out)
`;

/** Parsed `embody datagen` options. */
export interface DatagenArgs {
  readonly help: boolean;
  readonly objects: string;
  readonly out: string;
  readonly workers: number;
  readonly meshScale: number;
  readonly progress: boolean;
  readonly settings: PlanSettings;
  /** Cluttered-bin scenes (count 0: none). */
  readonly scenes: SceneSettings;
  /** Who runs the chunks: this machine, a queue's workers, one static shard, or nobody (merging shards). */
  readonly mode: DatagenMode;
}

/** How an invocation runs: the whole run here, through a queue, one static shard, or a merge of shards. */
export type DatagenMode =
  | { readonly kind: 'local' }
  | { readonly kind: 'queue'; readonly url: string; readonly chunksPerShard: number; readonly tries: number }
  | { readonly kind: 'shard'; readonly index: number; readonly count: number }
  | { readonly kind: 'merge' };

const range = z
  .string()
  .regex(/^[-\d.eE]+:[-\d.eE]+$/, 'expected A:B')
  .transform((s) => s.split(':').map(Number) as [number, number]);
const int = (min: number) => z.coerce.number().int().min(min);

const ArgsSchema = z.object({
  objects: z.string().min(1).optional(),
  out: z.string({ error: '--out is required' }).min(1),
  effector: z.enum(['parallel', 'suction']).default('parallel'),
  'grasps-per-object': int(1).default(100),
  seed: int(0).default(1),
  workers: int(0).default(availableParallelism()),
  'chunk-size': int(1).default(16),
  'mesh-scale': z.coerce.number().positive().default(1),
  pose: z.enum(['random', 'upright']).default('random'),
  scale: range.optional(),
  'mass-factor': range.optional(),
  'friction-factor': range.optional(),
  force: range.optional(),
  vacuum: range.optional(),
  queue: QueueUrlSchema.optional(),
  'shard-chunks': int(1).default(4),
  tries: int(1).default(3),
  shard: z
    .string()
    .regex(/^\d+\/\d+$/, 'expected I/N, e.g. 0/4')
    .transform((v) => v.split('/').map(Number) as [number, number])
    .refine(([i, n]) => n >= 1 && i < n, 'expected 0 <= I < N')
    .optional(),
});

/** Parses argv (after `datagen`); throws an Error with a readable message on bad input. */
export function parseDatagenArgs(argv: readonly string[]): DatagenArgs {
  const strings = [
    'objects',
    'out',
    'effector',
    'grasps-per-object',
    'seed',
    'workers',
    'chunk-size',
    'mesh-scale',
    'pose',
    'scale',
    'mass-factor',
    'friction-factor',
    'force',
    'vacuum',
    'queue',
    'shard-chunks',
    'tries',
    'shard',
    ...SCENE_FLAGS,
  ] as const;
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...Object.fromEntries(strings.map((s) => [s, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
      'no-progress': { type: 'boolean' },
      merge: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) {
    return {
      help: true,
      objects: '',
      out: '',
      workers: 0,
      meshScale: 1,
      progress: false,
      settings: undefined as never,
      scenes: NO_SCENES,
      mode: { kind: 'local' },
    };
  }
  const scenes = parseSceneFlags(values);
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const a = parsed.data;
  const merge = values.merge === true;
  const modes = [merge && '--merge', a.queue !== undefined && '--queue', a.shard !== undefined && '--shard'];
  if (modes.filter(Boolean).length > 1) throw new Error(`${modes.filter(Boolean).join(' and ')} exclude each other`);
  if (!merge && a.objects === undefined) throw new Error('--objects: --objects is required');
  const mode: DatagenMode = merge
    ? { kind: 'merge' }
    : a.queue !== undefined
      ? { kind: 'queue', url: a.queue, chunksPerShard: a['shard-chunks'], tries: a.tries }
      : a.shard !== undefined
        ? { kind: 'shard', index: a.shard[0], count: a.shard[1] }
        : { kind: 'local' };
  const randomization = RandomizationSchema.parse({
    pose: a.pose,
    ...(a.scale && { scale: a.scale }),
    ...(a['mass-factor'] && { massFactor: a['mass-factor'] }),
    ...(a['friction-factor'] && { frictionFactor: a['friction-factor'] }),
    ...(a.force && { gripForceN: a.force }),
    ...(a.vacuum && { vacuumKPa: a.vacuum }),
  });
  return {
    help: false,
    objects: a.objects ?? '',
    out: a.out,
    workers: a.workers,
    meshScale: a['mesh-scale'],
    progress: values['no-progress'] !== true,
    settings: {
      effector: a.effector === 'parallel' ? PANDA_LIKE_GRIPPER : SUCTION_30MM,
      graspsPerObject: a['grasps-per-object'],
      seed: a.seed,
      chunkSize: a['chunk-size'],
      schedule: 'fast',
      randomization,
    },
    scenes,
    mode,
  };
}
