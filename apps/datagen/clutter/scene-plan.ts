import { Matrix4, Quaternion, Vector3 } from 'three';
import type { CameraIntrinsics } from '../../../hardware/camera.ts';
import type { BinRegion, ClutterDrop } from '../../../sim/clutter/clutter-types.ts';
import type { SimShape } from '../../../sim/shapes.ts';
import type { Pose } from '../../../src/math/pose.ts';
import { intrinsicsFromFov } from '../../../src/perception/point-cloud.ts';
import { seededRandom } from '../../../src/math/random.ts';
import type { SceneSettings } from './scene-settings.ts';
import { uniformRotation } from '../../../src/math/random-rotation.ts';

/** An object kind scenes may contain: a datagen object at the scale its grasps were labelled at. */
export interface SceneObjectKind {
  readonly name: string;
  readonly shape: SimShape;
  readonly massKg: number;
  readonly friction: number;
  /** The per-object run's object scale and mesh path (relative to the dataset root), for the scene file. */
  readonly scale: number;
  readonly meshFile: string;
  /** The object frame in the mesh file's frame: scene poses are given for the file's frame, as the grasps are. */
  readonly objectInFile: Matrix4;
}

/** The random draws of one scene: what is dropped where, and the camera. */
export interface ScenePlan {
  readonly index: number;
  readonly drops: readonly ClutterDrop[];
  readonly intrinsics: CameraIntrinsics;
  /** Optical frame (z forward, x right, y down) in the world. */
  readonly cameraInWorld: Pose;
  readonly azimuthRad: number;
  readonly elevationRad: number;
  readonly distanceM: number;
  readonly lookAtInWorld: Vector3;
}

/** Scene k draws from this fork of the run's seed; objects use forks 1..n, so the streams never meet. */
export const SCENE_SEED_SALT = 1_000_000;

/**
 * Draws scene `k`: how many objects, which kinds (with repetition), drop points and orientations, and a camera
 * on a sphere around a point near the bin's inner floor centre. Depends only on (seed, k), never on K or order.
 */
export function planScene(
  k: number,
  seed: number,
  kinds: readonly SceneObjectKind[],
  bin: BinRegion,
  s: SceneSettings,
): ScenePlan {
  if (kinds.length === 0) throw new Error('scenes: no objects to drop');
  const rng = seededRandom(seed).fork(SCENE_SEED_SALT + k);
  const dropRng = rng.fork(1);
  const count = s.objectsPerScene[0] + dropRng.int(s.objectsPerScene[1] - s.objectsPerScene[0] + 1);
  const drops = Array.from({ length: count }, (): ClutterDrop => {
    const kind = dropRng.int(kinds.length);
    const object = kinds[kind]!;
    const q = uniformRotation(dropRng);
    return {
      kind,
      shape: object.shape,
      massKg: object.massKg,
      friction: object.friction,
      xyFraction: [dropRng.uniform(-1, 1), dropRng.uniform(-1, 1)],
      rotation: [q.x, q.y, q.z, q.w],
    };
  });
  const camRng = rng.fork(2);
  const azimuthRad = camRng.uniform(0, 2 * Math.PI);
  const elevationRad = (camRng.uniform(s.elevationDeg[0], s.elevationDeg[1]) * Math.PI) / 180;
  const distanceM = camRng.uniform(s.distanceM[0], s.distanceM[1]);
  const j = s.lookAtJitterM;
  const floorCentre = new Vector3(0, 0, -bin.halfExtentsM[2])
    .applyQuaternion(bin.poseInWorld.quaternion)
    .add(bin.poseInWorld.position);
  const lookAtInWorld = floorCentre.add(
    new Vector3(camRng.uniform(-j, j), camRng.uniform(-j, j), camRng.uniform(0, 2 * j)),
  );
  const eye = new Vector3(
    Math.cos(elevationRad) * Math.cos(azimuthRad),
    Math.cos(elevationRad) * Math.sin(azimuthRad),
    Math.sin(elevationRad),
  )
    .multiplyScalar(distanceM)
    .add(lookAtInWorld);
  return {
    index: k,
    drops,
    intrinsics: intrinsicsFromFov(s.widthPx, s.heightPx, (s.fovYDeg * Math.PI) / 180),
    cameraInWorld: opticalLookAt(eye, lookAtInWorld),
    azimuthRad,
    elevationRad,
    distanceM,
    lookAtInWorld,
  };
}

/** Optical frame at `eye` looking at `target` with world z up in the image: z forward, x right, y down. */
export function opticalLookAt(eye: Vector3, target: Vector3): Pose {
  const forward = target.clone().sub(eye).normalize();
  const right = forward
    .clone()
    .cross(new Vector3(0, 0, 1))
    .normalize();
  const down = forward.clone().cross(right);
  const quaternion = new Quaternion().setFromRotationMatrix(new Matrix4().makeBasis(right, down, forward));
  return { position: eye.clone(), quaternion };
}
