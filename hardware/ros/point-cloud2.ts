import { Vector3 } from 'three';
import { pixelToOptical } from '../../src/perception/point-cloud.ts';
import type { CameraIntrinsics } from '../camera.ts';
import { PointCloud2Msg } from './messages.ts';

/**
 * `sensor_msgs/PointCloud2` with x, y, z points, both ways: `embody serve` writes its depth camera as one, the ROS
 * camera reads a driver's. The layout follows the message definition (`sensor_msgs/msg/PointCloud2.msg` and
 * `PointField.msg`): `data` is `row_step × height` bytes, a point's fields sit at their `offset` inside its
 * `point_step` bytes, and datatypes are PointField's constants.
 */

/** `sensor_msgs/PointField` datatype constants (the ones a depth cloud's coordinates use) and their sizes. */
export const POINT_FIELD_DATATYPE = { float32: 7, float64: 8 } as const;
const COORDINATE_BYTES: Readonly<Record<number, number>> = {
  [POINT_FIELD_DATATYPE.float32]: 4,
  [POINT_FIELD_DATATYPE.float64]: 8,
};

/** x, y, z as float32 at 0, 4 and 8, padded to 16 bytes: the layout depth_image_proc's point_cloud_xyz writes. */
const XYZ_FIELDS = ['x', 'y', 'z'].map((name, i) => ({
  name,
  offset: 4 * i,
  datatype: POINT_FIELD_DATATYPE.float32,
  count: 1,
}));
const XYZ_POINT_STEP_BYTES = 16;

/** A PointCloud2 whose layout contradicts itself or what a depth cloud needs; the message names topic and field. */
export class PointCloudError extends Error {
  override readonly name = 'PointCloudError';
}

/**
 * The body of an organised `PointCloud2` (everything but the header) from a depth image: one point per pixel in
 * the camera's optical frame (REP 103: z forward, x right, y down), NaN where nothing was hit, so `is_dense` is
 * false. Little-endian, as every x86 and ARM driver writes.
 */
export function cloudFromDepth(depthM: Float32Array, k: CameraIntrinsics): Record<string, unknown> {
  const rowStepBytes = k.widthPx * XYZ_POINT_STEP_BYTES;
  const data = new Uint8Array(rowStepBytes * k.heightPx);
  const view = new DataView(data.buffer);
  const p = new Vector3();
  for (let v = 0; v < k.heightPx; v++)
    for (let u = 0; u < k.widthPx; u++) {
      pixelToOptical(u, v, depthM[v * k.widthPx + u]!, k, p);
      const at = v * rowStepBytes + u * XYZ_POINT_STEP_BYTES;
      view.setFloat32(at, p.x, true);
      view.setFloat32(at + 4, p.y, true);
      view.setFloat32(at + 8, p.z, true);
    }
  return {
    height: k.heightPx,
    width: k.widthPx,
    fields: XYZ_FIELDS,
    is_bigendian: false,
    point_step: XYZ_POINT_STEP_BYTES,
    row_step: rowStepBytes,
    data,
    is_dense: false,
  };
}

/** A cloud's points as read: x, y, z triples in the cloud's own frame (invalid points included, as NaN). */
export interface CloudPoints {
  readonly frameId: string;
  readonly xyz: Float64Array;
}

/**
 * Reads the x, y, z fields of any `PointCloud2` (organised or not, float32 or float64 coordinates, either byte
 * order, padded or packed), after checking its layout against itself.
 *
 * @throws PointCloudError naming the topic and the field that is wrong.
 */
export function readCloudPoints(message: unknown, topic: string): CloudPoints {
  const parsed = PointCloud2Msg.safeParse(message);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PointCloudError(`${topic}: ${issue.path.map(String).join('.') || 'message'}: ${issue.message}`);
  }
  const cloud = parsed.data;
  const coordinates = ['x', 'y', 'z'].map((name) => {
    const field = cloud.fields.find((f) => f.name === name);
    if (field === undefined)
      throw new PointCloudError(
        `${topic}: fields has no "${name}" (has ${cloud.fields.map((f) => f.name).join(', ') || 'none'})`,
      );
    const bytes = COORDINATE_BYTES[field.datatype];
    if (bytes === undefined)
      throw new PointCloudError(
        `${topic}: field ${name} has datatype ${field.datatype}; coordinates must be FLOAT32 (7) or FLOAT64 (8)`,
      );
    if (field.offset + bytes > cloud.point_step)
      throw new PointCloudError(
        `${topic}: point_step ${cloud.point_step} is too short for field ${name} (offset ${field.offset}, ${bytes} bytes)`,
      );
    return { offset: field.offset, float64: bytes === 8 };
  });
  if (cloud.row_step < cloud.width * cloud.point_step)
    throw new PointCloudError(
      `${topic}: row_step ${cloud.row_step} is shorter than width × point_step (${cloud.width} × ${cloud.point_step})`,
    );
  const expectedBytes = cloud.row_step * cloud.height;
  if (cloud.data.byteLength !== expectedBytes)
    throw new PointCloudError(
      `${topic}: data holds ${cloud.data.byteLength} bytes, row_step × height is ${expectedBytes}`,
    );
  const view = new DataView(cloud.data.buffer, cloud.data.byteOffset, cloud.data.byteLength);
  const little = !cloud.is_bigendian;
  const xyz = new Float64Array(cloud.width * cloud.height * 3);
  let n = 0;
  for (let v = 0; v < cloud.height; v++)
    for (let u = 0; u < cloud.width; u++) {
      const at = v * cloud.row_step + u * cloud.point_step;
      for (const c of coordinates)
        xyz[n++] = c.float64 ? view.getFloat64(at + c.offset, little) : view.getFloat32(at + c.offset, little);
    }
  return { frameId: cloud.header.frame_id, xyz };
}

/**
 * A depth image from points in the camera's optical frame: each point lands on the pixel it projects to, the
 * nearest one wins, and pixels no point reaches are NaN. An organised cloud from the same camera fills each pixel
 * with its own point; an unorganised one fills what it covers.
 */
export function depthFromPoints(xyz: Float64Array, k: CameraIntrinsics): Float32Array {
  const depthM = new Float32Array(k.widthPx * k.heightPx).fill(Number.NaN);
  for (let i = 0; i < xyz.length; i += 3) {
    const z = xyz[i + 2]!;
    if (!(z > 0) || !Number.isFinite(z)) continue;
    const u = Math.round((k.fx * xyz[i]!) / z + k.cx);
    const v = Math.round((k.fy * xyz[i + 1]!) / z + k.cy);
    if (!(u >= 0 && u < k.widthPx && v >= 0 && v < k.heightPx)) continue;
    const pixel = v * k.widthPx + u;
    if (!(depthM[pixel]! <= z)) depthM[pixel] = z;
  }
  return depthM;
}
