import { z } from 'zod';

const Range = (lo: number, hi: number) =>
  z
    .tuple([z.number().min(lo).max(hi), z.number().min(lo).max(hi)])
    .refine(([a, b]) => a <= b, 'range must be [low, high]');

/** What fixes the cluttered-bin scenes of a run (besides the run's seed and objects). */
export const SceneSettingsSchema = z.object({
  /** Scenes to make; 0 for none. */
  count: z.number().int().min(0).default(0),
  /** How many objects are dropped into each bin (drawn uniformly, with repetition from the run's objects). */
  objectsPerScene: z
    .tuple([z.number().int().min(1), z.number().int().min(1)])
    .refine(([a, b]) => a <= b, 'range must be [low, high]')
    .default([4, 8]),
  widthPx: z.number().int().min(2).max(4096).default(320),
  heightPx: z.number().int().min(2).max(4096).default(240),
  fovYDeg: z.number().gt(1).lt(170).default(55),
  /** Camera distance from the look-at point, m. */
  distanceM: Range(0.2, 10).default([0.6, 0.9]),
  /** Camera elevation above the horizontal, deg (90 would look straight down; kept below to fix the image's up). */
  elevationDeg: Range(5, 88).default([45, 85]),
  /** The look-at point moves this far from the bin's inner floor centre, m, each axis. */
  lookAtJitterM: z.number().min(0).default(0.03),
});

/** Scene settings. */
export type SceneSettings = z.infer<typeof SceneSettingsSchema>;

/** No scenes. */
export const NO_SCENES: SceneSettings = SceneSettingsSchema.parse({});

/** The CLI flags of the scene part, for `parseArgs`. */
export const SCENE_FLAGS = [
  'scenes',
  'scene-objects',
  'camera-size',
  'camera-fov',
  'camera-distance',
  'camera-elevation',
] as const;

/** Parses the scene flags (strings as `parseArgs` gives them); throws a readable Error on bad input. */
export function parseSceneFlags(values: Readonly<Record<string, unknown>>): SceneSettings {
  const str = (flag: string): string | undefined => (typeof values[flag] === 'string' ? values[flag] : undefined);
  const range = (flag: string): [number, number] | undefined => {
    const s = str(flag);
    if (s === undefined) return undefined;
    const m = /^([-\d.eE]+):([-\d.eE]+)$/.exec(s);
    if (m === null) throw new Error(`--${flag}: expected A:B`);
    return [Number(m[1]), Number(m[2])];
  };
  const size = str('camera-size');
  const sizeMatch = size === undefined ? undefined : /^(\d+)x(\d+)$/.exec(size);
  if (size !== undefined && (sizeMatch === null || sizeMatch === undefined))
    throw new Error('--camera-size: expected WxH, e.g. 320x240');
  const parsed = SceneSettingsSchema.safeParse({
    ...(str('scenes') !== undefined && { count: Number(str('scenes')) }),
    ...(range('scene-objects') && { objectsPerScene: range('scene-objects') }),
    ...(sizeMatch && { widthPx: Number(sizeMatch[1]), heightPx: Number(sizeMatch[2]) }),
    ...(str('camera-fov') !== undefined && { fovYDeg: Number(str('camera-fov')) }),
    ...(range('camera-distance') && { distanceM: range('camera-distance') }),
    ...(range('camera-elevation') && { elevationDeg: range('camera-elevation') }),
  });
  if (!parsed.success) {
    const flag: Record<string, string> = {
      count: 'scenes',
      objectsPerScene: 'scene-objects',
      widthPx: 'camera-size',
      heightPx: 'camera-size',
      fovYDeg: 'camera-fov',
      distanceM: 'camera-distance',
      elevationDeg: 'camera-elevation',
    };
    throw new Error(
      parsed.error.issues.map((i) => `--${flag[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`).join('\n'),
    );
  }
  return parsed.data;
}
