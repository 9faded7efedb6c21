import { NO_EXTRAS, parseEmbodyExtras } from './embody-extras.ts';
import type { Joint, KinematicModel, Link } from './model.ts';
import { parseJoint } from './urdf-joints.ts';
import { parseLink, type MeshPathResolver } from './urdf-links.ts';
import { checkTree, type JointSource } from './urdf-tree.ts';
import { childrenOf, fail, parseRobotElement, requiredAttribute } from './urdf-xml.ts';

export type { MeshPathResolver } from './urdf-links.ts';

/** Options for `parseUrdf`. */
export interface ParseUrdfOptions {
  /** Rewrites each mesh filename; `loadUrdf` passes one that resolves against the URDF's folder. */
  readonly resolveMeshPath?: MeshPathResolver;
}

/**
 * Parses URDF text into a kinematic model; throws `UrdfError` naming the element at fault.
 *
 * @example
 * const model = parseUrdf(xml, 'robot.urdf');
 * model.joints.get('elbow')?.limits?.upper;
 */
export function parseUrdf(xml: string, fileName = '<urdf>', options: ParseUrdfOptions = {}): KinematicModel {
  const robot = parseRobotElement(xml, fileName);
  const name = requiredAttribute(robot, 'name');
  const resolveMesh = options.resolveMeshPath ?? ((filename: string) => filename);

  const links = new Map<string, Link>();
  for (const node of childrenOf(robot, 'link')) {
    const link = parseLink(node, resolveMesh);
    if (links.has(link.name)) fail(node, `duplicate link name "${link.name}"`);
    links.set(link.name, link);
  }
  const joints = new Map<string, Joint>();
  const sources: JointSource[] = [];
  for (const node of childrenOf(robot, 'joint')) {
    const joint = parseJoint(node);
    if (joints.has(joint.name)) fail(node, `duplicate joint name "${joint.name}"`);
    joints.set(joint.name, joint);
    sources.push({ joint, node });
  }
  const rootLink = checkTree(robot, links, sources);
  const extras = childrenOf(robot, 'embody').length === 0 ? NO_EXTRAS : parseEmbodyExtras(robot, { links, joints });
  return { name, rootLink, links, joints, extras };
}

/** Options of `loadUrdf`. */
export interface LoadUrdfOptions {
  /** Folders the URDF's mesh files must lie in (see `meshPathResolver`); anywhere when absent. */
  readonly allowedRoots?: readonly string[];
}

/**
 * Reads and parses a URDF file; mesh filenames (`package://`, relative) are resolved against its folder and, with
 * `allowedRoots`, confined to those folders.
 */
export async function loadUrdf(path: string, options: LoadUrdfOptions = {}): Promise<KinematicModel> {
  // Imported lazily so a browser bundle of parseUrdf does not pull in Node's fs.
  const [{ readFile }, { meshPathResolver }] = await Promise.all([
    import('node:fs/promises'),
    import('./mesh-paths.ts'),
  ]);
  const xml = await readFile(path, 'utf8');
  return parseUrdf(xml, path, { resolveMeshPath: meshPathResolver(path, options) });
}
