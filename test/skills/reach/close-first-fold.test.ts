import { describe, expect, it } from 'vitest';
import { namedPosture } from '../../../skills/arm/postures.ts';
import { latest, toolInWorld } from '../../../skills/arm/robot-frames.ts';
import { isFolded } from '../../../skills/reach/tuck-idle-arms.ts';
import { pickSwing$ } from '../../../skills/grasp.ts';
import { closingPoint } from '../../../skills/planning/pick-motion.ts';
import { foldCase } from './fold-case.ts';

// Issue 11: a pick whose swing is clear only with the empty gripper closed first (`closeFirst`) closed it at the
// fold, its shut fingers against the folded left cup, and the swing out took the cup between the pads (seen on demo
// seed 2; on seed 11 the same squeeze out of the fold dragged the cup 95 mm). The swing now leaves the fold with the
// fingers as they stand and closes them once clear of the other hand.

/** Fingers at most this far apart stand shut, m. */
const SHUT_M = 0.005;

describe("a close-first pick's swing out of the fold leaves the other arm's cup where it was (the wheeled humanoid)", () => {
  const fold = foldCase();
  const { arm, gripper, widthM, run, tuck } = fold;

  it('both arms folded: the gripper closes on the way, not at the fold, and the left cup stays put', () => {
    tuck();
    const right = arm('right');
    expect(isFolded(fold.h.ctx.robot, right)).toBe(true);
    expect(isFolded(fold.h.ctx.robot, arm('left'))).toBe(true);
    expect(widthM()).toBeGreaterThan(SHUT_M);
    const cupBefore = toolInWorld(fold.h.ctx, arm('left'));
    const leftBefore = arm('left').currentState().positions;
    // The swing a pick makes out of the fold: to the planning seed's pose in front of the body.
    const preGrasp = namedPosture(fold.h.ctx.robot, right, 'ready')!;
    const close = closingPoint(fold.h.ctx, right, undefined, preGrasp, {});
    // At the fold the shut fingers meet the left cup: the close waits for a point on the way.
    expect(Array.isArray(typeof close === 'object' && close.closeAt)).toBe(true);
    run(pickSwing$(right, gripper(), { closeFirst: true, ...(typeof close === 'object' ? close : {}), preGrasp }));
    expect(widthM()).toBeLessThan(SHUT_M);
    expect(fold.holds).toEqual([]);
    expect(latest(gripper().objectDetected$)).toBe(false);
    const cupAfter = toolInWorld(fold.h.ctx, arm('left'));
    expect(cupAfter.position.distanceTo(cupBefore.position)).toBeLessThan(0.001);
    expect(cupAfter.quaternion.angleTo(cupBefore.quaternion)).toBeLessThan(0.01);
    arm('left')
      .currentState()
      .positions.forEach((q, i) => expect(Math.abs(q - leftBefore[i]!)).toBeLessThan(0.01));
  });
});
