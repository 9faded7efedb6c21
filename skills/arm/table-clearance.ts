import { Quaternion, Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import { armChain } from './reachability.ts';
import { linkInWorld, type FrameOverrides } from './robot-frames.ts';
import type { PlanningScene } from './planning-scene.ts';

/** The first two joints' links sit on the mount (a shoulder is always near the table it is bolted to). */
const MOUNT_JOINTS = 2;
/** Link origins must stay this far above the support: UR wrist links are ~45 mm in radius, m. */
const LINK_CLEARANCE_M = 0.06;
/** Half size of the probe that looks for the support under a low link point, m. */
const PROBE_HALF_M = 0.01;
const DOWN = new Vector3(0, 0, -1);

/**
 * The lowest arm link point (origins and link midpoints past the shoulder) and its height above `supportZM` for a joint solution, when it comes closer than
 * the links' radius plus a margin (a side grasp low on an object would drive the wrist into the table and
 * trip a protective stop). The tool itself is not checked: it goes where the grasp is; undefined when clear.
 * With a scene query, a low point counts only when the support is under it: a wrist held out past the edge of a
 * tray or a cart (a cup on the front of a short box standing at the edge) hangs in free air, and the arm's sweep
 * checks it against what is really there.
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
    const points = [...(i >= MOUNT_JOINTS ? [here.at] : []), ...(next ? [here.at.clone().lerp(next.at, 0.5)] : [])];
    for (const point of points) {
      const heightM = point.z - supportZM;
      if (lowest && heightM >= lowest.heightM) continue;
      if (heightM < LINK_CLEARANCE_M && !supportUnder(scene, point, heightM)) continue;
      lowest = { link: here.link, heightM };
    }
  }
  return lowest && lowest.heightM < LINK_CLEARANCE_M ? lowest : undefined;
}

/**
 * Whether something fixed lies under `point` within `heightM` (and a probe's size) below it, or around it when the
 * point is level with the support or below it (an elbow beside a cart's edge is in free air, one in the cart is
 * not); true without a scene query (the support is then assumed to reach under every link).
 */
function supportUnder(scene: PlanningScene, point: Vector3, heightM: number): boolean {
  const query = scene.services.sceneQuery;
  if (!query) return true;
  const objects = scene.world.objects().map((o) => o.id);
  const probe = { position: point, quaternion: IDENTITY };
  const half = [PROBE_HALF_M, PROBE_HALF_M, PROBE_HALF_M] as const;
  return query.castBox(probe, half, DOWN, Math.max(0, heightM), objects) !== undefined;
}

const IDENTITY = new Quaternion();
