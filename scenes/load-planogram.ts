import type { Planogram } from '../src/world/planogram.ts';
import { nodeFileSource, type FileSource } from './file-source.ts';
import { resolveRelativePath } from './paths.ts';
import { PlanogramSchema } from './planogram-schema.ts';
import { resolvePlanogram } from './resolve-planogram.ts';
import { SceneIssue } from './scene-error.ts';
import type { ResolvedScene } from './schema.ts';
import { loadSceneFrom } from './scene-files.ts';
import { SCENE_LIMITS } from './scene-limits.ts';
import { SceneFileError } from './scene-error.ts';
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
 * Reads a planogram file and the scene it names (relative to the planogram): from the file system (`loadScene`, its
 * paths confined) when no `source` is given, else through the source (`fetchFileSource` in the console page). A
 * scene that cannot be read is reported against the planogram's `scene` field.
 *
 * @example
 * const { planogram, scene } = await loadPlanogram('scenes/store-planogram.yaml');
 */
export async function loadPlanogram(path: string, source?: FileSource): Promise<LoadedPlanogram> {
  const text = await (source ?? nodeFileSource).readText(path);
  if (text.length > SCENE_LIMITS.maxSceneFileBytes) {
    throw new SceneFileError(
      path,
      '',
      `more than the ${SCENE_LIMITS.maxSceneFileBytes} bytes a planogram file may have`,
    );
  }
  const { value, error } = validateYamlText(text, path, PlanogramSchema);
  const scenePath = resolveRelativePath(path, value.scene);
  let scene: ResolvedScene;
  try {
    // The Node loader is imported only when used, so the console page's bundle never evaluates it.
    scene =
      source === undefined
        ? await (await import('./load-scene.ts')).loadScene(scenePath)
        : await loadSceneFrom(scenePath, source);
  } catch (e) {
    if ((e as Error).name === 'SceneFileError') throw e;
    throw error(['scene'], `cannot read scene ${scenePath}: ${(e as Error).message}`);
  }
  return { planogram: parsePlanogram(text, path, scene), scene };
}
