import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { TRIAL_PROTOCOL } from '../../sim/grasp-trial/protocol.ts';
import { FAILURE_CODES, type FailureMode, type TrialResult } from '../../sim/grasp-trial/types.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { effectorInfo, objectInfo, physicsInfo, schemaInfo } from './dataset-info.ts';
import { gripperConfiguration, gripperObj, GRIPPER_FILES, gripperUrdf } from './gripper-description.ts';
import { Hdf5Writer } from './hdf5-writer.ts';
import type { ChunkStore } from './manifest.ts';
import type { ObjectPlan, PlanSettings } from './object-plan.ts';
import { writeParquetIndex, type IndexPart } from './parquet-writer.ts';
import { trianglesToObj } from './primitive-mesh.ts';
import { sampleRows } from './sample-rows.ts';

/** Counts over the finished trials of a dataset. */
export interface DatasetCounts {
  readonly planned: number;
  readonly done: number;
  readonly successes: number;
  readonly failures: Readonly<Record<FailureMode, number>>;
}

/** Paths of an object's files relative to the dataset root. */
export function objectPaths(plan: { readonly object: Pick<ObjectPlan['object'], 'name' | 'sourceFile'> }): {
  h5: string;
  mesh: string;
} {
  const ext = plan.object.sourceFile === undefined ? '.obj' : extname(plan.object.sourceFile).toLowerCase();
  return { h5: `grasps/${plan.object.name}.h5`, mesh: `meshes/${plan.object.name}${ext}` };
}

/** Copies or exports each object's mesh next to the data (skipped when already there). */
export function exportMeshes(outDir: string, plans: readonly ObjectPlan[]): void {
  for (const plan of plans) {
    const target = join(outDir, objectPaths(plan).mesh);
    if (existsSync(target)) continue;
    if (plan.object.sourceFile !== undefined) {
      writeFileAtomic(target, readFileSync(plan.object.sourceFile));
    } else {
      writeFileAtomic(
        target,
        trianglesToObj(plan.object.triangles, `${plan.object.name}, metres, scale 1 (see object/scale)`),
      );
    }
  }
}

/**
 * Writes the loadable dataset from the finished chunks: one HDF5 file per object, the Parquet index and
 * meta/info.json. Run at the end and on Ctrl-C, so an interrupted run leaves a valid (partial) dataset.
 */
export async function finalizeDataset(
  outDir: string,
  plans: readonly ObjectPlan[],
  store: ChunkStore,
  settings: PlanSettings,
  meta: { generator: string; version: string; objectsSpec: string },
): Promise<DatasetCounts> {
  const failures = Object.fromEntries(Object.keys(FAILURE_CODES).map((k) => [k, 0])) as Record<FailureMode, number>;
  let done = 0;
  let successes = 0;
  const parts: IndexPart[] = [];
  const objects: unknown[] = [];
  const hdf5 = new Hdf5Writer();
  try {
    for (const plan of plans) {
      const results = new Map<number, TrialResult>();
      for (let c = 0; c < plan.chunkCount; c++) {
        if (!store.has(plan.index, c)) continue;
        store.get(plan.index, c).forEach((r, i) => results.set(c * settings.chunkSize + i, r));
      }
      const rows = sampleRows(plan, results);
      const paths = objectPaths(plan);
      const mp = plan.massProperties;
      await hdf5.writeObject(join(outDir, paths.h5), {
        meshFile: paths.mesh,
        scale: plan.object.fileScale * plan.scale,
        massKg: plan.massKg,
        friction: plan.object.friction,
        comM: mp.comM,
        inertiaKgM2: mp.inertiaKgM2,
        volumeM3: mp.volumeM3,
        densityKgM3: mp.densityKgM3,
        gripperName: settings.effector.name,
        gripperConfiguration: gripperConfiguration(settings.effector),
        gripperDescription: JSON.stringify(effectorInfo(settings)),
        physicsDescription: JSON.stringify(physicsInfo(settings)),
        rows,
      });
      parts.push({ object: plan.object.name, h5File: paths.h5, rows });
      for (const row of rows) {
        done++;
        if (row.success) successes++;
        failures[row.failure]++;
      }
      objects.push({
        ...objectInfo(plan, paths),
        done: rows.length,
        successes: rows.filter((r) => r.success).length,
      });
    }
  } finally {
    await hdf5.close();
  }
  writeParquetIndex(join(outDir, 'index.parquet'), parts, `${meta.generator} ${meta.version}`);
  const planned = plans.reduce((n, p) => n + p.trials.length, 0);
  const counts: DatasetCounts = { planned, done, successes, failures };
  const info = {
    generator: meta.generator,
    version: meta.version,
    complete: done === planned,
    objectsSpec: meta.objectsSpec,
    seed: settings.seed,
    seeding:
      'object i uses seededRandom(seed).fork(i + 1); trial t of it draws from that .fork(1000 + t); sampling from .fork(1)',
    effector: effectorInfo(settings),
    physics: physicsInfo(settings),
    randomization: settings.randomization,
    chunkSize: settings.chunkSize,
    chunking: `labels do not depend on the chunk size or the worker count: trial t always runs in slot t mod ${TRIAL_PROTOCOL.trialsPerWorld} of a world of its own block`,
    counts,
    objects,
    schema: schemaInfo(),
  };
  writeFileAtomic(join(outDir, GRIPPER_FILES.urdf), gripperUrdf(settings.effector));
  writeFileAtomic(join(outDir, GRIPPER_FILES.mesh), gripperObj(settings.effector));
  writeFileAtomic(join(outDir, 'meta', 'info.json'), `${JSON.stringify(info, null, 2)}\n`);
  return counts;
}
