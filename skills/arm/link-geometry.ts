import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import type { Geometry } from '../../src/kinematics/model.ts';

/** Links from the arm's base to its tip, in chain order (the hand included, the fingers not: the approach check covers them). */
export function armLinks(robot: Robot, arm: Arm): string[] {
  const parentJoint = new Map([...robot.model.joints.values()].map((j) => [j.child, j]));
  const links: string[] = [];
  for (let link: string | undefined = arm.tipLink; link; link = parentJoint.get(link)?.parent) {
    links.unshift(link);
    if (link === arm.baseLink) break;
  }
  return links;
}

/** A link collision shape's bounding box half extents (cylinders along their z), or undefined for meshes. */
export function boxHalfExtents(geometry: Geometry): [number, number, number] | undefined {
  switch (geometry.kind) {
    case 'box':
      return [geometry.sizeM[0] / 2, geometry.sizeM[1] / 2, geometry.sizeM[2] / 2];
    case 'cylinder':
      return [geometry.radiusM, geometry.radiusM, geometry.lengthM / 2];
    case 'sphere':
      return [geometry.radiusM, geometry.radiusM, geometry.radiusM];
    case 'mesh':
      return undefined;
  }
}
