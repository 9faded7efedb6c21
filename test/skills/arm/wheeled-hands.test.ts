import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Arm } from '../../../hardware/arm.ts';
import { otherArmsHit } from '../../../skills/arm/other-arms.ts';
import { stowJoints } from '../../../skills/arm/postures.ts';
import type { FrameOverrides } from '../../../skills/arm/robot-frames.ts';
import { LINK_MARGIN_M } from '../../../skills/arm/arm-sweep.ts';
import { simHarness, type SimHarness } from '../e2e/sim-harness.ts';

// Issue 11: the wheeled humanoid's fold (`stow`, both arms) rests the left suction cup against the right gripper, so
// its sweeps were not checked against the other hand at all, and a path could carry one hand through the other.
// Demo seed 11 (main): the right gripper, closed for the tuck, swung out of the fold to a pick and dragged its
// pads 95 mm along the left cup. The check now runs on this robot too, allowing the touching the fold makes: the
// other arm folded, and the run of touching samples next to this arm's own fold.

/** Upper arm down, forearm forward: the hands 0.42 m apart in front of the body. */
const OUT = [0, 1.4, 0, -1.9, 0, 0, 0];
/** The left arm's shoulder swung in: its cup stands in front of the body's middle. */
const LEFT_IN = [-0.6, 1.4, 0, -1.9, 0, 0, 0];

/** `steps` joint vectors from `from` to `to`, `from` left out (a sweep's samples). */
const path = (from: readonly number[], to: readonly number[], steps = 40): number[][] =>
  Array.from({ length: steps }, (_, k) => from.map((q, i) => q + ((to[i]! - q) * (k + 1)) / steps));

describe("the wheeled humanoid's two hands", () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await simHarness('retail-aisle.yaml', 'picker', 1);
  });
  afterAll(() => h.simulation.free());

  const arm = (name: string): Arm => h.ctx.robot.parts.arms.find((a) => a.name === name)!;
  const at = (left: readonly number[], right: readonly number[]): FrameOverrides => ({
    joints: Object.fromEntries([
      ...arm('left').jointNames.map((n, i) => [n, left[i]!] as const),
      ...arm('right').jointNames.map((n, i) => [n, right[i]!] as const),
    ]),
  });

  it('a sweep carrying the right hand through the left cup is refused, naming the cup', () => {
    const across = [0.6, ...OUT.slice(1)];
    const hit = otherArmsHit(h.ctx, arm('right'), path(OUT, across, 20), at(LEFT_IN, OUT), LINK_MARGIN_M);
    expect(hit?.link).toMatch(/^right_/);
    expect(hit?.hit.what).toBe('arm left link left_suction_cup');
    // The same sweep with the left hand out on its own side is clear.
    expect(otherArmsHit(h.ctx, arm('right'), path(OUT, across, 20), at(OUT, OUT), LINK_MARGIN_M)).toBeUndefined();
  });

  it("the fold's own touching is allowed: leaving the fold and folding in, the other arm folded", () => {
    const [left, right] = [stowJoints(h.ctx.robot, arm('left')), stowJoints(h.ctx.robot, arm('right'))];
    const leave = path(right, OUT);
    // The hands touch on the first part of the way out of the fold (checked alone, from elsewhere: not allowed).
    expect(otherArmsHit(h.ctx, arm('right'), leave.slice(8, 9), at(left, OUT), LINK_MARGIN_M)).toBeDefined();
    expect(otherArmsHit(h.ctx, arm('right'), leave, at(left, right), LINK_MARGIN_M)).toBeUndefined();
    expect(otherArmsHit(h.ctx, arm('right'), path(OUT, right), at(left, OUT), LINK_MARGIN_M)).toBeUndefined();
    // From a pose already touching, with the left folded, the hand may move off the cup (not onto it).
    expect(otherArmsHit(h.ctx, arm('right'), path(leave[8]!, OUT), at(left, leave[8]!), LINK_MARGIN_M)).toBeUndefined();
    // Out of the fold and back through the cup: the touching away from the fold is refused.
    const back = [...leave, ...path(OUT, leave[4]!)];
    expect(otherArmsHit(h.ctx, arm('right'), back, at(left, right), LINK_MARGIN_M)?.hit.what).toBe(
      'arm left link left_suction_cup',
    );
  });

  it('touching at the fold is not allowed when the other arm is out of its fold', () => {
    const right = stowJoints(h.ctx.robot, arm('right'));
    // The left hand swung in to where the right one folds out through: leaving the fold meets it.
    const hit = otherArmsHit(
      h.ctx,
      arm('right'),
      path(right, [0.6, ...OUT.slice(1)]),
      at(LEFT_IN, right),
      LINK_MARGIN_M,
    );
    expect(hit?.hit.what).toBe('arm left link left_suction_cup');
  });
});
