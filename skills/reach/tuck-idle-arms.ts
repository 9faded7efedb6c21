import { EMPTY, type Observable, catchError, concat, defer, of, throwError } from 'rxjs';
import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { matrixToPose, type Pose, type Pose2D } from '../../src/math/pose.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { armPosesHit, armSweepHit, HAND_MARGIN_M, type SweepOptions } from '../arm/arm-sweep.ts';
import { CARRY_FORWARD_M, lineToCarryPose } from '../arm/carry-plan.ts';
import { heldBy } from '../arm/held-objects.ts';
import { execute, executeThrough } from '../arm/motion.ts';
import { stowJoints } from '../arm/postures.ts';
import { solveOnBranch } from '../arm/reachability.ts';
import { basePose2D, latest, linkInWorld, toolInWorld, withArmJoints } from '../arm/robot-frames.ts';
import { last } from '../planning/carry-stage.ts';
import { lineSamples } from '../planning/pick-motion.ts';
import { handReachM, liftOffContact, plannedWayIn, trapped$ } from './trapped-arm.ts';
import { hitObjectId } from '../../src/world/scene-query.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { fingersOnOtherHand, onOtherArm } from '../arm/other-arms.ts';

/** Joints within this of the tucked pose count as tucked, rad. */
const TUCKED_RAD = 0.05;
/** How far the hand backs straight out toward the body before it folds in, when it cannot fold in from where it is, m. */
const BACK_OUT_M = [0.1, 0.2, 0.3];
/** How far the hand first backs out along its approach when it cannot back out toward the body from where it is, m. */
const RETREAT_M = [0.03, 0.05];
/** How far the base may back straight off to draw a hand out of a slot before the fold, m. */
const BASE_BACK_OFF_M = [0.1, 0.2, 0.3, 0.4];
/** The arm's pose is checked this often along the base's back-off, m. */
const BASE_BACK_OFF_STEP_M = 0.01;
/** The back-out also rises this much, so the fingers lift off the board they worked over, m. */
const BACK_OUT_RISE_M = 0.02;

/** Squeeze of an empty gripper closed for a fold, N: enough to bring the fingers in, nothing to hold. */
const CLOSE_FOR_FOLD_N = 10;
/** An empty gripper this far open or less needs no closing for a fold, m. */
const CLOSED_M = 0.005;

/**
 * Folds in every arm that holds nothing (its named `stow` posture), so that no idle hand reaches past the footprint
 * that navigation keeps clear of shelves and totes while the base drives, docks and the lift moves. The fold is a
 * joint move whose sweep, fingers included as they stand (their opening read from the gripper), is checked
 * against the scene. When the direct fold is blocked (a hand left among products or beside a shelf's side panel
 * after a place), the hand first backs straight out, or is drawn in level to the carry pose in front of the
 * shoulder, and folds from there; when the open fingers are what blocks it, an empty gripper closes first. A hand
 * past the footprint with none of those ways clear takes a planned joint path around what blocks it
 * (`plannedJointPath`), to the stow posture or to a clear posture inside the footprint, then tries the fold again
 * from there (demo seed 10 from 9:55 refused every drive for the rest of the run). An arm with no way at all whose
 * hand stands past the footprint reports the robot trapped (`trapped$`) and fails `blocked` before anything moves:
 * the drive that follows would sweep that hand through the products (demo seed 8). Arms already folded stay as
 * they are.
 */
export function tuckIdleArms$(ctx: SkillContext): Observable<ProgressUpdate> {
  const moves = ctx.robot.parts.arms
    .filter((arm) => !heldBy(ctx.blackboard, arm.name))
    .map((arm) => concat(tuckArm$(ctx, arm, { plan: true, lift: true }), openAtFold$(ctx, arm)));
  return concat(...moves);
}

/**
 * An empty gripper standing folded with its fingers shut (closed for the fold, `closeForFold`, or for a pick's swing
 * that ended before the pre-grasp opened them), or squeezing the other arm's hand, opens once the arm is folded: a
 * gripper closes only under force, and a squeeze left on takes whatever comes between the pads. Demo seed 11: the
 * right gripper, closed for its fold, stayed squeezing; the left arm folded in against it, and 0.34 s into the right
 * arm's next swing out of the fold the pads took the left cup between them and dragged it 95 mm. The fingers open
 * where the fold leaves them room (not when open fingers there would meet the scene); with the other arm folded in
 * against them they stop on its hand and hold where they stopped, squeezing nothing, which is all the opening is for.
 */
function openAtFold$(ctx: SkillContext, arm: Arm): Observable<ProgressUpdate> {
  return defer(() => {
    const gripper = arm.endEffector;
    if (gripper?.kind !== 'parallel-gripper' || !isFolded(ctx.robot, arm)) return EMPTY;
    const widthM = latest(gripper.width$)?.widthM;
    if (widthM === undefined) return EMPTY;
    const [minM, maxM] = gripper.widthRangeM;
    const shut = widthM - minM <= CLOSED_M;
    const onOtherHand =
      latest(gripper.objectDetected$) === true &&
      fingersOnOtherHand(ctx, arm, [arm.currentState().positions], {}, 0, (widthM - minM) / (maxM - minM)) !==
        undefined;
    if (!shut && !onOtherHand) return EMPTY;
    const blocked = armPosesHit(ctx, arm, [arm.currentState().positions], {}, [], { fingers: true });
    if (blocked && !onOtherArm(blocked.hit.what))
      return of({
        message: 'the empty fingers stay shut at the fold: open, they would meet the scene',
        data: { arm: arm.name, link: blocked.link, what: blocked.hit.what },
      });
    return concat(
      of({ message: 'opening the empty fingers at the fold', data: { arm: arm.name, widthM, onOtherHand } }),
      execute(gripper.open(), 'open', { arm: arm.name }).pipe(
        catchError((error: unknown) =>
          error instanceof SkillFailure && error.detail['code'] === 'stalled'
            ? of({ message: 'the fingers opened as far as the fold leaves room', data: { arm: arm.name } })
            : throwError(() => error),
        ),
      ),
    );
  });
}

/** The last ways in a tuck may still take: a planned way in, a lift off what the hand touches (each once per tuck). */
interface LastWays {
  readonly plan: boolean;
  readonly lift: boolean;
}

/** Folds one empty arm in (see `tuckIdleArms$`), by the last ways `ways` still allows. */
function tuckArm$(ctx: SkillContext, arm: Arm, ways: LastWays): Observable<ProgressUpdate> {
  return defer((): Observable<ProgressUpdate> => {
    if (isFolded(ctx.robot, arm)) return EMPTY;
    const q = stowJoints(ctx.robot, arm);
    const asTheyStand = fingersAsTheyStand(arm);
    const hit = armSweepHit(ctx, arm, [q], {}, [], asTheyStand);
    if (!hit) return executeThrough(arm, [q], 'tuck', 0.6, { arm: arm.name });
    const path = wayIn(ctx, arm, q, asTheyStand);
    if (path)
      return concat(
        of({ message: 'backing out before the tuck', data: { arm: arm.name, blockedBy: hit.hit.what } }),
        executeThrough(arm, path, 'tuck', 0.6, { arm: arm.name }),
      );
    const closing = closeForFold(ctx, arm, q);
    if (closing) return closing;
    const backing = baseBackOffThenFold(ctx, arm, q, asTheyStand);
    if (backing) return backing;
    const reachM = handReachM(ctx, arm);
    const footprintM = ctx.robot.parts.base?.limits.footprintRadiusM;
    if (footprintM === undefined || reachM <= footprintM)
      return of({
        message: 'tuck sweep blocked; the hand stays inside the footprint',
        data: { arm: arm.name, link: hit.link, what: hit.hit.what, reachM },
      });
    // A hand resting on what it worked over fails every sweep out of where it stands: lift it off first.
    const lift = ways.lift ? liftOffContact(ctx, arm, asTheyStand) : undefined;
    if (lift)
      return concat(
        of({ message: 'lifting the hand off what it touches', data: { arm: arm.name, touching: [...lift.touching] } }),
        executeThrough(arm, lift.path, 'lift off', 0.3, { arm: arm.name }),
        tuckArm$(ctx, arm, { ...ways, lift: false }),
      );
    const planned = ways.plan
      ? plannedWayIn(ctx, arm, q, asTheyStand, footprintM, touchedNow(ctx, arm, asTheyStand))
      : undefined;
    if (!planned) return trapped$(ctx, arm, hit, reachM, footprintM);
    return concat(
      of({ message: 'planned a way in around what blocks the fold', data: { arm: arm.name, ...planned.data } }),
      executeThrough(arm, planned.path, 'tuck', 0.6, { arm: arm.name }),
      // From a posture inside the footprint, the fold may be clear now.
      tuckArm$(ctx, arm, { plan: false, lift: false }),
    );
  });
}

/** The sweep of the arm's fingers as they stand now: a gripper's opening read from its width. */
function fingersAsTheyStand(arm: Arm): SweepOptions {
  const gripper = arm.endEffector;
  if (gripper?.kind !== 'parallel-gripper') return { fingers: true };
  const widthM = latest(gripper.width$)?.widthM;
  const [minM, maxM] = gripper.widthRangeM;
  if (widthM === undefined || maxM <= minM) return { fingers: true };
  return { fingers: true, fingerOpening: (widthM - minM) / (maxM - minM) };
}

/** A back-out (toward the body, or back along the approach) or a draw-in, then the fold: the first clear sweep. */
function wayIn(ctx: SkillContext, arm: Arm, q: readonly number[], fingers: SweepOptions): number[][] | undefined {
  return backOutThenFold(ctx, arm, q, fingers) ?? inThenFold(ctx, arm, q, fingers);
}

/**
 * An empty gripper standing open whose fold is clear only with its fingers closed: closes it (nothing between its
 * fingers, so nothing is squeezed), then folds; undefined when the gripper holds something, something stands
 * between its fingers, it is closed already, or closed fingers do not clear the way either.
 */
function closeForFold(ctx: SkillContext, arm: Arm, q: readonly number[]): Observable<ProgressUpdate> | undefined {
  const gripper = arm.endEffector;
  if (gripper?.kind !== 'parallel-gripper' || latest(gripper.objectDetected$) === true) return undefined;
  const widthM = latest(gripper.width$)?.widthM;
  if (widthM === undefined || widthM - gripper.widthRangeM[0] <= CLOSED_M) return undefined;
  const closed: SweepOptions = { fingers: true, fingerOpening: 0 };
  // Fingers closing onto something between them would grasp it: only fingers that close on nothing close, the other
  // arm's hand included (the fold's touching allowed the hand is no room for closed fingers).
  const now = [arm.currentState().positions];
  if (armPosesHit(ctx, arm, now, {}, [], closed) || fingersOnOtherHand(ctx, arm, now, {}, HAND_MARGIN_M))
    return undefined;
  const path = armSweepHit(ctx, arm, [q], {}, [], closed) ? wayIn(ctx, arm, q, closed) : [[...q]];
  if (!path) return undefined;
  return concat(
    of({ message: 'closing the empty fingers for the tuck', data: { arm: arm.name, widthM } }),
    execute(gripper.close(CLOSE_FOR_FOLD_N), 'close', { arm: arm.name, forceN: CLOSE_FOR_FOLD_N }),
    executeThrough(arm, path, 'tuck', 0.6, { arm: arm.name }),
  );
}

/**
 * The base backs straight off (away from where it faces, the shelf or tote it worked at) with the arm as it stands,
 * drawing the hand straight out of the slot, then the arm folds: when the arm's pose is clear every centimetre of
 * the way back (the item the fingers touch now passed by) and the fold is clear from there. Undefined when no
 * back-off distance gives that, or the robot has no base.
 */
function baseBackOffThenFold(
  ctx: SkillContext,
  arm: Arm,
  q: readonly number[],
  fingers: SweepOptions,
): Observable<ProgressUpdate> | undefined {
  const base = ctx.robot.parts.base;
  const start = basePose2D(ctx.robot);
  if (base === undefined || base.kind === 'bipedal' || start === undefined) return undefined;
  const now = arm.currentState().positions;
  const ignore = touchedNow(ctx, arm, fingers);
  const at = (backM: number): Pose2D => ({
    x: start.x - Math.cos(start.yawRad) * backM,
    y: start.y - Math.sin(start.yawRad) * backM,
    yawRad: start.yawRad,
  });
  for (const backM of BASE_BACK_OFF_M) {
    const steps = Math.ceil(backM / BASE_BACK_OFF_STEP_M);
    const way = Array.from({ length: steps }, (_, i) => at(((i + 1) * backM) / steps));
    if (way.some((basePose) => armPosesHit(ctx, arm, [now], { basePose }, ignore, fingers))) continue;
    const goal = at(backM);
    if (armSweepHit(ctx, arm, [q], { basePose: goal }, [], fingers)) continue;
    return concat(
      of({ message: 'backing the base off before the tuck', data: { arm: arm.name, backM } }),
      execute(base.goTo(goal), 'back off', { backM }),
      executeThrough(arm, [q], 'tuck', 0.6, { arm: arm.name }),
    );
  }
  return undefined;
}

/**
 * Joint samples that back the hand straight out, then fold it to `q`, with the whole sweep clear, fingers
 * included; undefined when no way out gives one. First toward the body (level, a little up); else first back along
 * its approach, out of the slot it worked in (its fingers still either side of the item it let go of), and fold
 * from there or back out toward the body from there (demo seed 8).
 */
function backOutThenFold(
  ctx: SkillContext,
  arm: Arm,
  q: readonly number[],
  fingers: SweepOptions,
): number[][] | undefined {
  const now = arm.currentState().positions;
  const tool = toolInWorld(ctx, arm);
  const ignore = touchedNow(ctx, arm, fingers);
  const folds = (from: readonly number[]): boolean => sweepClear(ctx, arm, from, [q], [], fingers);
  for (const backM of BACK_OUT_M) {
    const line = lineOut(ctx, arm, tool, now, 'body', backM);
    if (line && sweepClear(ctx, arm, now, line, ignore, fingers) && folds(last(line))) return [...line, [...q]];
  }
  for (const retreatM of RETREAT_M) {
    const first = lineOut(ctx, arm, tool, now, 'approach', retreatM);
    if (!first || !sweepClear(ctx, arm, now, first, ignore, fingers)) continue;
    if (folds(last(first))) return [...first, [...q]];
    const retreated = matrixToPose(linkInWorld(ctx, arm.tipLink, withArmJoints({}, arm, last(first))));
    for (const backM of BACK_OUT_M) {
      const second = lineOut(ctx, arm, retreated, last(first), 'body', backM);
      if (second && sweepClear(ctx, arm, last(first), second, ignore, fingers) && folds(last(second)))
        return [...first, ...second, [...q]];
    }
  }
  return undefined;
}

/** IK samples of a straight line of the hand from `tool` (at joints `from`): toward the body, or back along its approach. */
function lineOut(
  ctx: SkillContext,
  arm: Arm,
  tool: Pose,
  from: readonly number[],
  toward: 'body' | 'approach',
  distanceM: number,
): number[][] | undefined {
  const root = linkInWorld(ctx, ctx.robot.model.rootLink);
  const away =
    toward === 'body'
      ? new Vector3(root.elements[12] - tool.position.x, root.elements[13] - tool.position.y, 0)
      : new Vector3(0, 0, -1).applyQuaternion(tool.quaternion);
  if (away.lengthSq() < 1e-9) return undefined;
  away.normalize();
  const riseM = toward === 'body' ? BACK_OUT_RISE_M : 0;
  const out = {
    position: tool.position
      .clone()
      .addScaledVector(away, distanceM)
      .add(new Vector3(0, 0, riseM)),
    quaternion: tool.quaternion,
  };
  return lineSamples(ctx, arm, tool, out, withArmJoints({}, arm, from), [...from]);
}

/**
 * The item the fingers already touch where the hand stands (a neighbour of the item just let go, within the
 * sweep's 5 mm margin): a way out passes it by, straight along it, not into it; the fold is checked against it.
 */
function touchedNow(ctx: SkillContext, arm: Arm, fingers: SweepOptions): string[] {
  const what = armPosesHit(ctx, arm, [arm.currentState().positions], {}, [], fingers)?.hit.what;
  const objectId = what === undefined ? undefined : hitObjectId(what);
  return objectId === undefined ? [] : [objectId];
}

/** True when the arm's sweep from joints `from` through `waypoints` is clear, fingers as `fingers` say. */
function sweepClear(
  ctx: SkillContext,
  arm: Arm,
  from: readonly number[],
  waypoints: readonly (readonly number[])[],
  ignore: readonly string[],
  fingers: SweepOptions,
): boolean {
  return !armSweepHit(ctx, arm, waypoints, withArmJoints({}, arm, from), ignore, fingers);
}

/**
 * Joint samples that draw the hand in level, keeping its orientation, to the carry pose in front of the shoulder
 * (the way a load is drawn in, `lineToCarryPose`), then fold it to `q`, fingers included in the sweep. From
 * beside a shelf's side panel, a base standing at an angle to the shelf, neither the direct fold nor a back-out
 * toward the body clears the panel; the way in that a carried load takes does.
 */
function inThenFold(ctx: SkillContext, arm: Arm, q: readonly number[], fingers: SweepOptions): number[][] | undefined {
  const now = arm.currentState().positions;
  const ignore = touchedNow(ctx, arm, fingers);
  for (const forwardM of CARRY_FORWARD_M) {
    const line = solveOnBranch(ctx, arm, lineToCarryPose(ctx, arm, forwardM, 0), {}, now);
    if (!line) continue;
    if (sweepClear(ctx, arm, now, line, ignore, fingers) && sweepClear(ctx, arm, last(line), [q], [], fingers))
      return [...line, [...q]];
  }
  return undefined;
}

/** True when the arm stands in its `stow` posture (within `TUCKED_RAD` at every joint). */
export function isFolded(robot: Robot, arm: Arm): boolean {
  const q = stowJoints(robot, arm);
  const now = arm.currentState().positions;
  return q.every((v, i) => Math.abs(v - (now[i] ?? v)) < TUCKED_RAD);
}
