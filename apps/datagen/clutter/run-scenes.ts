import { join } from 'node:path';
import type { TrialResult } from '../../../sim/grasp-trial/types.ts';
import { removeEmptyTempDir, removeStaleTemps, writeFileAtomic } from '../atomic-write.ts';
import { objectPaths } from '../dataset-finalize.ts';
import type { ChunkStore, WarningSink } from '../manifest.ts';
import type { ObjectPlan, PlanSettings } from '../object-plan.ts';
import type { TextSink } from '../progress.ts';
import { makeScene } from './make-scene.ts';
import { loadBinScene } from './scene-bin.ts';
import { objectGraspSet, objectInFile } from './scene-grasps.ts';
import { Hdf5Writer } from '../hdf5-writer.ts';
import { sceneHdf5Items } from './scene-hdf5.ts';
import { sceneNpzBytes, sceneNpzFile } from './scene-npz.ts';
import { planScene, type SceneObjectKind } from './scene-plan.ts';
import { SceneProgress } from './scene-progress.ts';
import type { SceneSettings } from './scene-settings.ts';
import { sceneFile, SceneStore, type SceneRecord } from './scene-store.ts';

/** A scenes pass over a run whose trials are on disk. */
export interface SceneRunOptions {
  readonly outDir: string;
  readonly plans: readonly ObjectPlan[];
  /** The run's finished trials (labels come from here). */
  readonly store: ChunkStore;
  readonly settings: PlanSettings;
  readonly scenes: SceneSettings;
  /** What fixes the trials (the run manifest's settings); scenes made under others are refused. */
  readonly runKey: unknown;
  /** False: only report what is on disk (the trials are not finished, so labels are missing). */
  readonly make: boolean;
  readonly binScenePath?: string;
  readonly progress?: TextSink;
  readonly signal?: AbortSignal;
  /** Where damaged bookkeeping is reported. */
  readonly warn?: WarningSink;
}

/** What the scenes pass did and what is on disk. */
export interface ScenesSummary {
  readonly planned: number;
  readonly records: readonly SceneRecord[];
  /** Scenes made by this invocation and the time they took. */
  readonly madeNow: number;
  readonly seconds: number;
}

/**
 * Makes the scenes the scene manifest does not list yet, in order, one file each (atomic), recording each in the
 * manifest as soon as its file is in place. Stops between scenes when `signal` aborts.
 */
export async function runScenes(o: SceneRunOptions): Promise<ScenesSummary> {
  const { count, ...sceneKey } = o.scenes;
  const store = SceneStore.open(o.outDir, { run: o.runKey, scenes: sceneKey }, o.warn);
  const pending = Array.from({ length: count }, (_, k) => k).filter((k) => !store.has(k));
  if (!o.make || pending.length === 0) return { planned: count, records: store.records(count), madeNow: 0, seconds: 0 };
  removeStaleTemps(join(o.outDir, 'scenes'));
  const startMs = Date.now();
  const binScene = await loadBinScene(o.binScenePath);
  const kinds = o.plans.map((plan): SceneObjectKind => ({
    name: plan.object.name,
    shape: plan.trialObject.shape,
    massKg: plan.massKg,
    friction: plan.object.friction,
    scale: plan.scale,
    meshFile: objectPaths(plan).mesh,
    objectInFile: objectInFile(plan),
  }));
  const graspSets = o.plans.map((plan) => objectGraspSet(plan, labels(plan, o.store, o.settings.chunkSize)));
  const bar = o.progress === undefined ? undefined : new SceneProgress(o.progress, count, count - pending.length);
  const writer = new Hdf5Writer();
  let madeNow = 0;
  try {
    for (const k of pending) {
      if (o.signal?.aborted === true) break;
      const plan = planScene(k, o.settings.seed, kinds, binScene.bin, o.scenes);
      const scene = await makeScene(plan, binScene, kinds, graspSets, o.settings.effector);
      // Contact-GraspNet's input first: the manifest trusts a scene whose .h5 is in place, so both are then there.
      writeFileAtomic(join(o.outDir, sceneNpzFile(k)), sceneNpzBytes(scene));
      await writer.writeItems(join(o.outDir, sceneFile(k)), sceneHdf5Items(scene));
      const free = scene.grasps.filter((g) => g.collisionFree);
      store.put({
        index: k,
        file: sceneFile(k),
        objects: scene.objects.length,
        points: scene.pcWorld.length / 3,
        grasps: scene.grasps.length,
        collisionFree: free.length,
        collisionFreeSuccesses: free.filter((g) => g.success).length,
        escaped: scene.escaped,
        atRest: scene.atRest,
      });
      madeNow++;
      bar?.add(scene.grasps.length, free.length);
      // Scenes never yield to the event loop otherwise: let a pending Ctrl-C be seen between them.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await writer.close();
    bar?.finish();
  }
  removeEmptyTempDir(join(o.outDir, 'scenes'));
  return { planned: count, records: store.records(count), madeNow, seconds: (Date.now() - startMs) / 1000 };
}

/** An object's finished trial results by trial index. */
function labels(plan: ObjectPlan, store: ChunkStore, chunkSize: number): Map<number, TrialResult> {
  const results = new Map<number, TrialResult>();
  for (let c = 0; c < plan.chunkCount; c++) {
    if (store.has(plan.index, c)) store.get(plan.index, c).forEach((r, i) => results.set(c * chunkSize + i, r));
  }
  return results;
}
