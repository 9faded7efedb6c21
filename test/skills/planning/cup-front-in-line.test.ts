import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreSession } from '../../../apps/restock/store-session.ts';
import { placesInLine } from '../../../skills/planning/in-line.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { inTote, planningScene, restockOnce, storeWithEmptyFacing } from '../../helpers/store-case.ts';

// Demo seed 4's first failed try: a 1 l juice carton (64 x 95 x 195 mm, 1.05 kg, the gripper's product) from the tote
// into aisle-a/level-1/slot-6. On main the tote stood it side out for the gripper, its ±x faces looking along the row
// at its neighbours (a 330 ml can 151 mm away blocked every suction ±x approach). Held from above the hand lacks
// 33-43 mm of room under the board above, the gripper cannot close across its 95 mm face (100 mm opening, 4 mm of
// pad clearance a side), and its holds across the depth from a side stand it a quarter turn off: the plan took the
// cup on its +y face and the verify found it 90° off its heading (missed). The tote now stands it front out for the
// cup (`tooWideForGrippers`), and the cup pushes it in in line.
const FACING = 'aisle-a/level-1/slot-6/facing-1';

describe('a box too wide for the gripper goes in line on the cup (demo seed 4, a juice carton)', () => {
  let store: StoreSession;
  beforeAll(async () => {
    store = await storeWithEmptyFacing(4, FACING);
  }, 120_000);
  afterAll(() => store?.free());

  it('plans the cup on its front, a chain that places it in line', () => {
    const box = inTote(store, 'juice-carton-1l');
    const plan = solvePickAndPlace(planningScene(store), { object: box.id, target: FACING, effector: 'auto' });
    expect(plan.pick!.motion.choice.candidate.label).toMatch(/^suction [+-]x face/);
    expect(placesInLine(store.world, box, plan)).toBe(true);
  }, 120_000);

  it('restocks the facing in line in the sim: the verify passes, nothing on the shelf moves', () => {
    const run = restockOnce(store, FACING);
    expect(run.failure?.describe()).toBeUndefined();
    expect(run.done).toBe(true);
    const verified = run.events.find((e) => e.path.endsWith('/verifyFacing') && e.data?.['facing'] === FACING);
    expect(verified?.data?.['restocked']).toBe('juice-carton-1l');
    expect(verified?.data?.['yawErrorDeg']).toBeLessThan(20);
    expect(verified?.data?.['placementErrorM']).toBeLessThanOrEqual(0.01);
    expect(run.events.some((e) => e.message === 'collateral')).toBe(false);
    for (const [id, movedM] of run.shelfMovesM) expect(movedM, id).toBeLessThan(0.01);
  }, 300_000);
});
