import type { Observable } from 'rxjs';
import type { Pose } from '../src/math/pose.ts';

/** Pinhole intrinsics, as `sensor_msgs/CameraInfo` K. */
export interface CameraIntrinsics {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly fx: number;
  readonly fy: number;
  readonly cx: number;
  readonly cy: number;
}

/**
 * A depth image: row-major metres along the optical axis (z forward, x right, y down: the ROS optical frame),
 * NaN where nothing was hit.
 */
export interface DepthFrame {
  readonly stampMs: number;
  readonly intrinsics: CameraIntrinsics;
  readonly depthM: Float32Array;
  /** Pose of the optical frame in the world when the frame was taken. */
  readonly cameraPoseInWorld: Pose;
}

export interface Camera {
  readonly name: string;
  readonly intrinsics: CameraIntrinsics;
  /** Takes one depth frame: emits it once and completes. */
  captureDepth(): Observable<DepthFrame>;
}
