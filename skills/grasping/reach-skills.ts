import { EMPTY, Observable, concat, defer, of } from 'rxjs';
import { Vector3 } from 'three';
import type { SkillContext } from '../../src/skill/context.ts';
import type { SkillProgress } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { runChild } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { navigate } from '../navigate.ts';
import { execute } from '../force/motion.ts';
import { heldObject } from './held-objects.ts';
import { searchLift } from './lift-search.ts';
import { reachableStandOffs, reachProblem, type ReachGoal } from './reach.ts';
import { solveArmIk } from './reachability.ts';
import { findArm } from './effectors.ts';
import { linkInWorld, toolInWorld, worldToArmBase } from './robot-frames.ts';
import { armSweepHit } from './reach-sweep.ts';
import { sceneQueryOf } from './scene-query.ts';
import { halfExtents } from './candidates.ts';
import { heldObjectPose } from '../placing/plan-place.ts';
import type { HeldObject } from './held-objects.ts';
import type { Arm } from '../../hardware/arm.ts';
import { matrixToPose } from '../../src/math/pose.ts';

/**
 * How close the base must come to the stand-off, m: the reach check assumed that exact pose, and a top-down reach
 * into a tote from a footprint-clear stand-off is near the arm's limit, so navigate's default 3 cm is too loose.
 */
const ARRIVAL_TOLERANCE_M = 0.01;
/** Heading tolerance at the stand-off: 3° of yaw is 3 cm at the hand, as much as the whole position tolerance. */
const ARRIVAL_TOLERANCE_RAD = (1 * Math.PI) / 180;

function describe(goal: ReachGoal): string {
  return goal.kind === 'grasp' ? `grasp '${goal.object}'` : `place '${goal.object}'`;
}

function progress(ctx: SkillContext, message: string, data?: Record<string, unknown>): SkillProgress {
  return { nodeId: ctx.node.id, path: ctx.node.path, message, ...(data ? { data } : {}) };
}

/**
 * A node that moves the base, when the robot has one, to a stand-off from which the goal is in reach (with some
 * lift height), by running `navigate` as its run-time child. Succeeds at once when the goal is already in reach
 * or the robot has no base; fails `unreachable` when no stand-off works.
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
        if (searchLift(ctx.robot, ctx.world, arm, workPoint.z, feasible)) return of(progress(ctx, 'in reach', { goal: describe(goal) }));
        const [best] = reachableStandOffs(ctx, goal);
        if (!best) throw new SkillFailure('unreachable', `no base stand-off puts ${describe(goal)} within reach`, { detail: { goal } });
        const { basePose } = best;
        const data = { ...(best.place ? { place: best.place.name } : {}), x: basePose.x, y: basePose.y, yawRad: basePose.yawRad, ...(best.liftHeightM === undefined ? {} : { liftHeightM: best.liftHeightM }) };
        return concat(of(progress(ctx, 'stand-off', data)), runChild(navigate({ goal: best.place ? best.place.name : basePose, toleranceM: ARRIVAL_TOLERANCE_M, toleranceRad: ARRIVAL_TOLERANCE_RAD }), ctx, 0));
      }),
  };
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
        if (!hit) throw new SkillFailure('unreachable', `${describe(goal)} is out of reach from here at every lift height`, { detail: { goal } });
        if (!lift || hit.liftHeightM === undefined) return EMPTY;
        const motion = lift.moveTo(hit.liftHeightM);
        return stamp(ctx, execute(motion, 'lift', { heightM: motion.applied }));
      }),
  };
}

/**
 * A node that draws the arm holding `object` in to a carry pose close to the body, keeping the object's
 * orientation, before the base drives: first straight up until the load clears what is around it (a tote's
 * walls, a shelf's lip), then a joint move to the carry pose. Skipped (success) for fixed robots or when the
 * carry pose is out of reach or its sweep would hit the scene.
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
        const rise$ = defer(() => {
          if (riseM <= 0) return EMPTY;
          const tool = toolInWorld(ctx.robot, ctx.world, arm);
          const up = { position: tool.position.clone().add(new Vector3(0, 0, riseM)), quaternion: tool.quaternion };
          return stamp(ctx, execute(arm.moveCartesian({ poseInBase: worldToArmBase(ctx.robot, ctx.world, arm, up), linear: true, velocityScale: 0.3 }), 'raise', { riseM }));
        });
        const carry$ = defer((): Observable<SkillProgress> => {
          const root = matrixToPose(linkInWorld(ctx.robot, ctx.world, ctx.robot.model.rootLink));
          const shoulder = matrixToPose(linkInWorld(ctx.robot, ctx.world, arm.baseLink));
          const inRoot = shoulder.position.clone().sub(root.position).applyQuaternion(root.quaternion.clone().invert());
          // In front of the shoulder, a little below it: the load stays inside the base's footprint height-wise.
          const carryInRoot = new Vector3(0.35, inRoot.y, inRoot.z - 0.1);
          const carry = { position: carryInRoot.applyQuaternion(root.quaternion).add(root.position), quaternion: toolInWorld(ctx.robot, ctx.world, arm).quaternion };
          const q = solveArmIk(ctx.robot, arm, worldToArmBase(ctx.robot, ctx.world, arm, carry));
          if (!q) return of(progress(ctx, 'carry pose out of reach; carrying as is'));
          const hit = armSweepHit(ctx.robot, ctx.world, arm, [q], {}, [object]);
          if (hit) return of(progress(ctx, 'carry pose sweep blocked; carrying as is', { link: hit.link, what: hit.hit.what }));
          return stamp(ctx, execute(arm.moveJoints({ positions: q, velocityScale: 0.5 }), 'stow'));
        });
        return concat(rise$, carry$);
      }),
  };
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
  const half = halfExtents(object.shape).map((h) => h + LOAD_CLEARANCE_M) as [number, number, number];
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

function stamp(ctx: SkillContext, source: Observable<{ message: string; fraction?: number; data?: Readonly<Record<string, unknown>> }>): Observable<SkillProgress> {
  return new Observable<SkillProgress>((subscriber) =>
    source.subscribe({
      next: (u) => subscriber.next({ ...u, nodeId: ctx.node.id, path: ctx.node.path }),
      error: (e: unknown) => subscriber.error(e),
      complete: () => subscriber.complete(),
    }),
  );
}
