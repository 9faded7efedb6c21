import { act } from '../../src/skill/phases.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { knownObject } from '../../src/skill/known-object.ts';
import { poseError } from '../../src/math/pose.ts';

/**
 * A target farther than this from where its grasp was planned has been moved (knocked, taken), m: the grasp's own
 * fingers and cup nudge it by a few mm at most before the close.
 */
export const TARGET_MOVED_M = 0.015;
/** A target turned by more than this since its grasp was planned has been moved, rad. */
export const TARGET_TURNED_RAD = (15 * Math.PI) / 180;

/**
 * A phase that fails `missed` when the target stands away from where the grasp was planned (`planned`, the object
 * as the motion was planned on): as a robot that looks again before it closes, the grasp names the move instead of
 * closing on air and reporting the hand empty. `where` names the moment (`at the pre-grasp`, `before the close`).
 */
export function targetStill(ctx: SkillContext, planned: KnownObject, where: string) {
  return act(() => {
    const now = knownObject(ctx.world, planned.id).poseInWorld;
    const { positionM: movedM, rotationRad: turnedRad } = poseError(now, planned.poseInWorld);
    if (movedM <= TARGET_MOVED_M && turnedRad <= TARGET_TURNED_RAD) return;
    const turnedDeg = (turnedRad * 180) / Math.PI;
    throw new SkillFailure(
      'missed',
      `'${planned.id}' moved ${(movedM * 1000).toFixed(0)} mm and turned ${turnedDeg.toFixed(0)}° from where its ` +
        `grasp was planned, seen ${where}: knocked before the hand closed on it`,
      { detail: { objectId: planned.id, movedM, turnedDeg } },
    );
  });
}
