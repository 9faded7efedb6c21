import { defer, of, type Observable } from 'rxjs';
import { Vector3 } from 'three';
import type { Camera, CameraIntrinsics, DepthFrame } from '../hardware/camera.ts';
import type { Pose } from '../src/math/pose.ts';
import { intrinsicsFromFov } from '../src/perception/point-cloud.ts';
import type { RandomSource } from '../src/math/random.ts';
import type { SimWorld } from './sim-world.ts';

/** Depth noise: Gaussian with σ = `stdAtOneMeterM` · z², the way stereo and structured-light error grows. */
export interface DepthNoise {
  readonly random: RandomSource;
  readonly stdAtOneMeterM: number;
}

export interface SimCameraSpec {
  readonly name: string;
  readonly widthPx?: number;
  readonly heightPx?: number;
  readonly fovYRad?: number;
  readonly maxRangeM?: number;
  /** Pose of the optical frame (z forward, x right, y down) in the world, read at capture time. */
  readonly poseInWorld: () => Pose;
  /** Nearest depth the sensor reports (real depth cameras have one); rays start there, past the housing. */
  readonly minRangeM?: number;
  readonly noise?: DepthNoise;
}

/**
 * A depth camera that ray casts the world (one ray per pixel) when asked for a frame. Rapier builds its query
 * structures during a step, so frames taken before the first step see nothing.
 */
export class SimDepthCamera implements Camera {
  readonly name: string;
  readonly intrinsics: CameraIntrinsics;

  constructor(
    private readonly sim: SimWorld,
    private readonly spec: SimCameraSpec,
  ) {
    this.name = spec.name;
    this.intrinsics = intrinsicsFromFov(spec.widthPx ?? 160, spec.heightPx ?? 120, spec.fovYRad ?? 0.9);
  }

  captureDepth(): Observable<DepthFrame> {
    return defer(() => of(this.render()));
  }

  /** Renders one frame from the present state of the world. */
  render(): DepthFrame {
    const k = this.intrinsics;
    const pose = this.spec.poseInWorld();
    const depthM = new Float32Array(k.widthPx * k.heightPx);
    const maxRange = this.spec.maxRangeM ?? 10;
    const minRange = this.spec.minRangeM ?? 0.1;
    const dir = new Vector3();
    const origin = new Vector3();
    const ray = new this.sim.rapier.Ray(origin, dir);
    const noise = this.spec.noise;
    for (let v = 0; v < k.heightPx; v++) {
      for (let u = 0; u < k.widthPx; u++) {
        dir.set((u - k.cx) / k.fx, (v - k.cy) / k.fy, 1);
        const norm = dir.length();
        dir.divideScalar(norm).applyQuaternion(pose.quaternion);
        origin.copy(pose.position).addScaledVector(dir, minRange);
        ray.origin = origin;
        ray.dir = dir;
        const hit = this.sim.world.castRay(ray, maxRange - minRange, true);
        let z = hit === null ? Number.NaN : (hit.timeOfImpact + minRange) / norm;
        if (noise !== undefined && Number.isFinite(z)) z += noise.random.normal(0, noise.stdAtOneMeterM * z * z);
        depthM[v * k.widthPx + u] = z;
      }
    }
    return { stampMs: this.sim.timeMs, intrinsics: k, depthM, cameraPoseInWorld: pose };
  }
}
