import type { Joint, Link } from './model.ts';
import { fail, type XmlNode } from './urdf-xml.ts';

/** A parsed joint with the element it came from, so tree errors can point at it. */
export interface JointSource {
  readonly joint: Joint;
  readonly node: XmlNode;
}

/**
 * Checks that links and joints form one tree: every joint's links exist, no link has two parents,
 * no cycle, exactly one root, mimic joints refer to joints without looping. Returns the root link's name.
 */
export function checkTree(robot: XmlNode, links: ReadonlyMap<string, Link>, joints: readonly JointSource[]): string {
  const parentJointOf = new Map<string, JointSource>();
  for (const source of joints) {
    const { joint, node } = source;
    if (!links.has(joint.parent)) fail(node, `parent link "${joint.parent}" is not defined`);
    if (!links.has(joint.child)) fail(node, `child link "${joint.child}" is not defined`);
    const existing = parentJointOf.get(joint.child);
    if (existing !== undefined) {
      fail(
        node,
        `link "${joint.child}" already has parent joint "${existing.joint.name}"; a link may have only one parent`,
      );
    }
    parentJointOf.set(joint.child, source);
  }
  checkCycles(links, parentJointOf);
  const roots = [...links.keys()].filter((name) => !parentJointOf.has(name));
  if (roots.length === 0) fail(robot, 'has no links');
  if (roots.length > 1) {
    fail(robot, `has ${roots.length} root links (${roots.join(', ')}); every link but one must be a joint's child`);
  }
  checkMimics(joints);
  return roots[0] ?? '';
}

function checkCycles(links: ReadonlyMap<string, Link>, parentJointOf: ReadonlyMap<string, JointSource>): void {
  const acyclic = new Set<string>();
  for (const start of links.keys()) {
    const path: string[] = [];
    let link: string | undefined = start;
    while (link !== undefined && !acyclic.has(link)) {
      const seenAt = path.indexOf(link);
      if (seenAt >= 0) {
        const cycle = [...path.slice(seenAt), link];
        const closing = parentJointOf.get(cycle[cycle.length - 2] ?? link);
        if (closing !== undefined) fail(closing.node, `joints form a cycle: ${cycle.reverse().join(' -> ')}`);
      }
      path.push(link);
      link = parentJointOf.get(link)?.joint.parent;
    }
    for (const visited of path) acyclic.add(visited);
  }
}

function checkMimics(joints: readonly JointSource[]): void {
  const byName = new Map(joints.map((source) => [source.joint.name, source]));
  for (const source of joints) {
    const seen = new Set<string>([source.joint.name]);
    let mimic = source.joint.mimic;
    while (mimic !== undefined) {
      const leader = byName.get(mimic.joint);
      if (leader === undefined) fail(source.node, `mimic refers to joint "${mimic.joint}", which is not defined`);
      if (seen.has(leader.joint.name)) fail(source.node, `mimic joints form a loop through "${leader.joint.name}"`);
      seen.add(leader.joint.name);
      mimic = leader.joint.mimic;
    }
  }
}
