import { Matrix4 } from 'three';
import { effectorCollides } from '../../../sim/clutter/effector-collision.ts';
import type { ClutterWorld } from '../../../sim/clutter/settle-clutter.ts';
import type { EffectorModel, TrialResult } from '../../../sim/grasp-trial/types.ts';
import { poseToMatrix } from '../../../src/math/pose.ts';
import type { ObjectPlan } from '../object-plan.ts';

/** An object's labelled grasps, in its (scaled) object frame, as the per-object run tested them. */
export interface ObjectGraspSet {
  readonly trialIndex: readonly number[];
  readonly gripperInObject: readonly Matrix4[];
  readonly success: readonly boolean[];
}

/** The labelled grasps of an object: every trial with a result, in trial order. */
export function objectGraspSet(plan: ObjectPlan, results: ReadonlyMap<number, TrialResult>): ObjectGraspSet {
  const trialIndex: number[] = [];
  const gripperInObject: Matrix4[] = [];
  const success: boolean[] = [];
  plan.trials.forEach((t, i) => {
    const r = results.get(i);
    if (r === undefined) return;
    trialIndex.push(i);
    gripperInObject.push(t.candidate.gripperInObject);
    success.push(r.success);
  });
  return { trialIndex, gripperInObject, success };
}

/** The object frame (bounding-box centre) in the mesh file's (scaled) frame, as the per-object files use. */
export function objectInFile(plan: ObjectPlan): Matrix4 {
  const [x, y, z] = plan.object.fileCentreM;
  return new Matrix4().makeTranslation(x * plan.scale, y * plan.scale, z * plan.scale);
}

/** One grasp of a settled scene. */
export interface SceneGrasp {
  /** Index into the scene's objects. */
  readonly objectIndex: number;
  /** Row of the grasp in the object's per-object HDF5 file. */
  readonly trialIndex: number;
  /** Label of the isolated physics trial. */
  readonly success: boolean;
  /** No effector part intersects the bin, the floor or another object at the grasp pose. */
  readonly collisionFree: boolean;
  readonly gripperInWorld: Matrix4;
}

/**
 * Carries each settled object's labelled grasps into the world with its resting pose and checks the open effector
 * against the bin, the floor and the other objects. `setsByKind[kind]` are the grasps of the object kind `ClutterDrop.kind` names.
 */
export function sceneGrasps(
  clutter: ClutterWorld,
  setsByKind: readonly ObjectGraspSet[],
  effector: EffectorModel,
): SceneGrasp[] {
  const out: SceneGrasp[] = [];
  clutter.objects.forEach((object, objectIndex) => {
    const set = setsByKind[object.kind];
    if (set === undefined) return;
    const objectInWorld = poseToMatrix(object.poseInWorld);
    set.gripperInObject.forEach((g, i) => {
      const gripperInWorld = objectInWorld.clone().multiply(g);
      out.push({
        objectIndex,
        trialIndex: set.trialIndex[i]!,
        success: set.success[i]!,
        collisionFree: !effectorCollides(clutter, gripperInWorld, effector, objectIndex),
        gripperInWorld,
      });
    });
  });
  return out;
}
