import { type Matrix4 } from 'three';
import { renderClutter } from '../../../sim/clutter/render-clutter.ts';
import { settleClutter } from '../../../sim/clutter/settle-clutter.ts';
import type { EffectorModel } from '../../../sim/grasp-trial/types.ts';
import { makePose, poseToMatrix } from '../../../src/math/pose.ts';
import { depthToPointCloud } from '../../../src/perception/point-cloud.ts';
import type { BinScene } from './scene-bin.ts';
import { sceneGrasps, type ObjectGraspSet, type SceneGrasp } from './scene-grasps.ts';
import type { SceneObjectKind, ScenePlan } from './scene-plan.ts';

/** An object of a finished scene. */
export interface SceneObject {
  readonly kind: number;
  readonly name: string;
  readonly scale: number;
  readonly meshFile: string;
  /** Pose of the mesh file's (scaled) frame in the world: `fileInWorld · grasps/transforms` of its HDF5 file is the grasp in the world. */
  readonly fileInWorld: Matrix4;
}

/** Everything a scene file holds. */
export interface SceneData {
  readonly plan: ScenePlan;
  readonly cameraInWorld: Matrix4;
  readonly depthM: Float32Array;
  readonly segmentation: Int32Array;
  readonly pcWorld: Float32Array;
  readonly pcCam: Float32Array;
  /** Segmentation id and flat pixel index (v · W + u) of each point. */
  readonly pcSegmentation: Int32Array;
  readonly pcPixel: Int32Array;
  readonly objects: readonly SceneObject[];
  readonly grasps: readonly SceneGrasp[];
  /** Drops that left the bin, physics steps and whether the pile came to rest. */
  readonly escaped: number;
  readonly settleSteps: number;
  readonly atRest: boolean;
}

/** Settles scene `plan` in the bin, renders it and places the objects' labelled grasps in it. */
export async function makeScene(
  plan: ScenePlan,
  binScene: BinScene,
  kinds: readonly SceneObjectKind[],
  graspSets: readonly ObjectGraspSet[],
  effector: EffectorModel,
): Promise<SceneData> {
  const clutter = await settleClutter({ fixtures: binScene.fixtures, bin: binScene.bin, drops: plan.drops });
  try {
    const view = renderClutter(clutter, plan.intrinsics, plan.cameraInWorld);
    const frame = {
      stampMs: 0,
      intrinsics: plan.intrinsics,
      depthM: view.depthM,
      cameraPoseInWorld: plan.cameraInWorld,
    };
    const pcWorld = depthToPointCloud(frame);
    const pcCam = depthToPointCloud({ ...frame, cameraPoseInWorld: makePose() });
    const pcSegmentation = new Int32Array(pcWorld.length / 3);
    const pcPixel = new Int32Array(pcWorld.length / 3);
    let n = 0;
    view.depthM.forEach((z, i) => {
      if (!Number.isFinite(z)) return;
      pcSegmentation[n] = view.segmentation[i]!;
      pcPixel[n++] = i;
    });
    const objects = clutter.objects.map((o): SceneObject => {
      const kind = kinds[o.kind]!;
      return {
        kind: o.kind,
        name: kind.name,
        scale: kind.scale,
        meshFile: kind.meshFile,
        fileInWorld: poseToMatrix(o.poseInWorld).multiply(kind.objectInFile.clone().invert()),
      };
    });
    return {
      plan,
      cameraInWorld: poseToMatrix(plan.cameraInWorld),
      depthM: view.depthM,
      segmentation: view.segmentation,
      pcWorld,
      pcCam,
      pcSegmentation,
      pcPixel,
      objects,
      grasps: sceneGrasps(clutter, graspSets, effector),
      escaped: clutter.escaped,
      settleSteps: clutter.steps,
      atRest: clutter.atRest,
    };
  } finally {
    clutter.free();
  }
}
