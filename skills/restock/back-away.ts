import { concat, defer, of, throwError } from 'rxjs';
import { z } from 'zod';
import type { Pose2D } from '../../src/math/pose.ts';
import { matrixToPose } from '../../src/math/pose.ts';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { findArm } from '../../src/skill/find-arm.ts';
import { runChild } from '../../src/skill/run.ts';
import { planCarry } from '../arm/carry-plan.ts';
import { driveSweepHit } from '../arm/drive-sweep.ts';
import { HELD, heldObject } from '../arm/held-objects.ts';
import { basePose2D, currentJoints, linkInWorld } from '../arm/robot-frames.ts';
import { navigate } from '../navigate.ts';
import { holdAsSeen } from '../placing/plan-place.ts';
import { arrivalTolerance } from '../reach/arrival-tolerance.ts';

/** How far the base may back away from where the hand is, m, nearest first: within the short carry held as is. */
export const BACK_AWAY_M = [0.1, 0.2, 0.3];

/** Input of `backAwayForCarry`. */
export const BackAwayInput = z.strictObject({ object: z.string().min(1) });

/**
 * Backs the base straight away from where the hand holds `object` (the base's heading kept, the arm and the lift
 * as they are) by the least of `BACK_AWAY_M` from which a carry posture holds the load as it is in the hand
 * (`planCarry`, as held), the drive's sweep of the arm and the load clear (`driveSweepHit`). For a put-back every
 * target refused: a load the place left low at a bottom slot's front, the lift down, has no carry pose there (demo
 * seed 8, a bleach bottle that slid in the fingers, the lift at 0.05 m): the ways in to the poses near the body draw
 * it in across the base, and the farther ones (0.3 to 0.35 m out) meet the board above the slot; a step back from
 * the shelf clears the board for a farther one. Fails `unreachable` when no back-off helps, or when the load has a
 * carry posture here already (its put-backs were refused for another reason), so the put-back goes on to report the
 * hand stuck; `precondition-failed` when the object is no longer held.
 */
export const backAwayForCarry = defineSkill({
  name: 'backAwayForCarry',
  description: 'back the base away from a shelf until a carry posture holds the load as it is in the hand',
  input: BackAwayInput,
  ports: ({ object }) => ({ optionalInputs: [HELD.of(object).name] }),
  run: ({ object }, ctx) =>
    defer(() => {
      const recorded = heldObject(ctx.blackboard, object);
      // Let go already (a put-back that failed after its release): nothing to carry, and no pick to try again.
      if (recorded === undefined)
        return throwError(() => new SkillFailure('precondition-failed', `'${object}' is not held`));
      const arm = findArm(ctx.robot, recorded.armName);
      const from = basePose2D(ctx.robot);
      if (!arm || !from)
        return throwError(() => new SkillFailure('unreachable', `no base to back away with '${object}'`));
      const hold = holdAsSeen(ctx, arm, recorded);
      const hand = matrixToPose(linkInWorld(ctx, arm.tipLink)).position;
      const away = Math.atan2(from.y - hand.y, from.x - hand.x);
      const joints = { ...currentJoints(ctx.robot) };
      // A load with a carry posture here was refused for another reason: backing away would not change it.
      if (planCarry(ctx, arm, hold, { joints }, { asHeld: true }).carry)
        return throwError(
          () =>
            new SkillFailure('unreachable', `'${object}' has a carry posture here: backing away would not help`, {
              detail: { object },
            }),
        );
      const tried: string[] = [];
      for (const backM of BACK_AWAY_M) {
        const to: Pose2D = {
          x: from.x + backM * Math.cos(away),
          y: from.y + backM * Math.sin(away),
          yawRad: from.yawRad,
        };
        const hit = driveSweepHit(ctx, arm, hold, from, to, { joints });
        if (hit) {
          tried.push(`${backM.toFixed(1)} m: ${hit}`);
          break;
        }
        if (!planCarry(ctx, arm, hold, { basePose: to, joints }, { asHeld: true }).carry) {
          tried.push(`${backM.toFixed(1)} m: no carry posture from there`);
          continue;
        }
        return concat(
          of({ message: 'backing away', data: { object, backM, from: { ...from }, to } }),
          runChild(navigate({ goal: to, ...arrivalTolerance(false) }), ctx, 0),
        );
      }
      const message = `no back-off gives '${object}' a carry posture (${tried.join('; ')})`;
      return throwError(() => new SkillFailure('unreachable', message, { detail: { object } }));
    }),
});
