import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SUCTION_30MM } from '../../sim/grasp-trial/effector-models.ts';
import { GRIPPER_CHOICES, gripperModel } from './gripper-choice.ts';
import type { PlanSettings } from './object-plan.ts';
import { RandomizationSchema } from './randomization.ts';
import { NO_SCENES, parseSceneFlags, SCENE_FLAGS, SCENE_USAGE, type SceneSettings } from './clutter/scene-settings.ts';

// Flags of the label and speed work (issues 13 and 15), kept in one block.
const LABEL_FLAGS = ['gripper', 'engine'] as const;
const LABEL_USAGE = `  --gripper embody-80mm|panda|ur  parallel jaw (default embody-80mm; panda: Panda-compatible fingertips;
                            ur: the UR tabletop robot's own gripper, from its URDF)
  --engine deterministic|simd   Rapier build (default deterministic: bit-equal labels on every machine; simd is
                            ~1.8x faster, its labels depend on the CPU; recorded in meta/info.json)
`;
const LabelFlagsSchema = z.object({
  gripper: z.enum(GRIPPER_CHOICES).default('embody-80mm'),
  engine: z.enum(['deterministic', 'simd']).default('deterministic'),
});

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
${SCENE_USAGE}${LABEL_USAGE}  --no-progress             no progress bar
  -h, --help
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
}

const range = z
  .string()
  .regex(/^[-\d.eE]+:[-\d.eE]+$/, 'expected A:B')
  .transform((s) => s.split(':').map(Number) as [number, number]);
const int = (min: number) => z.coerce.number().int().min(min);

const ArgsSchema = z
  .object({
    objects: z.string({ error: '--objects is required' }).min(1),
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
  })
  .extend(LabelFlagsSchema.shape);

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
    ...SCENE_FLAGS,
    ...LABEL_FLAGS,
  ] as const;
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...Object.fromEntries(strings.map((s) => [s, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
      'no-progress': { type: 'boolean' },
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
    };
  }
  const scenes = parseSceneFlags(values);
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const a = parsed.data;
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
    objects: a.objects,
    out: a.out,
    workers: a.workers,
    meshScale: a['mesh-scale'],
    progress: values['no-progress'] !== true,
    settings: {
      effector: a.effector === 'parallel' ? gripperModel(a.gripper) : SUCTION_30MM,
      graspsPerObject: a['grasps-per-object'],
      seed: a.seed,
      chunkSize: a['chunk-size'],
      schedule: 'fast',
      randomization,
      ...(a.engine === 'simd' ? { engine: 'simd' as const } : {}),
    },
    scenes,
  };
}
