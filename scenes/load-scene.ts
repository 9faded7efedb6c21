import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkConfined, PathOutsideError } from '../src/kinematics/mesh-paths.ts';
import { loadUrdf } from '../src/kinematics/urdf-parser.ts';
import { readMeshFile } from './mesh-loader.ts';
import { resolveRelativePath } from './paths.ts';
import { SceneFileError } from './scene-error.ts';
import { loadSceneText } from './scene-files.ts';
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
 * and the reason. (`loadSceneFrom` in `scene-files.ts` loads through a `FileSource`, for a browser page.)
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
  const roots = [dirname(resolve(path)), BUNDLED_ROBOTS_DIR, ...(options.allowPaths ?? []).map((p) => resolve(p))];
  return loadSceneText(path, text, {
    locate: (fromFile, written, what) => {
      const file = resolveRelativePath(fromFile, written);
      try {
        checkConfined(file, roots, `${what} "${written}"`);
      } catch (e) {
        if (e instanceof PathOutsideError) {
          throw new Error(`${e.message}: pass --allow-path <folder> to allow it`, { cause: e });
        }
        throw e;
      }
      return file;
    },
    readMesh: (file) => readMeshFile(file),
    readUrdf: async (file) => {
      const found = await stat(file).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!found) throw new Error(`URDF file not found: ${file}`);
      return loadUrdf(file, { allowedRoots: roots });
    },
  });
}
