import type { KinematicModel } from '../src/kinematics/model.ts';
import { parseUrdf } from '../src/kinematics/urdf-parser.ts';
import type { FileSource } from './file-source.ts';
import { MeshError } from './mesh-data.ts';
import { parseMeshFile } from './mesh-loader.ts';
import { resolveRelativePath } from './paths.ts';
import { resolveValidated, validateSceneText } from './parse-scene.ts';
import { SceneFileError } from './scene-error.ts';
import { SCENE_LIMITS } from './scene-limits.ts';
import type { ResolvedScene } from './schema.ts';

/**
 * How a scene loader reaches the files a scene names: the file system in Node (paths confined to allowed folders),
 * `fetch` in the console page (the web server decides what can be reached).
 */
export interface SceneFiles {
  /** The file a path written in `fromFile` names; throws (with a message for the user) when it may not be read. */
  locate(fromFile: string, written: string, what: 'mesh' | 'urdf'): string;
  readMesh(file: string): Promise<Float32Array>;
  /** Reads and parses a URDF; rejects with `URDF file not found: <file>` when there is none. */
  readUrdf(file: string): Promise<KinematicModel>;
}

/**
 * Validates a scene's text, reads the meshes and URDFs it names through `files`, checks the initial joint positions
 * name real joints within limits, and resolves it. Errors are `SceneFileError`s naming the file, the path inside it
 * and the reason. Browser-safe: it touches no file system itself.
 */
export async function loadSceneText(path: string, text: string, files: SceneFiles): Promise<ResolvedScene> {
  const { scene, error } = validateSceneText(text, path);
  const located = (at: readonly PropertyKey[], written: string, what: 'mesh' | 'urdf'): string => {
    try {
      return files.locate(path, written, what);
    } catch (e) {
      throw error(at, (e as Error).message);
    }
  };
  const meshPositions = new Map<string, Float32Array>();
  for (const [i, object] of scene.objects.entries()) {
    if (object.shape?.kind !== 'mesh') continue;
    const at = ['objects', i, 'shape', 'file'];
    const file = located(at, object.shape.file, 'mesh');
    if (meshPositions.has(file)) continue;
    try {
      meshPositions.set(file, await files.readMesh(file));
    } catch (e) {
      throw error(at, `cannot load mesh ${file}: ${e instanceof MeshError ? e.reason : (e as Error).message}`);
    }
  }
  for (const [i, robot] of scene.robots.entries()) {
    const at = ['robots', i, 'urdf'];
    const file = located(at, robot.urdf, 'urdf');
    const model = await files.readUrdf(file).catch((e: Error) => {
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

/**
 * Loads a scene whose files come from a `FileSource` (`fetchFileSource` in the console page): the same checks as
 * `loadScene`, with the file size checked on the text read.
 *
 * @example
 * const scene = await loadSceneFrom('scenes/store.yaml', fetchFileSource(new URL('./', location.href)));
 */
export async function loadSceneFrom(path: string, source: FileSource): Promise<ResolvedScene> {
  const text = await source.readText(path);
  if (text.length > SCENE_LIMITS.maxSceneFileBytes) {
    throw new SceneFileError(path, '', `more than the ${SCENE_LIMITS.maxSceneFileBytes} bytes a scene file may have`);
  }
  return loadSceneText(path, text, {
    locate: (fromFile, written) => resolveRelativePath(fromFile, written),
    readMesh: async (file) => parseMeshFile(await source.readBytes(file), file),
    readUrdf: async (file) => {
      const xml = await source.readText(file).catch(() => {
        throw new Error(`URDF file not found: ${file}`);
      });
      return parseUrdf(xml, file, { resolveMeshPath: (mesh) => resolveRelativePath(file, mesh) });
    },
  });
}
