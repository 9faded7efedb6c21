import { afterEach, beforeEach, expect } from 'vitest';
import type { Observable } from 'rxjs';
import type { Arm } from '../../../hardware/arm.ts';
import { latest } from '../../../skills/arm/robot-frames.ts';
import { tuckIdleArms$ } from '../../../skills/reach/tuck-idle-arms.ts';
import { fromObservable } from '../../../src/graph/from-observable.ts';
import type { HoldSlide } from '../../../sim/effectors/hold-slide.ts';
import { SimParallelGripper } from '../../../sim/sim-gripper.ts';
import { runInSim, simHarness, type SimHarness } from '../e2e/sim-harness.ts';

/** The wheeled humanoid in the retail aisle, its arms and right gripper, and sim-time runners for the fold tests. */
export interface FoldCase {
  readonly h: SimHarness;
  /** Every hold the right gripper recorded (a load slid between its pads). */
  readonly holds: HoldSlide[];
  readonly arm: (name: string) => Arm;
  readonly gripper: () => SimParallelGripper;
  /** The right gripper's finger width, m. */
  readonly widthM: () => number;
  /** Runs a motion to its end in sim time; it must succeed. */
  readonly run: (motion: Observable<unknown>) => void;
  /** Runs the idle tuck (`tuckIdleArms$`) to its end; it must succeed. */
  readonly tuck: () => void;
}

/**
 * Registers the `beforeEach`/`afterEach` of a fold test on the wheeled humanoid (picker, retail aisle, seed 1) and
 * returns the case, filled in before each test.
 */
export function foldCase(): FoldCase {
  let h: SimHarness;
  let holds: HoldSlide[] = [];
  const arm = (name: string): Arm => h.ctx.robot.parts.arms.find((a) => a.name === name)!;
  const gripper = (): SimParallelGripper => {
    const effector = arm('right').endEffector;
    if (!(effector instanceof SimParallelGripper)) throw new Error('the right arm has no sim gripper');
    return effector;
  };
  beforeEach(async () => {
    h = await simHarness('retail-aisle.yaml', 'picker', 1);
    holds = [];
    gripper().holds$.subscribe((hold) => holds.push(hold));
  });
  afterEach(() => h.simulation.free());
  return {
    get h() {
      return h;
    },
    get holds() {
      return holds;
    },
    arm,
    gripper,
    widthM: () => latest(gripper().width$)!.widthM,
    run: (motion) => {
      let done = false;
      motion.subscribe({ complete: () => (done = true), error: (e: unknown) => expect.fail(String(e)) });
      h.simulation.sim.runUntil(() => done, 30_000);
      expect(done).toBe(true);
    },
    tuck: () => {
      const { outcome } = runInSim(
        h,
        fromObservable('tuck', (c) => tuckIdleArms$(c)),
        30_000,
      );
      expect(outcome.failure).toBeUndefined();
      expect(outcome.done).toBe(true);
    },
  };
}
