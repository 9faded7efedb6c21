import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScene } from '../../../scenes/load-scene.ts';
import { objectShape } from '../../../scenes/object-shape.ts';
import type { ResolvedScene } from '../../../scenes/schema.ts';
import { armsFor } from '../../../skills/arm/effectors.ts';
import { planningSeed, stowJoints } from '../../../skills/arm/postures.ts';
import { graspAt, rankGraspChoices } from '../../../skills/grasping/plan-grasp.ts';
import { armMap } from '../../../skills/planning/carry-stage.ts';
import { PICK_DISTANCES } from '../../../skills/planning/pick-motion.ts';
import { standOffTries } from '../../../skills/planning/stand-offs.ts';
import { shapeHalfExtents } from '../../../src/world/shape-bounds.ts';
import { simHarnessFor, type SimHarness } from '../e2e/sim-harness.ts';

// The restocking demo's pudding boxes (89 mm tall) stand in the store's stock tray with their front over the tray's
// near wall, for the cup. The cup on that face holds the wrist 0.15 m behind it at the face's height, 45 mm over the
// tray's floor: the wrist-clearance rule, a plane under the whole arm, refused every such pick ('left_wrist_roll_link
// 45 mm above the support'), though the wrist is out past the cart's edge, over the floor. The rule now counts only
// link points with the support under them (the arm's sweep covers the tray's wall and the cart's edge).

/** The store with one pudding box in its tray, its front (+x) facing the near side (-y), `fromWallM` off the wall. */
async function storeWithPudding(fromWallM: number): Promise<ResolvedScene> {
  const scene = await loadScene(new URL('../../../scenes/store.yaml', import.meta.url).pathname);
  const tote = scene.fixtures.find((f) => f.id === 'stock-tote');
  if (tote?.kind !== 'tote') throw new Error('no tote');
  const [, innerYM] = tote.innerSizeM;
  const depthM = 0.035;
  const heightM = 0.089;
  const floorZM = tote.poseInWorld.position.z + tote.wallThicknessM;
  const pudding = {
    id: 'stock/pudding-box-1',
    ...objectShape({ product: 'pudding-box', tags: [] }, { materials: scene.materials }),
    poseInWorld: {
      position: new Vector3(
        tote.poseInWorld.position.x - 0.12,
        tote.poseInWorld.position.y - innerYM / 2 + fromWallM + depthM / 2,
        floorZM + heightM / 2 + 0.001,
      ),
      quaternion: new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), -Math.PI / 2),
    },
  };
  return { ...scene, objects: [...scene.objects, pudding] };
}

/** Every stand-off's verdict on the cup's centred +x face grasps of the pudding box: a plan, or why not. */
function frontGraspVerdicts(h: SimHarness): string[] {
  const object = h.ctx.world.object('stock/pudding-box-1')!;
  const entry = armsFor(h.ctx.robot, 'suction')[0]!;
  const arm = entry.arm;
  const { ranked } = rankGraspChoices(h.ctx, object, {
    effector: 'suction',
    approachDistanceM: PICK_DISTANCES.approachDistanceM,
  });
  // The cup centred on the front (not the high one, which holds the wrist higher).
  const front = ranked.filter((c) => c.candidate.label.startsWith('suction +x face #'));
  expect(front.length).toBeGreaterThan(0);
  const supportZM = object.poseInWorld.position.z - shapeHalfExtents(object.shape)[2];
  const joints = armMap(arm, stowJoints(h.ctx.robot, arm));
  const seed = planningSeed(h.ctx.robot, arm);
  const verdicts: string[] = [];
  for (const at of standOffTries(h.ctx, arm, object.poseInWorld.position, {
    joints,
    maxStandOffs: 8,
    liftsPerStandOff: 3,
    shoulderAboveWorkM: 0.4,
  }))
    for (const choice of front) {
      const plan = graspAt(h.ctx, choice, { ...PICK_DISTANCES, overrides: at.overrides, seed }, supportZM);
      verdicts.push(typeof plan === 'string' ? plan : 'plan');
    }
  return verdicts;
}

describe('the wrist clearance counts only where the support is under the wrist', () => {
  let atWall: SimHarness;
  let inside: SimHarness;
  beforeAll(async () => {
    atWall = await simHarnessFor(await storeWithPudding(0.01), 'picker', 3);
    inside = await simHarnessFor(await storeWithPudding(0.14), 'picker', 3);
  });
  afterAll(() => {
    atWall.simulation.free();
    inside.simulation.free();
  });

  it('takes a short box by its front at the tray wall, the wrist out past the cart', () => {
    const verdicts = frontGraspVerdicts(atWall);
    expect(verdicts).toContain('plan');
  });

  it('still refuses the same grasp deep in the tray, the wrist over its floor', () => {
    const verdicts = frontGraspVerdicts(inside);
    expect(verdicts).not.toContain('plan');
    expect(verdicts.some((v) => / mm above the support$/.test(v))).toBe(true);
  });
});
