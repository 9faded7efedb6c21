import { resolveScene, type ResolveOptions } from './resolve-scene.ts';
import { SceneIssue } from './scene-error.ts';
import { validateYamlText, type ValidatedFile } from './yaml-file.ts';
import { SceneSchema, type ResolvedScene, type Scene } from './schema.ts';

/** A validated scene plus a way to point at places in its text. */
export interface ValidatedScene {
  readonly scene: Scene;
  /** Builds a `SceneFileError` for a path in the file, with the line and column when the path exists. */
  readonly error: ValidatedFile<Scene>['error'];
}

/**
 * Parses YAML or JSON (JSON is YAML) and validates it against `SceneSchema`. Throws a `SceneFileError` for
 * syntax errors (with line and column) and for the first schema violation (with its path).
 */
export function validateSceneText(text: string, fileName: string): ValidatedScene {
  const { value, error } = validateYamlText(text, fileName, SceneSchema);
  return { scene: value, error };
}

/**
 * Parses and resolves a scene from its text. `fileName` names it in errors and anchors relative paths
 * (URDFs, meshes). Does no I/O: mesh objects need `options.meshPositions` (use `loadScene` for files).
 *
 * @example
 * const scene = parseScene(yamlText, 'scenes/tabletop.yaml');
 */
export function parseScene(text: string, fileName: string, options: ResolveOptions = {}): ResolvedScene {
  const { scene, error } = validateSceneText(text, fileName);
  return resolveValidated(scene, fileName, error, options);
}

/** Resolves a validated scene, turning resolver issues into file errors. */
export function resolveValidated(
  scene: Scene,
  fileName: string,
  error: ValidatedScene['error'],
  options: ResolveOptions = {},
): ResolvedScene {
  try {
    return resolveScene(scene, fileName, options);
  } catch (e) {
    if (e instanceof SceneIssue) throw error(e.pathKeys, e.reason);
    throw e;
  }
}
