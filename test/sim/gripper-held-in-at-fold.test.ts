import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreSession } from '../../apps/restock/store-session.ts';
import type { Arm } from '../../hardware/arm.ts';
import type { ParallelGripper } from '../../hardware/end-effector.ts';
import type { Motion } from '../../hardware/common.ts';
import { stowJoints } from '../../skills/arm/postures.ts';
import { latest } from '../../skills/arm/robot-frames.ts';
import { storeWithEmptyFacing } from '../helpers/store-case.ts';

// Issue 11: during the swing to a pick's pre-grasp the right gripper's fingers went from 36 to 100 mm with no open
// command. The wheeled humanoid's fold (`stow`, both arms) brings the left suction cup against the right gripper:
// fingers last commanded fully open are pressed in by it, and the width read there is not the width they hold to.
// The swing out of the fold frees them, and the servo carries them back to the commanded width. So the pick plans
// its swing with the fingers fully open (or closes them first), not as their width reads.
describe("the wheeled humanoid's fold presses the open gripper's fingers in; they spring open as the arm leaves", () => {
  let store: StoreSession;
  beforeAll(async () => {
    store = await storeWithEmptyFacing(10, 'aisle-a/level-1/slot-4/facing-2');
  }, 120_000);
  afterAll(() => store?.free());

  const run = (motion: Motion<unknown>) => {
    let done = false;
    motion.execution$.subscribe({ complete: () => (done = true), error: () => (done = true) });
    store.simulation.sim.runUntil(() => done, 20_000);
    expect(done).toBe(true);
  };

  it('reads narrower than commanded at the fold, and fully open once swung out', () => {
    const arm = (name: string): Arm => store.robot.parts.arms.find((a) => a.name === name)!;
    const [left, right] = [arm('left'), arm('right')];
    const gripper = right.endEffector as ParallelGripper;
    const widthM = () => latest(gripper.width$)!.widthM;
    const out = [0, 1.4, 0, -1.9, 0, 0, 0];
    run(gripper.open(gripper.widthRangeM[1]));
    expect(widthM()).toBeGreaterThan(0.095);
    run(right.moveJoints({ positions: stowJoints(store.robot, right), velocityScale: 0.6 }));
    run(left.moveJoints({ positions: stowJoints(store.robot, left), velocityScale: 0.6 }));
    const heldInM = widthM();
    expect(heldInM).toBeLessThan(0.08);
    run(right.moveJoints({ positions: out, velocityScale: 0.6 }));
    store.simulation.sim.runFor(500);
    expect(widthM()).toBeGreaterThan(0.095);
  }, 120_000);
});
