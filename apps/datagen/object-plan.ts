import type { JawJoints } from '../../sim/effectors/jaw-joints.ts';
import { Matrix4, Vector3 } from 'three';
import { trialSchedule } from '../../sim/grasp-trial/schedule.ts';
import type { RapierEngine } from '../../sim/rapier.ts';
import type { SimShape } from '../../sim/shapes.ts';
import type { EffectorModel, TrialObject, TrialScheduleName, TrialSpec } from '../../sim/grasp-trial/types.ts';
import { seededRandom } from '../../src/math/random.ts';
import { analyticQuality, type AnalyticQuality } from './analytic-quality.ts';
import { DEFAULT_ANTIPODAL, sampleAntipodalGrasps, type AntipodalOptions } from './antipodal-sampler.ts';
import type { GraspCandidate } from './grasp-candidate.ts';
import type { DatagenObject } from './object-source.ts';
import { meshMassProperties, type MassProperties } from './mass-properties.ts';
import { drawTrial, type Randomization, type TrialDraw } from './randomization.ts';
import { sampleSuctionGrasps } from './suction-sampler.ts';
import { surfaceMesh } from './surface-mesh.ts';

/** What fixes a dataset: with the same plan settings and seed, every object's trials are the same. */
export interface PlanSettings {
  readonly effector: EffectorModel;
  readonly graspsPerObject: number;
  readonly seed: number;
  readonly chunkSize: number;
  readonly schedule: TrialScheduleName;
  readonly randomization: Randomization;
  readonly antipodal?: AntipodalOptions;
  /** The Rapier build trials run on; the SIMD one is faster, its labels not bit-identical across machines. */
  readonly engine?: RapierEngine;
  /** How the trials joint a jaw's fingers (default the trial world's `TRIAL_FINGER_JOINTS`). */
  readonly fingerJoints?: JawJoints;
}

/** One planned trial: the candidate, its randomized draws, its analytic prediction and the spec for physics. */
export interface PlannedTrial {
  readonly candidate: GraspCandidate;
  readonly draw: TrialDraw;
  readonly quality: AnalyticQuality;
  readonly spec: TrialSpec;
  /** Gripper pose in the mesh file's frame (scaled), as ACRONYM stores it. */
  readonly gripperInFile: Matrix4;
}

/** Everything about one object's trials. */
export interface ObjectPlan {
  readonly object: DatagenObject;
  readonly index: number;
  /** The randomized size factor (the mesh file is scaled by `object.fileScale × scale`, ACRONYM's object/scale). */
  readonly scale: number;
  readonly massKg: number;
  /** Of the scaled mesh at the nominal mass, centre of mass in the scaled mesh file's frame. */
  readonly massProperties: MassProperties;
  readonly trialObject: TrialObject;
  readonly trials: readonly PlannedTrial[];
  readonly chunkCount: number;
}

/**
 * Samples an object's grasps and draws its randomization. Seeds derive from (seed, object index, trial index)
 * only, so plans are the same whatever the worker count, chunk order or interruption.
 */
export function planObject(object: DatagenObject, index: number, settings: PlanSettings): ObjectPlan {
  const objectRng = seededRandom(settings.seed).fork(index + 1);
  const r = settings.randomization;
  const scale = objectRng.uniform(r.scale[0], r.scale[1]);
  const massKg = object.massKg * scale ** 3;
  const mesh = surfaceMesh(object.triangles, scale);
  const samplingRng = objectRng.fork(1);
  const candidates =
    settings.effector.kind === 'parallel'
      ? sampleAntipodalGrasps(
          mesh,
          settings.effector,
          settings.graspsPerObject,
          samplingRng,
          settings.antipodal ?? DEFAULT_ANTIPODAL,
        )
      : sampleSuctionGrasps(mesh, settings.effector, settings.graspsPerObject, samplingRng);
  const schedule = trialSchedule(settings.schedule);
  const toFile = new Matrix4().makeTranslation(
    object.fileCentreM[0] * scale,
    object.fileCentreM[1] * scale,
    object.fileCentreM[2] * scale,
  );
  const trials = candidates.map((candidate, t): PlannedTrial => {
    const draw = drawTrial(r, settings.effector.kind, massKg, object.friction, objectRng.fork(1000 + t));
    const spec: TrialSpec = {
      gripperInObject: [...candidate.gripperInObject.elements],
      objectRotationInWorld: draw.objectRotationInWorld,
      massKg: draw.massKg,
      friction: draw.friction,
      effort: draw.effort,
    };
    const gripperInFile = toFile.clone().multiply(candidate.gripperInObject);
    return {
      candidate,
      draw,
      quality: analyticQuality(candidate, draw, settings.effector, schedule),
      spec,
      gripperInFile,
    };
  });
  let inObject: MassProperties;
  try {
    inObject = meshMassProperties(mesh.triangles, massKg);
  } catch (error) {
    throw new Error(`datagen: object ${object.name}: ${(error as Error).message}`, { cause: error });
  }
  const com = new Vector3(...inObject.comM).applyMatrix4(toFile);
  return {
    object,
    index,
    scale,
    massKg,
    massProperties: { ...inObject, comM: [com.x, com.y, com.z] },
    trialObject: { shape: scaleShape(object.shape, scale), massKg },
    trials,
    chunkCount: Math.ceil(trials.length / settings.chunkSize),
  };
}

/** The trials of chunk `c`. */
export function chunkTrials(plan: ObjectPlan, chunkSize: number, c: number): readonly PlannedTrial[] {
  return plan.trials.slice(c * chunkSize, (c + 1) * chunkSize);
}

function scaleShape(shape: SimShape, s: number): SimShape {
  switch (shape.kind) {
    case 'box':
      return {
        kind: 'box',
        halfExtentsM: [shape.halfExtentsM[0] * s, shape.halfExtentsM[1] * s, shape.halfExtentsM[2] * s],
      };
    case 'cylinder':
    case 'capsule':
      return { kind: shape.kind, radiusM: shape.radiusM * s, heightM: shape.heightM * s };
    case 'sphere':
      return { kind: 'sphere', radiusM: shape.radiusM * s };
    case 'convex':
      return { kind: 'convex', pointsM: shape.pointsM.map((v) => v * s) };
  }
}
