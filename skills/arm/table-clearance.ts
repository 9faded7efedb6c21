import { Quaternion, Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import { armChain } from './reachability.ts';
import { linkInWorld, type FrameOverrides } from './robot-frames.ts';
import type { PlanningScene } from './planning-scene.ts';

/** The first two joints' links sit on the mount (a shoulder is always near the table it is bolted to). */
const MOUNT_JOINTS = 2;
/** Link origins must stay this far above the support: UR wrist links are ~45 mm in radius, m. */
const LINK_CLEARANCE_M = 0.06;
/** Half size of the probe cast down from a low link point to find the support under it, m. */
const PROBE_HALF_M = 0.002;
/** How far past the support's plane the probe looks, m (a support a few mm lower than the object's bottom). */
const PROBE_PAST_M = 0.01;
const DOWN = new Vector3(0, 0, -1);

/**
 * The lowest arm link point (origins and link midpoints past the shoulder) and its height above `supportZM` for a
 * joint solution, when it comes closer than the links' radius plus a margin (a side grasp low on an object would
 * drive the wrist into the table and trip a protective stop). Only points with the support under them count: a
 * wrist held out past the support's edge (behind a cup on a short box standing at a cart's edge) is over the floor,
 * and the arm's sweep check covers the edge itself. The scene query finds what is under a point; without one every
 * point counts. The tool itself is not checked: it goes where the grasp is; undefined when clear.
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
    at: new Vector3().setFromMatrixPosition(linkInWorld(scene, link, { ...overrides, joints: jointValues })),
  }));
  let lowest: { link: string; heightM: number } | undefined;
  // Link origins and the midpoints between them (the links' bodies), from the elbow on; the upper arm's
  // midpoint too, since an elbow-down solution lays it on the table.
  for (let i = MOUNT_JOINTS - 1; i < origins.length; i++) {
    const here = origins[i]!;
    const next = origins[i + 1];
    const points = [
      ...(i >= MOUNT_JOINTS ? [here.at] : []),
      ...(next ? [here.at.clone().add(next.at).multiplyScalar(0.5)] : []),
    ];
    for (const point of points) {
      const heightM = point.z - supportZM;
      if (heightM >= LINK_CLEARANCE_M || (lowest && heightM >= lowest.heightM)) continue;
      if (!supportUnder(scene, point, heightM)) continue;
      lowest = { link: here.link, heightM };
    }
  }
  return lowest;
}

/**
 * Whether something lies under `point` down to the support's plane (`heightM` below it, a point under that plane
 * inside the support counts at once); always true without a scene query.
 */
function supportUnder(scene: PlanningScene, point: Vector3, heightM: number): boolean {
  const query = scene.services.sceneQuery;
  if (!query) return true;
  const probe = { position: point, quaternion: new Quaternion() };
  const half: [number, number, number] = [PROBE_HALF_M, PROBE_HALF_M, PROBE_HALF_M];
  return query.castBox(probe, half, DOWN, Math.max(heightM, 0) + PROBE_PAST_M, []) !== undefined;
}
