import type { Matrix4 } from 'three';
import type { SceneData } from './make-scene.ts';

/** One dataset of a scene file: its path, numpy dtype, symbolic shape, meaning and how to fill it. */
export interface SceneColumn {
  readonly path: string;
  readonly dtype: '<f4' | '<f8' | '<i4' | '|u1' | 'string';
  readonly shape: readonly (string | number)[];
  readonly description: string;
  readonly value: (s: SceneData) => {
    data: Float32Array | Float64Array | Int32Array | Uint8Array | string[];
    shape: number[];
  };
}

/** Row-major 4×4s of three's column-major matrices. */
export function rowMajor(matrices: readonly Matrix4[]): Float64Array {
  const out = new Float64Array(matrices.length * 16);
  matrices.forEach((m, i) => {
    const e = m.elements;
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) out[i * 16 + r * 4 + c] = e[c * 4 + r]!;
  });
  return out;
}

const CAMERA_FRAME = 'camera optical frame (OpenCV: x right, y down, z forward)';

/** Datasets of `scenes/scene_<k>.h5`. H×W image, N valid pixels, M objects, G grasps. */
export const SCENE_COLUMNS: readonly SceneColumn[] = [
  {
    path: 'depth',
    dtype: '<f4',
    shape: ['H', 'W'],
    description: 'depth along the optical axis, m; NaN where the ray hit nothing',
    value: (s) => ({ data: s.depthM, shape: [s.plan.intrinsics.heightPx, s.plan.intrinsics.widthPx] }),
  },
  {
    path: 'segmentation',
    dtype: '<i4',
    shape: ['H', 'W'],
    description: 'index into objects/* of the object each pixel sees; -1 for the bin, the floor or nothing',
    value: (s) => ({ data: s.segmentation, shape: [s.plan.intrinsics.heightPx, s.plan.intrinsics.widthPx] }),
  },
  {
    path: 'intrinsics',
    dtype: '<f8',
    shape: [3, 3],
    description: 'pinhole K = [[fx, 0, cx], [0, fy, cy], [0, 0, 1]], pixel centres at integer coordinates',
    value: (s) => {
      const k = s.plan.intrinsics;
      return { data: new Float64Array([k.fx, 0, k.cx, 0, k.fy, k.cy, 0, 0, 1]), shape: [3, 3] };
    },
  },
  {
    path: 'camera_pose',
    dtype: '<f8',
    shape: [4, 4],
    description: `world <- camera: pose of the ${CAMERA_FRAME} in the world (z up, bin on the floor)`,
    value: (s) => ({ data: rowMajor([s.cameraInWorld]), shape: [4, 4] }),
  },
  {
    path: 'pc_cam',
    dtype: '<f4',
    shape: ['N', 3],
    description: `back-projected depth of every pixel with a hit, row-major pixel order, ${CAMERA_FRAME}`,
    value: (s) => ({ data: s.pcCam, shape: [s.pcCam.length / 3, 3] }),
  },
  {
    path: 'pc_world',
    dtype: '<f4',
    shape: ['N', 3],
    description: 'the same points in the world frame',
    value: (s) => ({ data: s.pcWorld, shape: [s.pcWorld.length / 3, 3] }),
  },
  {
    path: 'pc_segmentation',
    dtype: '<i4',
    shape: ['N'],
    description: 'segmentation id of each point',
    value: (s) => ({ data: s.pcSegmentation, shape: [s.pcSegmentation.length] }),
  },
  {
    path: 'pc_pixel',
    dtype: '<i4',
    shape: ['N'],
    description: 'flat pixel index v * W + u of each point',
    value: (s) => ({ data: s.pcPixel, shape: [s.pcPixel.length] }),
  },
  {
    path: 'objects/names',
    dtype: 'string',
    shape: ['M'],
    description: 'object name: its labelled grasps are in grasps/<name>.h5',
    value: (s) => ({ data: s.objects.map((o) => o.name), shape: [s.objects.length] }),
  },
  {
    path: 'objects/mesh_files',
    dtype: 'string',
    shape: ['M'],
    description: 'mesh path relative to the dataset root (apply objects/scales)',
    value: (s) => ({ data: s.objects.map((o) => o.meshFile), shape: [s.objects.length] }),
  },
  {
    path: 'objects/scales',
    dtype: '<f8',
    shape: ['M'],
    description: "scale of the mesh, as in the object's HDF5 file",
    value: (s) => ({ data: Float64Array.from(s.objects.map((o) => o.scale)), shape: [s.objects.length] }),
  },
  {
    path: 'objects/poses',
    dtype: '<f8',
    shape: ['M', 4, 4],
    description:
      'world <- object mesh frame (scaled) at rest; poses @ grasps/transforms of grasps/<name>.h5 = grasp in the world',
    value: (s) => ({ data: rowMajor(s.objects.map((o) => o.fileInWorld)), shape: [s.objects.length, 4, 4] }),
  },
  {
    path: 'grasps/transforms',
    dtype: '<f8',
    shape: ['G', 4, 4],
    description: `camera <- gripper (Contact-GraspNet convention): gripper pose in the ${CAMERA_FRAME}; gripper z = approach, x = closing axis`,
    value: (s) => ({
      data: rowMajor(s.grasps.map((g) => s.cameraInWorld.clone().invert().multiply(g.gripperInWorld))),
      shape: [s.grasps.length, 4, 4],
    }),
  },
  {
    path: 'grasps/transforms_world',
    dtype: '<f8',
    shape: ['G', 4, 4],
    description: 'world <- gripper',
    value: (s) => ({ data: rowMajor(s.grasps.map((g) => g.gripperInWorld)), shape: [s.grasps.length, 4, 4] }),
  },
  {
    path: 'grasps/object_index',
    dtype: '<i4',
    shape: ['G'],
    description: 'index into objects/* of the grasped object',
    value: (s) => ({ data: Int32Array.from(s.grasps.map((g) => g.objectIndex)), shape: [s.grasps.length] }),
  },
  {
    path: 'grasps/trial_index',
    dtype: '<i4',
    shape: ['G'],
    description: 'row of the grasp in grasps/<name>.h5 of its object',
    value: (s) => ({ data: Int32Array.from(s.grasps.map((g) => g.trialIndex)), shape: [s.grasps.length] }),
  },
  {
    path: 'grasps/success',
    dtype: '|u1',
    shape: ['G'],
    description: '1 if the isolated physics trial held the object (grasps/qualities/flex/object_in_gripper)',
    value: (s) => ({ data: Uint8Array.from(s.grasps.map((g) => (g.success ? 1 : 0))), shape: [s.grasps.length] }),
  },
  {
    path: 'grasps/collision_free',
    dtype: '|u1',
    shape: ['G'],
    description:
      '1 if no part of the open effector (palm and open pads, or cup and stem) intersects the bin, the floor or another object (the grasped object was judged by its isolated trial)',
    value: (s) => ({ data: Uint8Array.from(s.grasps.map((g) => (g.collisionFree ? 1 : 0))), shape: [s.grasps.length] }),
  },
];
