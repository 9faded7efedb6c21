import type { Planogram } from '../src/world/planogram.ts';
import { nodeFileSource, type FileSource } from './file-source.ts';
import { loadScene } from './load-scene.ts';
import { resolveRelativePath } from './paths.ts';
import { PlanogramSchema } from './planogram-schema.ts';
import { resolvePlanogram } from './resolve-planogram.ts';
import { SceneIssue } from './scene-error.ts';
import type { ResolvedScene } from './schema.ts';
import { validateYamlText } from './yaml-file.ts';

/** A planogram and the scene it describes. */
export interface LoadedPlanogram {
  readonly planogram: Planogram;
  readonly scene: ResolvedScene;
}

/**
 * Parses a planogram's text and lays it onto `scene`. Errors are `SceneFileError`s naming the planogram file, the
 * path inside it (`units[0].levels[2].slots[1].facings`), the line and the reason.
 */
export function parsePlanogram(text: string, fileName: string, scene: ResolvedScene): Planogram {
  const { value, error } = validateYamlText(text, fileName, PlanogramSchema);
  try {
    return resolvePlanogram(value, fileName, scene);
  } catch (e) {
    if (e instanceof SceneIssue) throw error(e.pathKeys, e.reason);
    throw e;
  }
}

/**
 * Reads a planogram file and the scene it names (relative to the planogram), from the file system or another
 * `FileSource`. A scene that cannot be read is reported against the planogram's `scene` field.
 *
 * @example
 * const { planogram, scene } = await loadPlanogram('scenes/store-planogram.yaml');
 */
export async function loadPlanogram(path: string, source: FileSource = nodeFileSource): Promise<LoadedPlanogram> {
  const text = await source.readText(path);
  const { value, error } = validateYamlText(text, path, PlanogramSchema);
  const scenePath = resolveRelativePath(path, value.scene);
  let scene: ResolvedScene;
  try {
    scene = await loadScene(scenePath, source);
  } catch (e) {
    if ((e as Error).name === 'SceneFileError') throw e;
    throw error(['scene'], `cannot read scene ${scenePath}: ${(e as Error).message}`);
  }
  return { planogram: parsePlanogram(text, path, scene), scene };
}
