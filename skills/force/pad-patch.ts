import { type Quaternion, Vector3 } from 'three';
import type { GripperPads } from '../../hardware/end-effector.ts';
import type { Pose } from '../../src/math/pose.ts';
import type { ObjectShape } from '../../src/world/world-model.ts';

// Where a parallel grasp's pads touch the object, in the tool frame (z along the approach, y the closing axis, x
// across the pads): the patch a squeeze is spread over. Its centroid is where the friction acts, and its mean
// distance from the centroid is the lever of the torsional friction it offers (uniform pressure over the patch).

/** A pad's contact patch with the object, in the tool frame's pad plane (x across the pads, z along the approach). */
export interface PadPatch {
  /** Centroid of the patch (tool x, tool z), m. */
  readonly centroidM: readonly [number, number];
  /**
   * Mean distance of the patch from its centroid, m: the torsional friction of a pad pressing with F is μ·F times
   * this (uniform pressure; a disc of radius a gives 2a/3, a line of length L gives L/4). 0 for a point contact.
   */
  readonly torsionRadiusM: number;
  /** Extent of the patch along tool x and tool z, m (0 across a line contact). */
  readonly sizeM: readonly [number, number];
}

/** Samples per side of a patch: the mean distance of a 24×24 grid is within 0.2 % of the exact integral. */
const SAMPLES = 24;
/** A round body whose axis is this close to the closing axis touches the pads with its flat end, |cos|. */
const END_ON_COS = 0.7;

/**
 * The patch where a pad meets `shape` held at `objectInTool`, or undefined when the object does not reach the
 * pad face. Boxes (and mesh bounds) touch with a rectangle, round sides with a line along the body's axis, round
 * ends with a disc, a sphere with a point.
 */
export function padPatch(shape: ObjectShape, objectInTool: Pose, pads: GripperPads): PadPatch | undefined {
  const points = patchPoints(shape, objectInTool, pads);
  if (points.length === 0) return undefined;
  let cx = 0;
  let cz = 0;
  for (const [x, z] of points) {
    cx += x;
    cz += z;
  }
  cx /= points.length;
  cz /= points.length;
  let radius = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  let minZ = Infinity;
  let maxZ = -Infinity;
  for (const [x, z] of points) {
    radius += Math.hypot(x - cx, z - cz);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minZ = Math.min(minZ, z);
    maxZ = Math.max(maxZ, z);
  }
  return { centroidM: [cx, cz], torsionRadiusM: radius / points.length, sizeM: [maxX - minX, maxZ - minZ] };
}

/** Sample points (tool x, tool z) of the pad face that the object covers, spread evenly over the patch. */
function patchPoints(shape: ObjectShape, objectInTool: Pose, pads: GripperPads): [number, number][] {
  const centre = objectInTool.position;
  const axes = [0, 1, 2].map((i) => objectAxis(objectInTool.quaternion, i));
  const inPad = (x: number, z: number): boolean =>
    x >= pads.acrossM[0] && x <= pads.acrossM[1] && z >= pads.alongApproachM[0] && z <= pads.alongApproachM[1];
  switch (shape.kind) {
    case 'box':
    case 'mesh': {
      const half = (shape.kind === 'box' ? shape.sizeM : shape.boundsM).map((s) => s / 2);
      // The object's extent over the pad plane (exact for a box square to the tool, its bounds otherwise).
      const extent = (a: 'x' | 'z'): number => axes.reduce((sum, axis, i) => sum + Math.abs(axis[a]) * half[i]!, 0);
      return rectangle(
        [Math.max(pads.acrossM[0], centre.x - extent('x')), Math.min(pads.acrossM[1], centre.x + extent('x'))],
        [
          Math.max(pads.alongApproachM[0], centre.z - extent('z')),
          Math.min(pads.alongApproachM[1], centre.z + extent('z')),
        ],
      );
    }
    case 'cylinder':
    case 'capsule': {
      const axis = axes[2]!;
      if (Math.abs(axis.y) >= END_ON_COS) {
        // End on: a disc of the body's radius (the flat end of a cylinder; a capsule's dome is treated alike).
        const r = shape.radiusM;
        return rectangle([centre.x - r, centre.x + r], [centre.z - r, centre.z + r]).filter(
          ([x, z]) => Math.hypot(x - centre.x, z - centre.z) <= r && inPad(x, z),
        );
      }
      // Side on: a line along the axis, where the round side is closest to the pad.
      const halfLength = shape.heightM / 2;
      const points: [number, number][] = [];
      for (let i = 0; i < SAMPLES * SAMPLES; i++) {
        const t = -halfLength + ((i + 0.5) / (SAMPLES * SAMPLES)) * 2 * halfLength;
        const x = centre.x + t * axis.x;
        const z = centre.z + t * axis.z;
        if (inPad(x, z)) points.push([x, z]);
      }
      return points;
    }
    case 'sphere':
      return inPad(centre.x, centre.z) ? [[centre.x, centre.z]] : [];
  }
}

/** Grid points over [x0, x1] × [z0, z1], or none when it is empty. */
function rectangle(x: readonly [number, number], z: readonly [number, number]): [number, number][] {
  if (x[1] < x[0] || z[1] < z[0]) return [];
  const points: [number, number][] = [];
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      points.push([x[0] + ((i + 0.5) / SAMPLES) * (x[1] - x[0]), z[0] + ((j + 0.5) / SAMPLES) * (z[1] - z[0])]);
    }
  }
  return points;
}

function objectAxis(q: Quaternion, i: number): Vector3 {
  return new Vector3(i === 0 ? 1 : 0, i === 1 ? 1 : 0, i === 2 ? 1 : 0).applyQuaternion(q);
}
