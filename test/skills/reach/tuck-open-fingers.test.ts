import { describe, expect, it } from 'vitest';
import { Quaternion, Vector3 } from 'three';
import { HELD } from '../../../skills/arm/held-objects.ts';
import { execute, executeThrough } from '../../../skills/arm/motion.ts';
import { namedPosture, stowJoints } from '../../../skills/arm/postures.ts';
import { latest } from '../../../skills/arm/robot-frames.ts';
import { isFolded } from '../../../skills/reach/tuck-idle-arms.ts';
import { foldCase } from './fold-case.ts';

// Issue 11, demo seed 11 (main 9a840c8, --trace): at 475.18 s the tuck closed the empty right gripper at 10 N so its
// fingers cleared the way to the fold, and folded the arm; the gripper stayed squeezing. At 531.62 s the left arm
// folded in, its suction cup against the right hand; 0.34 s into the right arm's next swing out of the fold both
// pads pressed the cup, it wedged them apart to 18 mm and the "held load" slid 95 mm. An empty gripper folded with
// its fingers shut now opens at the fold.

/** The squeeze `closeForFold` closes an empty gripper with, N. */
const CLOSE_FOR_FOLD_N = 10;
/** Fingers at most this far apart stand shut, m. */
const SHUT_M = 0.005;

describe('the tuck leaves no empty gripper squeezing at the fold (the wheeled humanoid)', () => {
  const fold = foldCase();
  const { arm, gripper, widthM, run, tuck } = fold;
  /** The right arm leaves the fold for the planning seed's pose in front of the body, as a pick's swing does. */
  const swingOut = (): void =>
    run(executeThrough(arm('right'), [namedPosture(fold.h.ctx.robot, arm('right'), 'ready')!], 'swing', 0.6));
  /** The right gripper squeezes nothing and the right arm leaving the fold drags nothing along. */
  const expectLeavingDragsNothing = (): void => {
    expect(latest(gripper().objectDetected$)).toBe(false);
    swingOut();
    expect(fold.holds).toEqual([]);
    expect(latest(gripper().objectDetected$)).toBe(false);
    expect(widthM()).toBeGreaterThan(SHUT_M);
  };

  it('closed for the fold, then the left arm folding in: the fingers opened at the fold, the swing drags nothing', () => {
    run(execute(gripper().close(CLOSE_FOR_FOLD_N), 'close'));
    expect(widthM()).toBeLessThan(SHUT_M);
    // The left arm holds something: this tuck folds the right arm only (475 s).
    fold.h.ctx.blackboard.set(HELD.of('carried'), {
      objectId: 'carried',
      armName: 'left',
      effector: 'suction',
      objectInTool: { position: new Vector3(), quaternion: new Quaternion() },
      payloadN: 1,
      restQuaternion: new Quaternion(),
    });
    tuck();
    expect(isFolded(fold.h.ctx.robot, arm('right'))).toBe(true);
    expect(isFolded(fold.h.ctx.robot, arm('left'))).toBe(false);
    expect(widthM()).toBeGreaterThan(SHUT_M);
    // The left arm let go of its load: the next tuck folds it in against the right hand (531 s).
    fold.h.ctx.blackboard.delete(HELD.of('carried'));
    tuck();
    expect(isFolded(fold.h.ctx.robot, arm('left'))).toBe(true);
    expectLeavingDragsNothing();
  });

  it('folded with the fingers shut and the left arm folded in after: the next tuck opens them', () => {
    run(execute(gripper().close(CLOSE_FOR_FOLD_N), 'close'));
    run(executeThrough(arm('right'), [stowJoints(fold.h.ctx.robot, arm('right'))], 'fold', 0.6));
    run(executeThrough(arm('left'), [stowJoints(fold.h.ctx.robot, arm('left'))], 'fold', 0.6));
    expect(widthM()).toBeLessThan(SHUT_M);
    tuck();
    expect(widthM()).toBeGreaterThan(SHUT_M);
    expectLeavingDragsNothing();
  });
});
