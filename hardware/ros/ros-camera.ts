import { defer, map, take, timeout, type Observable, type SchedulerLike } from 'rxjs';
import type { Camera, CameraIntrinsics, DepthFrame } from '../camera.ts';
import { HardwareFault } from '../common.ts';
import type { Pose } from '../../src/math/pose.ts';
import { intrinsicsFromFov } from '../../src/perception/point-cloud.ts';
import { ImageMsg, PointCloud2Msg } from './messages.ts';
import type { RosBridge } from './ros-bridge.ts';

export interface RosCameraSpec {
  readonly name: string;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly fovYRad: number;
  /** `sensor_msgs/Image` depth (32FC1 in metres or 16UC1 in millimetres), or an organised `PointCloud2`. */
  readonly source: { readonly depthImage: string } | { readonly pointCloud: string };
  /** The optical frame's pose in the world at capture time (FK over the robot's state). */
  readonly poseInWorld: () => Pose;
  readonly captureTimeoutMs: number;
}

/** `sensor_msgs/PointField` datatype of a float32. */
const FLOAT32 = 7;

/**
 * A depth camera from its driver's topic: the next frame after the capture request, converted to metres along the
 * optical axis. Large frames are where CBOR pays (bytes travel as a byte string instead of base64 text).
 */
export class RosDepthCamera implements Camera {
  readonly name: string;
  readonly intrinsics: CameraIntrinsics;

  constructor(
    private readonly bridge: RosBridge,
    private readonly scheduler: SchedulerLike,
    private readonly spec: RosCameraSpec,
  ) {
    this.name = spec.name;
    this.intrinsics = intrinsicsFromFov(spec.widthPx, spec.heightPx, spec.fovYRad);
  }

  captureDepth(): Observable<DepthFrame> {
    const part = `camera/${this.name}`;
    return defer(() => {
      const source = this.spec.source;
      const frames$ =
        'depthImage' in source
          ? this.bridge.topic$(source.depthImage, 'sensor_msgs/Image').pipe(map((m) => this.fromImage(m, part)))
          : this.bridge.topic$(source.pointCloud, 'sensor_msgs/PointCloud2').pipe(map((m) => this.fromCloud(m, part)));
      return frames$.pipe(
        take(1),
        timeout({
          first: this.spec.captureTimeoutMs,
          scheduler: this.scheduler,
          with: () => {
            throw new HardwareFault('driver-error', part, `no frame within ${this.spec.captureTimeoutMs} ms`);
          },
        }),
        map((depthM) => ({
          stampMs: this.scheduler.now(),
          intrinsics: this.intrinsics,
          depthM,
          cameraPoseInWorld: this.spec.poseInWorld(),
        })),
      );
    });
  }

  private fromImage(message: unknown, part: string): Float32Array {
    const image = ImageMsg.parse(message);
    this.checkSize(image.width, image.height, part);
    const view = new DataView(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    const little = !image.is_bigendian;
    const out = new Float32Array(image.width * image.height);
    for (let v = 0; v < image.height; v++)
      for (let u = 0; u < image.width; u++) {
        const i = v * image.width + u;
        if (image.encoding === '32FC1') out[i] = view.getFloat32(v * image.step + u * 4, little);
        else if (image.encoding === '16UC1') {
          const mm = view.getUint16(v * image.step + u * 2, little);
          out[i] = mm === 0 ? Number.NaN : mm / 1000;
        } else throw new HardwareFault('driver-error', part, `depth encoding ${image.encoding} (want 32FC1 or 16UC1)`);
        if (out[i] === 0) out[i] = Number.NaN;
      }
    return out;
  }

  private fromCloud(message: unknown, part: string): Float32Array {
    const cloud = PointCloud2Msg.parse(message);
    this.checkSize(cloud.width, cloud.height, part);
    const z = cloud.fields.find((f) => f.name === 'z');
    if (z === undefined || z.datatype !== FLOAT32)
      throw new HardwareFault('driver-error', part, 'point cloud has no float32 z field (need an organised cloud)');
    const view = new DataView(cloud.data.buffer, cloud.data.byteOffset, cloud.data.byteLength);
    const out = new Float32Array(cloud.width * cloud.height);
    for (let v = 0; v < cloud.height; v++)
      for (let u = 0; u < cloud.width; u++)
        out[v * cloud.width + u] = view.getFloat32(
          v * cloud.row_step + u * cloud.point_step + z.offset,
          !cloud.is_bigendian,
        );
    return out;
  }

  private checkSize(width: number, height: number, part: string): void {
    if (width !== this.intrinsics.widthPx || height !== this.intrinsics.heightPx)
      throw new HardwareFault(
        'driver-error',
        part,
        `frame is ${width}×${height}, the URDF says ${this.intrinsics.widthPx}×${this.intrinsics.heightPx}`,
      );
  }
}
