import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { z } from 'zod';
import { parseMeshFile } from '../../scenes/mesh-loader.ts';
import type { FailureMode, ParallelJawModel, TrialScheduleName } from '../../sim/grasp-trial/types.ts';
import type { SimShape } from '../../sim/shapes.ts';
import { seededRandom } from '../../src/math/random.ts';

/** One labelled grasp to replay, in the object's physics frame. */
export interface ReplayTrial {
  readonly object: string;
  readonly trialIndex: number;
  readonly label: FailureMode;
  readonly gripperInObject: Matrix4;
  readonly objectRotationInWorld: Quaternion;
  readonly massKg: number;
  readonly friction: number;
  readonly effort: number;
  /** How far the grasped point moved relative to the pads in the dataset's own trial, m (`slip_m`; absent in a grasp not read from a dataset). */
  readonly slipM?: number;
}

/** What a dataset says about its effector, objects and protocol, rebuilt from its own files only. */
export interface ReplayDataset {
  readonly effector: ParallelJawModel;
  readonly schedule: TrialScheduleName;
  /** Physics shape of each object at its scale, in its object frame (the mesh's bounding-box centre). */
  readonly shapes: ReadonlyMap<string, SimShape>;
  readonly trials: readonly ReplayTrial[];
}

const Part = z.object({
  name: z.string(),
  kind: z.enum(['box', 'cylinder']),
  sizeM: z.array(z.number()).length(3).optional(),
  centreM: z.array(z.number()).length(3),
});
const Info = z.object({
  effector: z.object({
    name: z.string(),
    kind: z.literal('parallel', { error: 'the MuJoCo referee replays parallel-jaw datasets only' }),
    tcpM: z.array(z.number()).length(3),
    maxOpeningM: z.number(),
    fingerMassKg: z.number(),
    parts: z.array(Part),
  }),
  physics: z.object({ schedule: z.object({ name: z.enum(['fast', 'long']) }) }),
  objects: z.array(
    z.object({
      name: z.string(),
      mesh: z.string(),
      scale: z.number(),
      sizeScale: z.number(),
      physicsShape: z.record(z.string(), z.unknown()),
      objectInFileM: z.array(z.number()).length(3),
    }),
  ),
});

/** Reads meta/info.json, index.parquet and the meshes of a dataset folder. */
export async function readDataset(dir: string): Promise<ReplayDataset> {
  const infoPath = join(dir, 'meta', 'info.json');
  if (!existsSync(infoPath)) throw new Error(`verify: ${infoPath} not found (is ${dir} an embody dataset?)`);
  const parsed = Info.safeParse(JSON.parse(readFileSync(infoPath, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `verify: ${infoPath}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const info = parsed.data;
  const effector = jawFromDescription(info.effector);
  const shapes = new Map<string, SimShape>();
  const objectInFile = new Map<string, Matrix4>();
  for (const o of info.objects) {
    shapes.set(o.name, await objectShape(dir, o));
    objectInFile.set(o.name, new Matrix4().makeTranslation(...(o.objectInFileM as [number, number, number])));
  }
  const rows = (await parquetReadObjects({
    file: await asyncBufferFromFile(join(dir, 'index.parquet')),
  })) as Record<string, unknown>[];
  const trials = rows.map((r): ReplayTrial => {
    const object = String(r.object);
    const e = [0, 1, 2, 3].flatMap((row) => [0, 1, 2, 3].map((col) => Number(r[`t${row}${col}`])));
    const gripperInFile = new Matrix4().set(...(e as Parameters<Matrix4['set']>));
    const fileToObject = objectInFile.get(object)!.clone().invert();
    return {
      object,
      trialIndex: Number(r.trial_index),
      label: String(r.failure_mode) as FailureMode,
      gripperInObject: fileToObject.multiply(gripperInFile),
      objectRotationInWorld: new Quaternion(
        Number(r.object_qx),
        Number(r.object_qy),
        Number(r.object_qz),
        Number(r.object_qw),
      ),
      massKg: Number(r.mass_kg),
      friction: Number(r.friction),
      effort: Number(r.effort),
      slipM: Number(r.slip_m),
    };
  });
  return { effector, schedule: info.physics.schedule.name, shapes, trials };
}

/** `n` trials drawn without replacement, the same for the same seed. */
export function sampleTrials(trials: readonly ReplayTrial[], n: number, seed: number): ReplayTrial[] {
  const rng = seededRandom(seed);
  const pool = [...trials];
  const out: ReplayTrial[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(rng.int(pool.length), 1)[0]!);
  return out;
}

/** The jaw model from the dataset's gripper description (the parts and the opening). */
function jawFromDescription(e: z.infer<typeof Info>['effector']): ParallelJawModel {
  const part = (name: string) => {
    const p = e.parts.find((x) => x.name === name);
    if (p?.sizeM === undefined) throw new Error(`verify: meta/info.json effector has no box part '${name}'`);
    return { half: p.sizeM.map((s) => s / 2) as [number, number, number], centre: p.centreM };
  };
  const palm = part('palm');
  const pad = part('finger+x');
  return {
    kind: 'parallel',
    name: e.name,
    maxOpeningM: e.maxOpeningM,
    tcpZM: e.tcpM[2]!,
    padHalfM: pad.half,
    padCentreZM: pad.centre[2]!,
    fingerMassKg: e.fingerMassKg,
    palmHalfM: palm.half,
    palmCentreZM: palm.centre[2]!,
  };
}

async function objectShape(dir: string, o: z.infer<typeof Info>['objects'][number]): Promise<SimShape> {
  const s = o.physicsShape;
  const k = o.sizeScale;
  if (s.kind === 'box')
    return { kind: 'box', halfExtentsM: (s.halfExtentsM as number[]).map((h) => h * k) as [number, number, number] };
  if (s.kind === 'cylinder')
    return { kind: 'cylinder', radiusM: Number(s.radiusM) * k, heightM: Number(s.heightM) * k };
  if (s.kind === 'sphere') return { kind: 'sphere', radiusM: Number(s.radiusM) * k };
  // A mesh: the physics used the convex hull of its vertices, scaled as ACRONYM loads it, in the object frame.
  const bytes = readFileSync(join(dir, o.mesh));
  const raw = await parseMeshFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), o.mesh);
  const centre = new Vector3(...o.objectInFileM);
  const points = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) points[i] = raw[i]! * o.scale - centre.getComponent(i % 3);
  return { kind: 'convex', pointsM: points };
}
