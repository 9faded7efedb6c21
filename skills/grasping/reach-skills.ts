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
import { matrixToPose } from '../../src/math/pose.ts';

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
        return concat(of(progress(ctx, 'stand-off', { place: best.place.name })), runChild(navigate({ goal: best.place.name }), ctx, 0));
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
 * orientation, before the base drives. Skipped (success) for fixed robots or when the pose is out of reach.
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
        if (!ctx.robot.parts.base || !arm) return EMPTY;
        const root = matrixToPose(linkInWorld(ctx.robot, ctx.world, ctx.robot.model.rootLink));
        const shoulder = matrixToPose(linkInWorld(ctx.robot, ctx.world, arm.baseLink));
        const inRoot = shoulder.position.clone().sub(root.position).applyQuaternion(root.quaternion.clone().invert());
        // In front of the shoulder, a little below it: the load stays inside the base's footprint height-wise.
        const carryInRoot = new Vector3(0.35, inRoot.y, inRoot.z - 0.1);
        const carry = { position: carryInRoot.applyQuaternion(root.quaternion).add(root.position), quaternion: toolInWorld(ctx.robot, ctx.world, arm).quaternion };
        const q = solveArmIk(ctx.robot, arm, worldToArmBase(ctx.robot, ctx.world, arm, carry));
        if (!q) return of(progress(ctx, 'carry pose out of reach; carrying as is'));
        return stamp(ctx, execute(arm.moveJoints({ positions: q, velocityScale: 0.5 }), 'stow'));
      }),
  };
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
