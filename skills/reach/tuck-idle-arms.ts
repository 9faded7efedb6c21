import { EMPTY, type Observable, concat, defer, of } from 'rxjs';
import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { armSweepHit } from '../arm/arm-sweep.ts';
import { CARRY_FORWARD_M, lineToCarryPose } from '../arm/carry-plan.ts';
import { heldBy } from '../arm/held-objects.ts';
import { executeThrough } from '../arm/motion.ts';
import { stowJoints } from '../arm/postures.ts';
import { solveOnBranch } from '../arm/reachability.ts';
import { linkInWorld, toolInWorld } from '../arm/robot-frames.ts';
import { lineSamples } from '../planning/pick-motion.ts';

/** Joints within this of the tucked pose count as tucked, rad. */
const TUCKED_RAD = 0.05;
/** How far the hand backs straight out toward the body before it folds in, when it cannot fold in from where it is, m. */
const BACK_OUT_M = [0.1, 0.2, 0.3];
/** The back-out also rises this much, so the fingers lift off the board they worked over, m. */
const BACK_OUT_RISE_M = 0.02;

/**
 * Folds in every arm that holds nothing (its named `stow` posture), so that no idle hand reaches past the footprint
 * that navigation keeps clear of shelves and totes while the base drives, docks and the lift moves. The fold is a
 * joint move whose sweep, fingers included, is checked against the scene. When the direct fold is blocked (a hand
 * left among products or beside a shelf's side panel after a place), the hand first backs straight out, or is drawn
 * in level to the carry pose in front of the shoulder, and folds from there. Arms already folded, and arms with no
 * clear way in, stay as they are.
 */
export function tuckIdleArms$(ctx: SkillContext): Observable<ProgressUpdate> {
  const moves = ctx.robot.parts.arms
    .filter((arm) => !heldBy(ctx.blackboard, arm.name))
    .map((arm) =>
      defer((): Observable<ProgressUpdate> => {
        const q = stowJoints(ctx.robot, arm);
        const now = arm.currentState().positions;
        if (q.every((v, i) => Math.abs(v - (now[i] ?? v)) < TUCKED_RAD)) return EMPTY;
        const hit = armSweepHit(ctx, arm, [q], {}, [], { fingers: true });
        if (!hit) return executeThrough(arm, [q], 'tuck', 0.6, { arm: arm.name });
        const path = backOutThenFold(ctx, arm, q) ?? inThenFold(ctx, arm, q);
        // No clear way in, fingers fully open: the arm stays as it is. Failing the drive `blocked` here instead cost
        // the multi-pick bench seeds 26, 29 and 30 (a hand in a level-3 slot of aisle a), whose drives with the hand
        // out knocked nothing; a refusal wants a better way out first (the fingers closed for the fold, or the base
        // backing off the shelf), so it is not made yet.
        if (!path)
          return of({
            message: 'tuck sweep blocked; leaving the arm as is',
            data: { arm: arm.name, link: hit.link, what: hit.hit.what },
          });
        return concat(
          of({ message: 'backing out before the tuck', data: { arm: arm.name, blockedBy: hit.hit.what } }),
          executeThrough(arm, path, 'tuck', 0.6, { arm: arm.name }),
        );
      }),
    );
  return concat(...moves);
}

/**
 * Joint samples that back the hand straight out toward the body (level, a little up), then fold it to `q`, with
 * the whole sweep clear, fingers included; undefined when no back-out distance gives one.
 */
function backOutThenFold(ctx: SkillContext, arm: Arm, q: readonly number[]): number[][] | undefined {
  const tool = toolInWorld(ctx, arm);
  const root = linkInWorld(ctx, ctx.robot.model.rootLink);
  const inward = new Vector3(root.elements[12] - tool.position.x, root.elements[13] - tool.position.y, 0);
  if (inward.lengthSq() < 1e-9) return undefined;
  inward.normalize();
  for (const backM of BACK_OUT_M) {
    const out = {
      position: tool.position
        .clone()
        .addScaledVector(inward, backM)
        .add(new Vector3(0, 0, BACK_OUT_RISE_M)),
      quaternion: tool.quaternion,
    };
    const line = lineSamples(ctx, arm, tool, out, {}, arm.currentState().positions);
    if (!line) continue;
    const path = [...line, [...q]];
    if (!armSweepHit(ctx, arm, path, {}, [], { fingers: true })) return path;
  }
  return undefined;
}

/**
 * Joint samples that draw the hand in level, keeping its orientation, to the carry pose in front of the shoulder
 * (the way a load is drawn in, `lineToCarryPose`), then fold it to `q`, fingers included in the sweep. From
 * beside a shelf's side panel, a base standing at an angle to the shelf, neither the direct fold nor a back-out
 * toward the body clears the panel; the way in that a carried load takes does.
 */
function inThenFold(ctx: SkillContext, arm: Arm, q: readonly number[]): number[][] | undefined {
  const now = arm.currentState().positions;
  for (const forwardM of CARRY_FORWARD_M) {
    const line = solveOnBranch(ctx, arm, lineToCarryPose(ctx, arm, forwardM, 0), {}, now);
    if (!line) continue;
    const path = [...line, [...q]];
    if (!armSweepHit(ctx, arm, path, {}, [], { fingers: true })) return path;
  }
  return undefined;
}
