import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PickPlacePlan, RefusedPlace } from '../../../skills/planning/pick-place-plan.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { ARRIVAL_TOLERANCE_M } from '../../../skills/reach/arrival-tolerance.ts';
import { simHarness, type SimHarness } from '../e2e/sim-harness.ts';

// A place that failed `unreachable` on the robot at its stand-off is re-planned without it (`executePlan` records
// it): a plan that chose it again would dock there again and fail the same way. The retail aisle's can into
// aisle-a/level-1/slot-6, planned from the start, then with its place's stand-off and lift refused.
describe('a re-plan skips the place stand-offs a place already failed at', () => {
  let h: SimHarness;
  let plan: PickPlacePlan;
  const request = { object: 'stock-tote/can-330ml-3', target: 'aisle-a/level-1/slot-6', effector: 'auto' } as const;
  beforeAll(async () => {
    h = await simHarness('retail-aisle.yaml', 'picker', 1);
    plan = solvePickAndPlace(h.ctx, request);
  });
  afterAll(() => h.simulation.free());

  const refusedOf = (p: PickPlacePlan, target = p.targetName): RefusedPlace => ({
    target,
    basePose: p.place.standOff.basePose!,
    liftHeightM: p.place.standOff.liftHeightM!,
  });

  it('places from another stand-off or lift, more than a docking error away from the refused one', () => {
    const refused = refusedOf(plan);
    const again = solvePickAndPlace(h.ctx, { ...request, refusedPlaces: [refused] });
    const { basePose, liftHeightM } = again.place.standOff;
    const awayM = Math.hypot(basePose!.x - refused.basePose.x, basePose!.y - refused.basePose.y);
    expect(awayM > ARRIVAL_TOLERANCE_M || liftHeightM !== refused.liftHeightM).toBe(true);
  });

  it('keeps a stand-off refused for another target: the same place as before', () => {
    const again = solvePickAndPlace(h.ctx, { ...request, refusedPlaces: [refusedOf(plan, 'aisle-b/level-1/slot-6')] });
    expect(again.place.standOff).toEqual(plan.place.standOff);
  });
});
