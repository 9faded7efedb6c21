import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkConfined, PathOutsideError } from '../src/kinematics/mesh-paths.ts';
import { loadUrdf } from '../src/kinematics/urdf-parser.ts';
import { MeshError } from './mesh-data.ts';
import { readMeshFile } from './mesh-loader.ts';
import { resolveRelativePath } from './paths.ts';
import { resolveValidated, validateSceneText } from './parse-scene.ts';
import { SceneFileError } from './scene-error.ts';
import { SCENE_LIMITS } from './scene-limits.ts';
import type { ResolvedScene } from './schema.ts';

/** Options of `loadScene`. */
export interface LoadSceneOptions {
  /**
   * Folders besides the scene's own that its paths (URDFs, meshes, the meshes a URDF names) may point into; the
   * CLI's `--allow-path`.
   */
  readonly allowPaths?: readonly string[];
}

/** The robot descriptions shipped with embody: scenes anywhere may name them (`../hardware/robots/...`). */
export const BUNDLED_ROBOTS_DIR = fileURLToPath(new URL('../hardware/robots/', import.meta.url));

/**
 * Reads a scene file (YAML or JSON) and its meshes, checks its URDFs parse and the initial joint positions name
 * real joints within limits, and resolves it. Every path in the file must stay inside the scene's folder, the
 * bundled robots folder or `options.allowPaths`. Errors are `SceneFileError`s naming the file, the path inside it
 * and the reason.
 *
 * @example
 * const scene = await loadScene('scenes/retail-aisle.yaml');
 */
export async function loadScene(path: string, options: LoadSceneOptions = {}): Promise<ResolvedScene> {
  const { size } = await stat(path);
  if (size > SCENE_LIMITS.maxSceneFileBytes) {
    throw new SceneFileError(
      path,
      '',
      `${size} bytes, more than the ${SCENE_LIMITS.maxSceneFileBytes} a scene file may have (SCENE_LIMITS.maxSceneFileBytes)`,
    );
  }
  const text = await readFile(path, 'utf8');
  const { scene, error } = validateSceneText(text, path);
  const roots = [dirname(resolve(path)), BUNDLED_ROBOTS_DIR, ...(options.allowPaths ?? []).map((p) => resolve(p))];
  const confined = (at: readonly PropertyKey[], written: string, what: string): string => {
    const file = resolveRelativePath(path, written);
    try {
      checkConfined(file, roots, `${what} "${written}"`);
    } catch (e) {
      if (e instanceof PathOutsideError) throw error(at, `${e.message}: pass --allow-path <folder> to allow it`);
      throw e;
    }
    return file;
  };
  const meshPositions = new Map<string, Float32Array>();
  for (const [i, object] of scene.objects.entries()) {
    if (object.shape?.kind !== 'mesh') continue;
    const at = ['objects', i, 'shape', 'file'];
    const file = confined(at, object.shape.file, 'mesh');
    if (meshPositions.has(file)) continue;
    try {
      meshPositions.set(file, await readMeshFile(file));
    } catch (e) {
      throw error(at, `cannot load mesh ${file}: ${e instanceof MeshError ? e.reason : (e as Error).message}`);
    }
  }
  for (const [i, robot] of scene.robots.entries()) {
    const at = ['robots', i, 'urdf'];
    const file = confined(at, robot.urdf, 'urdf');
    const found = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!found) throw error(at, `URDF file not found: ${file}`);
    const model = await loadUrdf(file, { allowedRoots: roots }).catch((e: Error) => {
      throw error(at, e.message);
    });
    for (const [name, q] of Object.entries(robot.initialJointPositions)) {
      const jointAt = ['robots', i, 'initialJointPositions', name];
      const joint = model.joints.get(name);
      if (!joint || joint.type === 'fixed') throw error(jointAt, `'${name}' is not a movable joint of ${file}`);
      const limits = joint.limits;
      if (limits && joint.type !== 'continuous' && (q < limits.lower || q > limits.upper)) {
        throw error(jointAt, `${q} is outside the joint's limits [${limits.lower}, ${limits.upper}]`);
      }
    }
  }
  return resolveValidated(scene, path, error, { meshPositions });
}
