import { parseUrdf } from '../src/kinematics/urdf-parser.ts';
import { nodeFileSource, type FileSource } from './file-source.ts';
import { parseMeshFile } from './mesh-loader.ts';
import { resolveRelativePath } from './paths.ts';
import { resolveValidated, validateSceneText } from './parse-scene.ts';
import type { ResolvedScene } from './schema.ts';

/**
 * Reads a scene file (YAML or JSON) and its meshes, checks its URDFs parse and the initial joint positions name
 * real joints within limits, and resolves it. Errors are
 * `SceneFileError`s naming the file, the path inside it and the reason. Files come from `source`: the file system by
 * default, `fetchFileSource` in a browser.
 *
 * @example
 * const scene = await loadScene('scenes/retail-aisle.yaml');
 */
export async function loadScene(path: string, source: FileSource = nodeFileSource): Promise<ResolvedScene> {
  const text = await source.readText(path);
  const { scene, error } = validateSceneText(text, path);
  const meshPositions = new Map<string, Float32Array>();
  for (const [i, object] of scene.objects.entries()) {
    if (object.shape?.kind !== 'mesh') continue;
    const file = resolveRelativePath(path, object.shape.file);
    if (meshPositions.has(file)) continue;
    try {
      meshPositions.set(file, await parseMeshFile(await source.readBytes(file), file));
    } catch (e) {
      throw error(['objects', i, 'shape', 'file'], `cannot load mesh ${file}: ${(e as Error).message}`);
    }
  }
  for (const [i, robot] of scene.robots.entries()) {
    const file = resolveRelativePath(path, robot.urdf);
    const xml = await source.readText(file).catch(() => {
      throw error(['robots', i, 'urdf'], `URDF file not found: ${file}`);
    });
    let model;
    try {
      model = parseUrdf(xml, file);
    } catch (e) {
      throw error(['robots', i, 'urdf'], (e as Error).message);
    }
    for (const [name, q] of Object.entries(robot.initialJointPositions)) {
      const at = ['robots', i, 'initialJointPositions', name];
      const joint = model.joints.get(name);
      if (!joint || joint.type === 'fixed') throw error(at, `'${name}' is not a movable joint of ${file}`);
      const limits = joint.limits;
      if (limits && joint.type !== 'continuous' && (q < limits.lower || q > limits.upper)) {
        throw error(at, `${q} is outside the joint's limits [${limits.lower}, ${limits.upper}]`);
      }
    }
  }
  return resolveValidated(scene, path, error, { meshPositions });
}
