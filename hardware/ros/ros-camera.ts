import { defer, map, take, timeout, type Observable, type SchedulerLike } from 'rxjs';
import type { Camera, CameraIntrinsics, DepthFrame } from '../camera.ts';
import { HardwareFault } from '../common.ts';
import type { Pose } from '../../src/math/pose.ts';
import { intrinsicsFromFov } from '../../src/perception/point-cloud.ts';
import { ImageMsg } from './messages.ts';
import { depthFromPoints, PointCloudError, readCloudPoints } from './point-cloud2.ts';
import type { RosBridge } from './ros-bridge.ts';

export interface RosCameraSpec {
  readonly name: string;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly fovYRad: number;
  /**
   * `sensor_msgs/Image` depth (32FC1 in metres or 16UC1 in millimetres), or a `PointCloud2` (organised or not) in
   * the optical frame, projected back into this camera's pixels.
   */
  readonly source: { readonly depthImage: string } | { readonly pointCloud: string };
  /** The optical frame's pose in the world at capture time (FK over the robot's state). */
  readonly poseInWorld: () => Pose;
  /** The optical frame's name (the URDF link): the frame a point cloud's header must name. */
  readonly frameId: string;
  readonly captureTimeoutMs: number;
}

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
          : this.bridge
              .topic$(source.pointCloud, 'sensor_msgs/PointCloud2')
              .pipe(map((m) => this.fromCloud(m, source.pointCloud, part)));
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

  private fromCloud(message: unknown, topic: string, part: string): Float32Array {
    let cloud;
    try {
      cloud = readCloudPoints(message, topic);
    } catch (error) {
      if (error instanceof PointCloudError) throw new HardwareFault('driver-error', part, error.message);
      throw error;
    }
    // Points are only depth along this camera's axis in its own optical frame; a cloud in another frame would need
    // that frame's pose, which the robot model may not have.
    if (cloud.frameId !== '' && cloud.frameId !== this.spec.frameId)
      throw new HardwareFault(
        'driver-error',
        part,
        `${topic}: header.frame_id "${cloud.frameId}" is not the camera's optical frame "${this.spec.frameId}"`,
      );
    return depthFromPoints(cloud.xyz, this.intrinsics);
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
