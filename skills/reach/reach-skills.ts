import { EMPTY, Observable, concat, defer, of } from 'rxjs';
import { Vector3 } from 'three';
import type { SkillContext } from '../../src/skill/context.ts';
import type { SkillProgress } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { runChild } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { navigate } from '../navigate.ts';
import { execute, executeThrough } from '../arm/motion.ts';
import { heldBy, heldObject } from '../arm/held-objects.ts';
import { searchLift } from '../arm/lift-search.ts';
import { graspPath, reachableStandOffs, reachProblem, type ReachGoal } from './reach.ts';
import { planGrasp, type GraspPlan } from '../grasping/plan-grasp.ts';
import type { EffectorChoice } from '../arm/effectors.ts';
import { continuousPath, solveWaypoints } from '../arm/reachability.ts';
import { findArm } from '../../src/skill/find-arm.ts';
import { linkInWorld, toolInWorld } from '../arm/robot-frames.ts';
import { armSweepHit, tuckedJoints } from '../arm/arm-sweep.ts';
import { sceneQueryOf } from '../../src/world/scene-query.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import { heldObjectPose } from '../placing/plan-place.ts';
import { levelDirectMove, straightLine } from '../placing/slot-way.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import type { Arm } from '../../hardware/arm.ts';
import { matrixToPose } from '../../src/math/pose.ts';
import { heldHitsScene } from '../placing/body-clearance.ts';

/**
 * How close the base must come to the stand-off, m: the reach check assumed that exact pose, and a top-down reach
 * into a tote from a footprint-clear stand-off is near the arm's limit, so navigate's default 3 cm is too loose.
 */
const ARRIVAL_TOLERANCE_M = 0.01;
/** Heading tolerance at the stand-off: 3° of yaw is 3 cm at the hand, as much as the whole position tolerance. */
const ARRIVAL_TOLERANCE_RAD = (1 * Math.PI) / 180;
/**
 * Tolerances for a stand-off that works only at its exact pose (no robust one was found): the base docks at the
 * edge of its tolerance, and a centimetre off such a stand-off the reach is gone by the time the lift is set.
 */
const EXACT_ARRIVAL_TOLERANCE_M = 0.003;
const EXACT_ARRIVAL_TOLERANCE_RAD = (0.3 * Math.PI) / 180;

function describe(goal: ReachGoal): string {
  return goal.kind === 'grasp' ? `grasp '${goal.object}'` : `place '${goal.object}'`;
}

function progress(ctx: SkillContext, message: string, data?: Record<string, unknown>): SkillProgress {
  return { nodeId: ctx.node.id, path: ctx.node.path, message, ...(data ? { data } : {}) };
}

/**
 * A node that moves the base, when the robot has one, to a stand-off from which the goal is in reach (with some
 * lift height), by running `navigate` as its run-time child, idle arms folded in first. Succeeds at once when the
 * goal is already in reach or the robot has no base; fails `unreachable` when no stand-off works.
 */
export function goWithinReach(goal: ReachGoal): Skill {
  return {
    kind: 'goWithinReach',
    name: 'go-within-reach',
    children: [],
    params: goal,
    start: (ctx) =>
      defer((): Observable<SkillProgress> => {
        if (!ctx.robot.parts.base) return of(progress(ctx, 'fixed base', { goal: describe(goal) }));
        const { workPoint, arm, feasible } = reachProblem(ctx, goal);
        if (searchLift(ctx.robot, ctx.world, arm, workPoint.z, feasible))
          return of(progress(ctx, 'in reach', { goal: describe(goal) }));
        // Fold the idle arms in before the stand-off search (its sweep checks start from the arms' joints) and
        // before the base drives, docks and the lift moves beside a shelf.
        const drive$ = defer((): Observable<SkillProgress> => {
          const [best] = reachableStandOffs(ctx, goal);
          if (!best)
            throw new SkillFailure('unreachable', `no base stand-off puts ${describe(goal)} within reach`, {
              detail: { goal },
            });
          const { basePose } = best;
          const data = {
            ...(best.place ? { place: best.place.name } : {}),
            x: basePose.x,
            y: basePose.y,
            yawRad: basePose.yawRad,
            robust: best.robust,
            ...(best.liftHeightM === undefined ? {} : { liftHeightM: best.liftHeightM }),
          };
          return concat(
            of(progress(ctx, 'stand-off', data)),
            runChild(
              navigate({ goal: best.place ? best.place.name : basePose, ...arrivalTolerance(best.robust) }),
              ctx,
              0,
            ),
          );
        });
        return concat(tuckIdleArms$(ctx), drive$);
      }),
  };
}

function arrivalTolerance(robust: boolean): { toleranceM: number; toleranceRad: number } {
  return robust
    ? { toleranceM: ARRIVAL_TOLERANCE_M, toleranceRad: ARRIVAL_TOLERANCE_RAD }
    : { toleranceM: EXACT_ARRIVAL_TOLERANCE_M, toleranceRad: EXACT_ARRIVAL_TOLERANCE_RAD };
}

/**
 * A node that sets the torso lift so the goal is in reach from where the base stands (the present height when
 * it already is); succeeds without motion on robots without a lift. Fails `unreachable` when no height works.
 */
export function setLiftFor(goal: ReachGoal): Skill {
  return {
    kind: 'setLiftFor',
    name: 'set-lift',
    children: [],
    params: goal,
    start: (ctx) =>
      defer((): Observable<SkillProgress> => {
        const lift = ctx.robot.parts.lift;
        const { workPoint, arm, feasible } = reachProblem(ctx, goal);
        const hit = searchLift(ctx.robot, ctx.world, arm, workPoint.z, feasible, { maxTries: 21 });
        if (!hit)
          throw new SkillFailure('unreachable', `${describe(goal)} is out of reach from here at every lift height`, {
            detail: { goal },
          });
        if (!lift || hit.liftHeightM === undefined) return EMPTY;
        const motion = lift.moveTo(hit.liftHeightM);
        return stamp(ctx, execute(motion, 'lift', { heightM: motion.applied }));
      }),
  };
}

/**
 * Folds in every arm that holds nothing (`tuckedJoints`), so that no idle hand reaches past the footprint that
 * navigation keeps clear of shelves and totes while the base drives, docks and the lift moves. Arms already
 * folded, and arms whose way in would hit the scene, stay as they are.
 */
function tuckIdleArms$(ctx: SkillContext): Observable<SkillProgress> {
  const moves = ctx.robot.parts.arms
    .filter((arm) => !heldBy(ctx.world, arm.name))
    .map((arm) =>
      defer((): Observable<SkillProgress> => {
        const q = tuckedJoints(ctx.robot, arm);
        const now = arm.currentState().positions;
        if (q.every((v, i) => Math.abs(v - (now[i] ?? v)) < TUCKED_RAD)) return EMPTY;
        const hit = armSweepHit(ctx.robot, ctx.world, arm, [q], {}, []);
        if (hit)
          return of(
            progress(ctx, 'tuck sweep blocked; leaving the arm as is', {
              arm: arm.name,
              link: hit.link,
              what: hit.hit.what,
            }),
          );
        return stamp(ctx, execute(arm.moveJoints({ positions: q, velocityScale: 0.6 }), 'tuck', { arm: arm.name }));
      }),
    );
  return concat(...moves);
}

/** Joints within this of the tucked pose count as tucked, rad. */
const TUCKED_RAD = 0.05;

/** What `readyAbove` plans with: the grasp the `grasp` skill will choose. */
export interface ReadyGoal {
  readonly object: string;
  readonly effector: EffectorChoice;
  readonly approachDistanceM: number;
  readonly liftM: number;
}

/**
 * A node that brings the arm to a ready pose straight above the pre-grasp of the grasp `grasp` will choose (same
 * orientation, on its IK branch), so the grasp's joint move down to the pre-grasp is short and does not swing the
 * forearm through a tote's walls on the way from the carry pose. Skipped (success) when there is no such pose or
 * the way via it would hit the scene (the grasp then plans as it would have).
 */
export function readyAbove(goal: ReadyGoal): Skill {
  return {
    kind: 'readyAbove',
    name: 'ready',
    children: [],
    params: goal,
    start: (ctx) =>
      defer((): Observable<SkillProgress> => {
        const object = ctx.world.object(goal.object);
        if (!object) throw new SkillFailure('invalid-input', `no object '${goal.object}' in the world model`);
        let plan: GraspPlan;
        try {
          plan = planGrasp(ctx.robot, ctx.world, object, {
            effector: goal.effector,
            approachDistanceM: goal.approachDistanceM,
            liftM: goal.liftM,
          });
        } catch {
          // The grasp reports why it cannot plan; nothing to prepare here.
          return of(progress(ctx, 'no grasp to get ready for'));
        }
        const { arm } = plan.entry;
        const path = graspPath(ctx, plan, {});
        if (path.length === plan.joints.length) return of(progress(ctx, 'no ready pose in reach; going straight'));
        const hit = armSweepHit(ctx.robot, ctx.world, arm, path, {}, [object.id]);
        if (hit)
          return of(progress(ctx, 'ready pose sweep blocked; going straight', { link: hit.link, what: hit.hit.what }));
        return stamp(
          ctx,
          execute(arm.moveJoints({ positions: path[0]!, velocityScale: 0.6 }), 'ready', { arm: arm.name }),
        );
      }),
  };
}

/**
 * A node that draws the arm holding `object` in to a carry pose close to the body, keeping the object's
 * orientation, before the base drives: first straight up until the load clears what is around it (a tote's
 * walls, a shelf's lip), then in level and down to the carry pose, inside the base's footprint. Skipped (success)
 * for fixed robots or when no carry pose is in reach with a clear sweep.
 */
export function stowForCarry(object: string): Skill {
  return {
    kind: 'stowForCarry',
    name: 'stow',
    children: [],
    params: { object },
    start: (ctx) =>
      defer((): Observable<SkillProgress> => {
        const hold = heldObject(ctx.world, object);
        const arm = hold ? findArm(ctx.robot, hold.armName) : undefined;
        if (!ctx.robot.parts.base || !arm || !hold) return EMPTY;
        const riseM = clearingRiseM(ctx, arm, hold);
        let raisedM = 0;
        const rise$ = defer(() => {
          if (riseM <= 0) return EMPTY;
          const tool = toolInWorld(ctx.robot, ctx.world, arm);
          // Straight up through our own IK samples (the arm's own linear move solves to 0.1 mm and stalls a few
          // mm short near the edge of its reach): joint moves through them, one sample every 4 cm. As high as the
          // arm reaches up to the rise wanted; the carry move checks the load's way in from there.
          for (let upM = riseM; upM > 0; upM -= RISE_STEP_M) {
            const up = { position: tool.position.clone().add(new Vector3(0, 0, upM)), quaternion: tool.quaternion };
            const joints = solveWaypoints(ctx.robot, ctx.world, arm, straightLine(tool, up));
            if (!joints || !continuousPath(arm.currentState().positions, joints)) continue;
            raisedM = upM;
            // One joint move to the top when the load stays level and clear of the walls on the way (a chain of
            // moves jolts it in the fingers at every stop).
            const end = joints[joints.length - 1]!;
            const smooth = levelDirectMove(
              ctx.robot,
              ctx.world,
              arm,
              hold,
              halfOf(ctx, hold),
              arm.currentState().positions,
              end,
              tool.quaternion,
            );
            const path = smooth ? [end] : joints;
            return stamp(ctx, executeThrough(arm, path, 'raise', 0.3, { riseM: upM }));
          }
          return of(progress(ctx, 'no rise in reach; carrying from here', { riseM }));
        });
        const carry$ = defer((): Observable<SkillProgress> => {
          const carry = carryPose(ctx, arm, hold, Math.max(0, riseM - raisedM));
          if (!carry) return of(progress(ctx, 'no carry pose in reach; carrying as is'));
          // Joint moves through the checked joints (one, or the IK samples of the lines): exactly the motion the
          // checks passed, with no IK of the arm's own along the way.
          return stamp(ctx, executeThrough(arm, carry.joints, 'stow', 0.5, { forwardM: carry.forwardM }));
        });
        return concat(rise$, carry$);
      }),
  };
}

/** Distances in front of the shoulder tried for the carry pose, nearest the body first, m. */
const CARRY_FORWARD_M = [0.22, 0.26, 0.3, 0.35];
/** The carry pose sits this far below the shoulder, m. */
const CARRY_BELOW_SHOULDER_M = 0.1;

/**
 * The carry pose: the tool in front of the shoulder and a little below it, keeping its orientation, as close to
 * the body as the arm folds (IK, and a clear sweep from where it is) so the held object stays inside the base's
 * footprint: navigation keeps the footprint clear of the shelves, so the base can dock and the lift can rise
 * beside a shelf without the load scraping a board. Undefined when no distance works.
 */
function carryPose(
  ctx: SkillContext,
  arm: Arm,
  hold: HeldObject,
  stillToRiseM: number,
): { joints: number[][]; forwardM: number } | undefined {
  const root = matrixToPose(linkInWorld(ctx.robot, ctx.world, ctx.robot.model.rootLink));
  const shoulder = matrixToPose(linkInWorld(ctx.robot, ctx.world, arm.baseLink));
  const inRoot = shoulder.position.clone().sub(root.position).applyQuaternion(root.quaternion.clone().invert());
  const tool = toolInWorld(ctx.robot, ctx.world, arm);
  const half = halfOf(ctx, hold);
  for (const forwardM of CARRY_FORWARD_M) {
    const carryInRoot = new Vector3(inRoot.x + forwardM, inRoot.y, inRoot.z - CARRY_BELOW_SHOULDER_M);
    const carry = {
      position: carryInRoot.applyQuaternion(root.quaternion).add(root.position),
      quaternion: tool.quaternion,
    };
    // In level at the raised height (up the rest of the rise on the way, when the arm could not reach it straight
    // up), then down: drawn in on a slant downward, the load would cut through the wall it was raised to clear. Straight lines at a fixed orientation, as IK samples: a joint move to an IK solution of
    // the same pose may roll the wrist through a full turn on the way and fling the load.
    const over = {
      position: carry.position.clone().setZ(Math.max(tool.position.z + stillToRiseM, carry.position.z)),
      quaternion: tool.quaternion,
    };
    const line = [
      ...straightLine(tool, over),
      ...(over.position.z > carry.position.z + 1e-6 ? straightLine(over, carry) : []),
    ];
    if (heldHitsScene(ctx.world, hold, half, line)) continue;
    const joints = solveWaypoints(ctx.robot, ctx.world, arm, line);
    if (
      !joints ||
      !continuousPath(arm.currentState().positions, joints) ||
      armSweepHit(ctx.robot, ctx.world, arm, joints, {}, [hold.objectId])
    )
      continue;
    // One smooth joint move to the end of the line when it keeps the load level and clear: every stop of a
    // move-by-move chain jolts the load, and a can slides in the fingers a little at each.
    const end = joints[joints.length - 1]!;
    if (
      levelDirectMove(ctx.robot, ctx.world, arm, hold, half, arm.currentState().positions, end, tool.quaternion) &&
      !armSweepHit(ctx.robot, ctx.world, arm, [end], {}, [hold.objectId])
    )
      return { joints: [end], forwardM };
    return { joints, forwardM };
  }
  return undefined;
}

/** The held object's half extents (zero when the world model no longer knows it). */
function halfOf(ctx: SkillContext, hold: HeldObject): readonly [number, number, number] {
  const object = ctx.world.object(hold.objectId);
  return object ? shapeHalfExtents(object.shape) : [0, 0, 0];
}

/** Clearance wanted under and around a carried load before it moves sideways, m. */
const LOAD_CLEARANCE_M = 0.03;
const RISE_STEP_M = 0.02;
const MAX_RISE_M = 0.3;
/** How far toward the robot the load's box is swept to test that it is clear, m. */
const CLEAR_SWEEP_M = 0.3;

/**
 * How far to raise the held object straight up before drawing it in: the least rise (in steps) after which its
 * bounding box, grown by a margin, can be swept toward the robot's centre without touching the scene; 0 when
 * it already can, or when no scene query is registered.
 */
function clearingRiseM(ctx: SkillContext, arm: Arm, hold: HeldObject): number {
  const query = sceneQueryOf(ctx.world);
  const object = ctx.world.object(hold.objectId);
  if (!query || !object) return 0;
  const pose = heldObjectPose(toolInWorld(ctx.robot, ctx.world, arm), hold);
  const half = shapeHalfExtents(object.shape).map((h) => h + LOAD_CLEARANCE_M) as [number, number, number];
  const root = matrixToPose(linkInWorld(ctx.robot, ctx.world, ctx.robot.model.rootLink)).position;
  const inward = new Vector3(root.x - pose.position.x, root.y - pose.position.y, 0);
  if (inward.lengthSq() < 1e-9) return 0;
  inward.normalize();
  for (let riseM = 0; riseM <= MAX_RISE_M + 1e-9; riseM += RISE_STEP_M) {
    const start = { position: pose.position.clone().add(new Vector3(0, 0, riseM)), quaternion: pose.quaternion };
    if (!query.castBox(start, half, inward, CLEAR_SWEEP_M, [hold.objectId])) return riseM;
  }
  return MAX_RISE_M;
}

function stamp(
  ctx: SkillContext,
  source: Observable<{ message: string; fraction?: number; data?: Readonly<Record<string, unknown>> }>,
): Observable<SkillProgress> {
  return new Observable<SkillProgress>((subscriber) =>
    source.subscribe({
      next: (u) => subscriber.next({ ...u, nodeId: ctx.node.id, path: ctx.node.path }),
      error: (e: unknown) => subscriber.error(e),
      complete: () => subscriber.complete(),
    }),
  );
}
