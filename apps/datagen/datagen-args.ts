import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { SUCTION_30MM } from '../../sim/grasp-trial/effector-models.ts';
import { JAW_JOINTS } from '../../sim/effectors/jaw-joints.ts';
import { parseCommandLine, type CommandSpec, type FlagSpec } from '../cli/args.ts';
import {
  choiceFlag,
  flagIssues,
  intFlag,
  numberFlag,
  parseNumberText,
  rangeFlag,
  textFlag,
} from '../cli/flag-values.ts';
import { GRIPPER_CHOICES, gripperModel } from './gripper-choice.ts';
import type { PlanSettings } from './object-plan.ts';
import { QueueUrlSchema } from './queue/redis-connection.ts';
import { RandomizationSchema } from './randomization.ts';
import { NO_SCENES, parseSceneFlags, type SCENE_FLAGS, type SceneSettings } from './clutter/scene-settings.ts';

/** Seeds feed a 32-bit generator (`seededRandom`): larger values would alias smaller ones. */
const MAX_SEED = 2 ** 32 - 1;

/**
 * Limits of the domain-randomization flags. Beyond them a run mints no usable data (an object 1e300 times its size
 * fits no gripper; a vacuum above one atmosphere cannot exist), so they are refused where they enter.
 */
const RANDOMIZATION_BOUNDS = {
  scale: { min: 0, max: 10, minExclusive: true },
  'mass-factor': { min: 0, max: 100, minExclusive: true },
  'friction-factor': { min: 0, max: 10, minExclusive: true },
  force: { min: 0, max: 1000, minExclusive: true },
  // The most suction can pull is the atmosphere's pressure, 101.325 kPa.
  vacuum: { min: 0, max: 101.325, minExclusive: true },
} as const;

const SCENE_FLAG_SPECS: Readonly<Record<(typeof SCENE_FLAGS)[number], FlagSpec>> = {
  scenes: {
    kind: 'value',
    placeholder: 'K',
    help: 'cluttered bins (scenes/grasp-bin) to render with their collision-free grasps (default 0)',
  },
  'scene-objects': { kind: 'value', placeholder: 'A:B', help: 'objects dropped per bin (default 4:8)' },
  'camera-size': { kind: 'value', placeholder: 'WxH', help: 'depth image size (default 320x240)' },
  'camera-fov': { kind: 'value', placeholder: 'DEG', help: 'vertical field of view (default 55)' },
  'camera-distance': {
    kind: 'value',
    placeholder: 'A:B',
    help: 'camera distance to the bin centre, m (default 0.6:0.9)',
  },
  'camera-elevation': { kind: 'value', placeholder: 'A:B', help: 'camera elevation, deg (default 45:85)' },
};

// Flags of the label and speed work (issues 13 and 15), kept in one block.
const LABEL_FLAG_SPECS: Readonly<Record<'gripper' | 'engine' | 'finger-joints', FlagSpec>> = {
  gripper: {
    kind: 'value',
    placeholder: GRIPPER_CHOICES.join('|'),
    help:
      'parallel jaw (default embody-80mm; panda: Panda-compatible fingertips;\n' +
      "ur: the UR tabletop robot's own gripper, from its URDF)",
  },
  engine: {
    kind: 'value',
    placeholder: 'deterministic|simd',
    help:
      'Rapier build (default deterministic: bit-equal labels on every machine; simd is\n' +
      '~1.8x faster, its labels depend on the CPU; recorded in meta/info.json)',
  },
  'finger-joints': {
    kind: 'value',
    placeholder: JAW_JOINTS.join('|'),
    help:
      "how the trials joint the jaw's fingers (default lean-linkage: the robot's servo and linkage\n" +
      "spring as two motors, the spring on a motor-only joint; linkage: the robot's two prismatic\n" +
      "joints per finger, ~1.3x slower; prismatic: the servo's joint alone, one motor, ~1.1-1.3x faster;\n" +
      'single: rotation-locked fingers on one joint each; locked:\n' +
      "each trial in the gripper's frame, fingers locked to their axis, ~2x faster; single and\n" +
      "locked labels agree a little less with the robot's own gripper; recorded in meta/info.json)",
  },
};

/** `embody datagen`. */
export const DATAGEN_SPEC: CommandSpec = {
  name: 'datagen',
  synopsis: '--objects <catalog names | catalog | folder> --out DIR [options]',
  description:
    'Mints a physics-labelled grasp dataset: samples grasps per object, tests each in Rapier (free-floating gripper,\n' +
    'close, lift, shake; held by friction and motor force only), writes ACRONYM-style HDF5 per object, a Parquet\n' +
    'index and meta/info.json. Running the same command again resumes an interrupted run.',
  flags: {
    objects: {
      kind: 'value',
      placeholder: 'SPEC',
      help: 'comma list of catalog products (can-330ml,tea-box), "catalog" for all, or a folder\nof .obj/.stl/.glb meshes',
    },
    out: { kind: 'value', placeholder: 'DIR', help: 'dataset folder' },
    effector: { kind: 'value', placeholder: 'parallel|suction', help: '(default parallel)' },
    'grasps-per-object': {
      kind: 'value',
      placeholder: 'N',
      help: 'candidates sampled and tested per object (default 100)',
    },
    seed: { kind: 'value', placeholder: 'S', help: 'random seed, 0 to 2^32-1 (default 1)' },
    workers: {
      kind: 'value',
      placeholder: 'W',
      help: 'worker threads; 0 runs in this thread (default and most: the cores available)',
    },
    'chunk-size': {
      kind: 'value',
      placeholder: 'K',
      help: 'trials per physics world and per manifest entry (default 16)',
    },
    'mesh-scale': {
      kind: 'value',
      placeholder: 'F',
      help: 'scale of mesh files, e.g. 0.001 for millimetres (default 1)',
    },
    pose: { kind: 'value', placeholder: 'random|upright', help: 'object orientation randomization (default random)' },
    scale: { kind: 'value', placeholder: 'A:B', help: 'object scale range, within (0, 10] (default 0.9:1.1)' },
    'mass-factor': { kind: 'value', placeholder: 'A:B', help: 'mass factor range, within (0, 100] (default 0.8:1.2)' },
    'friction-factor': {
      kind: 'value',
      placeholder: 'A:B',
      help: 'friction factor range, within (0, 10] (default 0.7:1.3)',
    },
    force: { kind: 'value', placeholder: 'A:B', help: 'grip force range, N, within (0, 1000] (default 15:25)' },
    vacuum: {
      kind: 'value',
      placeholder: 'A:B',
      help: 'suction vacuum range, kPa, within (0, 101.325] (default 40:60)',
    },
    ...SCENE_FLAG_SPECS,
    ...LABEL_FLAG_SPECS,
    'no-progress': { kind: 'switch', help: 'no progress bar' },
    json: { kind: 'switch', help: 'print one JSON summary object on stdout; everything else goes to stderr' },
    queue: {
      kind: 'value',
      placeholder: 'redis://HOST:PORT/DB',
      help: 'run the chunks on `embody worker`s through a BullMQ queue in that Redis; --out must\nbe a folder every worker sees at the same path. Waits for them, then writes the dataset\n(the same bytes as a run on this machine)',
    },
    'shard-chunks': { kind: 'value', placeholder: 'K', help: 'chunks per queue shard (default 4)' },
    tries: {
      kind: 'value',
      placeholder: 'N',
      help: 'tries per queue shard before it is reported as failing (default 3)',
    },
    shard: {
      kind: 'value',
      placeholder: 'I/N',
      help: 'run only static shard I of N (0-based: a Kubernetes Indexed Job completion index, a\nSlurm array index) into <out>/shards/I-of-N/; no dataset files',
    },
    merge: {
      kind: 'switch',
      help: 'build the dataset in --out from <out>/shards/* (settings come from the shards; give\nonly --out)',
    },
  },
  positionals: { min: 0, max: 0, name: 'argument' },
  footer: 'exit codes: 0 complete, 1 error, 2 bad options, 130 interrupted (run the same command again to resume)',
};

/** Parsed `embody datagen` options. */
export interface DatagenArgs {
  readonly help: boolean;
  readonly objects: string;
  readonly out: string;
  /** As asked for; the command caps it at the cores available. */
  readonly workers: number;
  readonly meshScale: number;
  readonly progress: boolean;
  readonly json: boolean;
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

/** A scene flag's value must at least be made of numbers; the scene settings schema checks its bounds. */
const numberSyntax = z.string().refine((s) => parseNumberText(s) !== undefined, { error: 'expected a number' });
const rangeSyntax = z
  .string()
  .refine((s) => s.split(':').length === 2 && s.split(':').every((p) => parseNumberText(p) !== undefined), {
    error: 'expected A:B (two numbers)',
  });

const ArgsSchema = z.object({
  // Required unless --merge (checked below): a merge takes the objects from the shards.
  objects: textFlag.optional(),
  out: textFlag,
  effector: choiceFlag(['parallel', 'suction']).default('parallel'),
  'grasps-per-object': intFlag(1, 1_000_000).default(100),
  seed: intFlag(0, MAX_SEED).default(1),
  workers: intFlag(0, 1_000_000).default(availableParallelism()),
  'chunk-size': intFlag(1, 100_000).default(16),
  'mesh-scale': numberFlag({ min: 0, max: 1000, minExclusive: true }).default(1),
  pose: choiceFlag(['random', 'upright']).default('random'),
  scale: rangeFlag(RANDOMIZATION_BOUNDS.scale).optional(),
  'mass-factor': rangeFlag(RANDOMIZATION_BOUNDS['mass-factor']).optional(),
  'friction-factor': rangeFlag(RANDOMIZATION_BOUNDS['friction-factor']).optional(),
  force: rangeFlag(RANDOMIZATION_BOUNDS.force).optional(),
  vacuum: rangeFlag(RANDOMIZATION_BOUNDS.vacuum).optional(),
  scenes: intFlag(0, 100_000).optional(),
  'scene-objects': rangeSyntax.optional(),
  'camera-size': z.string().optional(),
  'camera-fov': numberSyntax.optional(),
  'camera-distance': rangeSyntax.optional(),
  'camera-elevation': rangeSyntax.optional(),
  'no-progress': z.literal(true).optional(),
  json: z.literal(true).optional(),
  queue: QueueUrlSchema.optional(),
  'shard-chunks': intFlag(1, 100_000).default(4),
  tries: intFlag(1, 1000).default(3),
  shard: z
    .string()
    .regex(/^\d+\/\d+$/, 'expected I/N, e.g. 0/4')
    .transform((v) => v.split('/').map(Number) as [number, number])
    .refine(([i, n]) => n >= 1 && i < n, 'expected 0 <= I < N')
    .optional(),
  merge: z.literal(true).optional(),
  gripper: choiceFlag(GRIPPER_CHOICES).default('embody-80mm'),
  engine: choiceFlag(['deterministic', 'simd']).default('deterministic'),
  'finger-joints': choiceFlag(JAW_JOINTS).optional(),
});

/** A bad `embody datagen` command line: one line per problem. */
export class DatagenArgsError extends Error {
  override readonly name = 'DatagenArgsError';

  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** Parses argv (after `datagen`); throws a `DatagenArgsError` naming each bad flag. */
export function parseDatagenArgs(argv: readonly string[]): DatagenArgs {
  const line = parseCommandLine(DATAGEN_SPEC, argv);
  if (line.help) {
    return {
      help: true,
      objects: '',
      out: '',
      workers: 0,
      meshScale: 1,
      progress: false,
      json: false,
      settings: undefined as never,
      scenes: NO_SCENES,
      mode: { kind: 'local' },
    };
  }
  const parsed = ArgsSchema.safeParse(line.values);
  const problems = [...line.errors, ...(parsed.success ? [] : flagIssues(parsed.error))];
  if (problems.length > 0 || !parsed.success) throw new DatagenArgsError(problems);
  const a = parsed.data;
  const mode = modeOf(a);
  if (a.objects === undefined && mode.kind !== 'merge') throw new DatagenArgsError(['missing --objects']);
  let scenes: SceneSettings;
  try {
    scenes = parseSceneFlags(line.values);
  } catch (error) {
    throw new DatagenArgsError((error as Error).message.split('\n'));
  }
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
    progress: a['no-progress'] !== true,
    json: a.json === true,
    settings: {
      effector: a.effector === 'parallel' ? gripperModel(a.gripper) : SUCTION_30MM,
      graspsPerObject: a['grasps-per-object'],
      seed: a.seed,
      chunkSize: a['chunk-size'],
      schedule: 'fast',
      randomization,
      ...(a.engine === 'simd' ? { engine: 'simd' as const } : {}),
      ...(a['finger-joints'] === undefined ? {} : { fingerJoints: a['finger-joints'] }),
    },
    scenes,
    mode,
  };
}

/** The mode the flags ask for; two modes at once is an error. */
function modeOf(a: z.infer<typeof ArgsSchema>): DatagenMode {
  const asked = [a.merge && '--merge', a.queue !== undefined && '--queue', a.shard !== undefined && '--shard'];
  const flags = asked.filter((f): f is string => typeof f === 'string');
  if (flags.length > 1) throw new DatagenArgsError([`${flags.join(' and ')} exclude each other`]);
  if (a.merge === true) return { kind: 'merge' };
  if (a.queue !== undefined) return { kind: 'queue', url: a.queue, chunksPerShard: a['shard-chunks'], tries: a.tries };
  if (a.shard !== undefined) return { kind: 'shard', index: a.shard[0], count: a.shard[1] };
  return { kind: 'local' };
}
