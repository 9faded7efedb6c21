import { X265_PARAMS } from './depth-video.ts';
import type { FrameLayout } from './episode-run.ts';
import { DEFAULT_FEATURES, DEPTH_ENCODING, type Feature } from './lerobot-format.ts';

/** Keys of the recorded (non-index) features. */
export const FEATURE_KEYS = {
  state: 'observation.state',
  action: 'action',
  wrench: 'observation.wrench',
  success: 'next.success',
  done: 'next.done',
} as const;

/** The feature key of camera `cameraKey`: `observation.images.<key>`, as lerobot names cameras. */
export function videoKey(cameraKey: string): string {
  return `observation.images.${cameraKey}`;
}

/** A recorded camera's image size. */
export interface CameraShape {
  readonly key: string;
  readonly widthPx: number;
  readonly heightPx: number;
}

/**
 * `info.json` `features`: the recorded vectors with their column names, one depth video per camera (shape
 * H × W × 1, flagged `is_depth_map` with the quantisation lerobot needs to decode it), the success and done flags,
 * then lerobot's index columns.
 */
export function datasetFeatures(
  layout: FrameLayout,
  cameras: readonly CameraShape[],
  fps: number,
): Record<string, Feature> {
  const vector = (names: readonly string[]): Feature => ({ dtype: 'float32', shape: [names.length], names });
  const features: Record<string, Feature> = {
    [FEATURE_KEYS.state]: vector(layout.state),
    [FEATURE_KEYS.action]: vector(layout.action),
  };
  if (layout.wrench.length > 0) features[FEATURE_KEYS.wrench] = vector(layout.wrench);
  for (const camera of cameras) {
    features[videoKey(camera.key)] = {
      dtype: 'video',
      shape: [camera.heightPx, camera.widthPx, 1],
      names: ['height', 'width', 'channels'],
      info: depthVideoInfo(camera, fps),
    };
  }
  features[FEATURE_KEYS.success] = { dtype: 'bool', shape: [1], names: null };
  features[FEATURE_KEYS.done] = { dtype: 'bool', shape: [1], names: null };
  return { ...features, ...DEFAULT_FEATURES };
}

/**
 * The `info` block lerobot keeps for a depth video: what a probe of the stream reports, the encoder settings, and
 * the quantisation. `video.video_backend` is left out: the videos are made by the ffmpeg command line, not PyAV,
 * and lerobot's default stands in for a missing value.
 */
function depthVideoInfo(camera: CameraShape, fps: number): Record<string, unknown> {
  return {
    is_depth_map: true,
    depth_unit: 'm',
    'video.height': camera.heightPx,
    'video.width': camera.widthPx,
    'video.codec': DEPTH_ENCODING.codec,
    'video.pix_fmt': DEPTH_ENCODING.pixFmt,
    'video.fps': fps,
    'video.channels': 1,
    has_audio: false,
    'video.g': DEPTH_ENCODING.gopSize,
    'video.crf': DEPTH_ENCODING.crf,
    'video.preset': null,
    'video.fast_decode': 0,
    'video.extra_options': { 'x265-params': X265_PARAMS },
    'video.depth_min': DEPTH_ENCODING.depthMinM,
    'video.depth_max': DEPTH_ENCODING.depthMaxM,
    'video.shift': DEPTH_ENCODING.shiftM,
    'video.use_log': DEPTH_ENCODING.useLog,
  };
}
