import type { Arm } from '../../hardware/arm.ts';
import { armChain } from './reachability.ts';
import { linkInWorld, type FrameOverrides } from './robot-frames.ts';
import type { PlanningScene } from './planning-scene.ts';

/** The first two joints' links sit on the mount (a shoulder is always near the table it is bolted to). */
const MOUNT_JOINTS = 2;
/** Link origins must stay this far above the support: UR wrist links are ~45 mm in radius, m. */
const LINK_CLEARANCE_M = 0.06;

/**
 * The lowest arm link point (origins and link midpoints past the shoulder) and its height above `supportZM` for a joint solution, when it comes closer than
 * the links' radius plus a margin (a side grasp low on an object would drive the wrist into the table and
 * trip a protective stop). The tool itself is not checked: it goes where the grasp is; undefined when clear.
 */
export function wristBelowClearance(
  scene: PlanningScene,
  arm: Arm,
  joints: readonly number[],
  supportZM: number,
  overrides: FrameOverrides = {},
): { readonly link: string; readonly heightM: number } | undefined {
  const chain = armChain(scene.robot, arm);
  const jointValues: Record<string, number> = { ...(overrides.joints ?? {}) };
  arm.jointNames.forEach((name, i) => (jointValues[name] = joints[i] ?? 0));
  const links = chain.jointNames
    .map((name) => scene.robot.model.joints.get(name)?.child)
    .filter((l): l is string => l !== undefined);
  const origins = links.map((link) => ({
    link,
    z: linkInWorld(scene, link, { ...overrides, joints: jointValues }).elements[14],
  }));
  let lowest: { link: string; heightM: number } | undefined;
  // Link origins and the midpoints between them (the links' bodies), from the elbow on; the upper arm's
  // midpoint too, since an elbow-down solution lays it on the table.
  for (let i = MOUNT_JOINTS - 1; i < origins.length; i++) {
    const here = origins[i]!;
    const next = origins[i + 1];
    const points = [...(i >= MOUNT_JOINTS ? [here.z] : []), ...(next ? [(here.z + next.z) / 2] : [])];
    for (const z of points) {
      const heightM = z - supportZM;
      if (!lowest || heightM < lowest.heightM) lowest = { link: here.link, heightM };
    }
  }
  return lowest && lowest.heightM < LINK_CLEARANCE_M ? lowest : undefined;
}
