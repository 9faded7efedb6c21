import { Quaternion } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreSession } from '../../../apps/restock/store-session.ts';
import { armSweepHit } from '../../../skills/arm/arm-sweep.ts';
import { planningSeed } from '../../../skills/arm/postures.ts';
import { planPickMotion } from '../../../skills/planning/pick-motion.ts';
import { objectsIn, stockPlace } from '../../../skills/restock/stock.ts';
import type { KnownObject } from '../../../src/world/world-model.ts';
import { foldedGripperPick, storeWithEmptyFacing } from '../../helpers/store-case.ts';

// Demo seed 10 at 675 s: a milk carton (70 x 70 x 200 mm) stands alone in the tote's first slot, turned a half turn,
// and the right gripper takes it by its -x face from where the base docked. The joint move start → ready → pre-grasp
// arcs the tool 56 mm past the carton's centre only 40-60 mm over its top: the gripper's palm, then a finger, knock
// it off the cart, and the grasp closes on air. The plan swept that move with the carton left out.
const FACING = 'aisle-a/level-1/slot-4/facing-2';
const HOLD = 'gripper -x face, close along y (flipped)';
const DOCKED = { x: 0.1982, y: 0.9695, yawRad: 2.1029 };
const LIFT_M = 0.4;

describe("the pick's swing to the pre-grasp keeps clear of its own target (demo seed 10, milk carton)", () => {
  let store: StoreSession;
  let carton: KnownObject;
  beforeAll(async () => {
    store = await storeWithEmptyFacing(10, FACING);
    const tote = objectsIn(store.world, stockPlace(store.world, store.stockPlace));
    const first = tote.find((o) => o.id.includes('/milk-carton-1l-'))!;
    for (const o of tote) if (o.id !== first.id) store.simulation.removeObject(o.id);
    const body = store.simulation.sim.body(store.simulation.objects.get(first.id)!.bodyHandle);
    body.setTranslation({ x: 0.1621, y: 1.465, z: 0.7101 }, true);
    const turned = new Quaternion(0, 0, -1, 0);
    body.setRotation({ x: turned.x, y: turned.y, z: turned.z, w: turned.w }, true);
    store.simulation.sim.runFor(500);
    carton = store.world.object(first.id)!;
  }, 120_000);
  afterAll(() => store?.free());

  it('plans no swing through the carton: a higher ready pose, or a refusal naming what it hits', () => {
    // Both arms folded (their stow), as the drive to the tote left them, the lift where the demo's pick had it.
    const { scene, choice, overrides } = foldedGripperPick(store, carton, HOLD, DOCKED, LIFT_M);
    if (!choice) expect.fail(`no hold '${HOLD}'`);
    const arm = choice.entry.arm;
    // Seeded as the planner seeds a pick (main: the palm sweeps through the carton's top corner from there).
    const motion = planPickMotion(scene, carton, choice, overrides, planningSeed(store.robot, arm));
    if (typeof motion === 'string') {
      expect(motion).toMatch(/hits object stock\/milk-carton/);
      return;
    }
    const swing = [...(motion.ready ? [motion.ready] : []), motion.preGrasp];
    // The fingers fully open, or closed when the grasp closes them first.
    const fingerOpening = motion.closeFirst ? 0 : 1;
    const hit = armSweepHit(scene, arm, swing, overrides, [], { fingers: true, fingerOpening });
    expect(hit && `${hit.link} hits ${hit.hit.what}`).toBeUndefined();
    expect(armSweepHit(scene, arm, swing, overrides, [], {})).toBeUndefined();
  }, 120_000);
});
