import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../../apps/restock/checkpoint-file.ts';
import { resumeStore } from '../../../apps/restock/checkpoint.ts';
import type { StoreSession } from '../../../apps/restock/store-session.ts';
import { armMap, last } from '../../../skills/planning/carry-stage.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { placeFrom } from '../../../skills/planning/place-stage.ts';
import { robustAt } from '../../../skills/planning/stand-offs.ts';
import { arrivalTolerance, dockingErrors } from '../../../skills/reach/arrival-tolerance.ts';
import type { FrameOverrides } from '../../../skills/arm/robot-frames.ts';
import { inTote, planningScene, refillTote, restockOnce } from '../../helpers/store-case.ts';

// The 24 h soak's one failure (seed 1, ~5.1 h sim): a coffee can from the tote into aisle-b/level-1/slot-1/facing-2
// failed at run time, "arm left cannot reach ... at any of 16 headings". The plan's place stand-off (lift 0 m) worked
// only at its exact pose (`robust: false`) and was kept as the class's fallback; such a stand-off is docked to the
// tight tolerance (3 mm, 0.3°), and the base stops at its edge: from the soak's checkpoint at 5.66 h with the facing
// emptied, it arrived 2.9 mm and 0.15° off, where the planned place no longer solved (`dockForPlace`: "planned place
// out of reach"), and it failed two of the tight tolerance's four docking errors. The place search now prefers a
// fragile stand-off that works over that tolerance, as the pick chain does for a fragile pick; one that works only at
// its exact pose is the last fallback.
const CHECKPOINT = fileURLToPath(new URL('../../fixtures/checkpoints/soak-seed1-5.66h.json', import.meta.url));
const FACING = 'aisle-b/level-1/slot-1/facing-2';
/** The can the soak restocked into that facing after its cool-down; taken out again here, as a shopper would. */
const IN_FACING = 'stock/coffee-can-267';

describe("the soak's coffee can into aisle-b's lowest level: a place that survives the base's docking", () => {
  let store: StoreSession;
  beforeAll(async () => {
    ({ store } = await resumeStore(readCheckpoint(CHECKPOINT), CHECKPOINT));
    store.simulation.removeObject(IN_FACING);
    refillTote(store);
  }, 120_000);
  afterAll(() => store?.free());

  it('plans a place that works with the base a docking error off where it docks', () => {
    const scene = planningScene(store);
    const can = inTote(store, 'coffee-can');
    const plan = solvePickAndPlace(scene, { object: can.id, target: FACING, effector: 'auto' });
    const arm = store.robot.parts.arms.find((a) => a.name === plan.armName)!;
    const lift = store.robot.parts.lift!;
    const { basePose, liftHeightM, robust } = plan.place.standOff;
    const overrides: FrameOverrides = {
      basePose: basePose!,
      joints: {
        ...(plan.carry?.carry ? armMap(arm, last(plan.carry.carry.joints)) : {}),
        [lift.jointName]: liftHeightM!,
      },
    };
    const works = (o: FrameOverrides) =>
      typeof placeFrom(scene, {
        arm,
        object: can,
        hold: plan.hold,
        target: FACING,
        overrides: o,
        only: plan.place.plan.choice,
      }) !== 'string';
    expect(works(overrides)).toBe(true);
    // Within the tolerance it is docked to: the usual one for a robust stand-off, the tight one for another.
    const errors = dockingErrors(arrivalTolerance(robust));
    expect(robustAt({ basePose: basePose!, overrides }, works, errors)).toBe(true);
  }, 300_000);

  it('restocks the facing in the sim, the planned place working from where the base stopped', () => {
    const run = restockOnce(store, FACING);
    expect(run.failure?.describe()).toBeUndefined();
    expect(run.done).toBe(true);
    const docked = run.events.find((e) => e.path.endsWith('/dockForPlace') && e.message !== 'started');
    expect(docked?.message).toBe('in reach');
    const verified = run.events.find((e) => e.path.endsWith('/verifyFacing') && e.data?.['facing'] === FACING);
    expect(verified?.data?.['placementErrorM']).toBeLessThanOrEqual(0.01);
    expect(run.events.some((e) => e.message === 'collateral')).toBe(false);
  }, 600_000);
});
