import { type Observable, concat, of, throwError } from 'rxjs';
import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import {
  HAND_MARGIN_M,
  LINK_MARGIN_M,
  armPosesHit,
  armSweepHit,
  linkBoxHit,
  type SweepOptions,
} from '../arm/arm-sweep.ts';
import { armLinks } from '../arm/link-geometry.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { linkInWorld, toolInWorld, withArmJoints } from '../arm/robot-frames.ts';
import { lineSamples } from '../planning/pick-motion.ts';
import { plannedJointPath } from './joint-path.ts';
import { hitObjectId } from '../../src/world/scene-query.ts';

/** An arm whose joints all stand within this of where its trap was reported is still in that trap, rad. */
const SAME_TRAP_RAD = 0.01;

/** Salt of the random stream a planned way in samples from (its own, so the run's other draws stay as they were). */
const TUCK_PLAN_SALT = 31;
/**
 * Searches with independent random streams a planned way in gets before the arm counts as trapped. A fork derives
 * from the run's seed, not from where its stream stands, so every try of one run drew the same samples: a search that
 * missed a way out once missed it on every later try (soak seed 1 from 2.2 h: 60 refused drives, while searches on
 * other streams found a way from the same posture). A truly wedged arm fails them all, and stays reported.
 */
const TUCK_PLAN_SEARCHES = 4;
/** The salts of the later searches step by this much from `TUCK_PLAN_SALT`. */
const TUCK_PLAN_SALT_STRIDE = 1000;

/** An arm that cannot fold in and stands past the footprint: no drive may start until someone frees it. */
export interface ArmTrap {
  readonly armName: string;
  /** The arm's joints when the trap was reported. */
  readonly joints: readonly number[];
  /** What the fold meets: a fixture's name, or `object <id>`. */
  readonly blockedBy: string;
  /** The object the fold meets, when it is one (a person can take it away), else undefined. */
  readonly objectId?: string;
}

const traps = new WeakMap<Robot, Map<string, ArmTrap>>();

/**
 * Records a trapped arm; returns false when the same trap (the arm standing where it stood when reported, against
 * the same thing) was reported before, so a robot refusing every drive reports its trap once, not once per try.
 */
export function reportTrap(robot: Robot, trap: ArmTrap): boolean {
  const byArm = traps.get(robot) ?? new Map<string, ArmTrap>();
  traps.set(robot, byArm);
  const before = byArm.get(trap.armName);
  const same = before !== undefined && before.blockedBy === trap.blockedBy && standsAt(trap.joints, before);
  if (!same) byArm.set(trap.armName, trap);
  return !same;
}

/** The traps reported and not yet left: an arm that moved since its report is no longer in it. */
export function armTraps(robot: Robot): readonly ArmTrap[] {
  const byArm = traps.get(robot);
  if (byArm === undefined) return [];
  for (const [name, trap] of byArm) {
    const arm = robot.parts.arms.find((a) => a.name === name);
    if (arm === undefined || !standsAt(arm.currentState().positions, trap)) byArm.delete(name);
  }
  return [...byArm.values()];
}

/** Forgets an arm's trap: a person freed it. */
export function forgetTrap(robot: Robot, armName: string): void {
  traps.get(robot)?.delete(armName);
}

/** Joints `now` stand where `trap` was reported: each within `SAME_TRAP_RAD`. */
function standsAt(now: readonly number[], trap: ArmTrap): boolean {
  return trap.joints.every((q, i) => Math.abs(q - (now[i] ?? q)) < SAME_TRAP_RAD);
}

/** How far the hand's tool point stands from the base's centre, horizontally, m: now, or with the arm at `q`. */
export function handReachM(scene: PlanningScene, arm: Arm, q?: readonly number[]): number {
  const tool = linkInWorld(scene, arm.tipLink, q ? withArmJoints({}, arm, q) : {});
  const root = linkInWorld(scene, scene.robot.model.rootLink);
  return Math.hypot(tool.elements[12] - root.elements[12], tool.elements[13] - root.elements[13]);
}

/**
 * No way in at all, and the hand past the footprint: the robot is trapped (every drive would be refused). Says so
 * loudly, once per trap (`reportTrap`: a `trapped` event the KPIs count, `stillTrapped` on each later refusal), and
 * fails `blocked` before anything moves: a drive would sweep the hand through what it stands among (demo seed 8).
 */
export function trapped$(
  ctx: SkillContext,
  arm: Arm,
  hit: { readonly link: string; readonly hit: { readonly what: string } },
  reachM: number,
  footprintM: number,
): Observable<ProgressUpdate> {
  const what = hit.hit.what;
  const objectId = hitObjectId(what);
  const joints = arm.currentState().positions;
  const trap = { armName: arm.name, joints: [...joints], blockedBy: what, ...(objectId ? { objectId } : {}) };
  const fresh = reportTrap(ctx.robot, trap);
  const message =
    `arm ${arm.name} cannot fold in (${hit.link} meets ${what}) and its hand stands ` +
    `${reachM.toFixed(2)} m from the base's centre, past the ${footprintM.toFixed(2)} m footprint: ` +
    'no drive with it out; the robot is trapped';
  const detail = { arm: arm.name, link: hit.link, what, reachM, footprintM };
  return concat(
    of({ message, data: { [fresh ? 'trapped' : 'stillTrapped']: arm.name, ...detail } }),
    throwError(() => new SkillFailure('blocked', message, { detail })),
  );
}

/**
 * When no straight way in is clear: a planned joint path (`plannedJointPath`) around what blocks the fold, to the
 * stow posture, or else to a clear posture with the hand inside the footprint (a drive may start from there); up to
 * `TUCK_PLAN_SEARCHES` searches, each on its own random stream, before there is no way.
 */
export function plannedWayIn(
  ctx: SkillContext,
  arm: Arm,
  q: readonly number[],
  fingers: SweepOptions,
  footprintM: number,
  ignoreAtStart: readonly string[],
): { readonly path: number[][]; readonly data: Readonly<Record<string, unknown>> } | undefined {
  for (let search = 0; search < TUCK_PLAN_SEARCHES; search++) {
    const path = plannedJointPath(ctx, arm, {
      from: arm.currentState().positions,
      goal: q,
      enough: (at) => handReachM(ctx, arm, at) <= footprintM,
      fingers,
      ignoreAtStart,
      random: ctx.random.fork(TUCK_PLAN_SALT + search * TUCK_PLAN_SALT_STRIDE),
    });
    if (!path) continue;
    const end = path[path.length - 1]!;
    const folded = end.every((v, i) => Math.abs(v - (q[i] ?? v)) < 1e-6);
    return { path, data: { points: path.length, to: folded ? 'stow' : 'inside the footprint', search: search + 1 } };
  }
  return undefined;
}

/** Moves of the hand tried to draw it off what its posture touches, before a planned way in, m. */
const LIFT_OFF_M = [0.05, 0.1, 0.15];
/**
 * Ways a hand is drawn off what it touches, in turn: toward the body (level), toward the body and up, straight up.
 * Away from the body it came. The robot's own lift-off and a person's jog (`apps/restock/staff-assist.ts`) use them.
 */
export const OFF_CONTACT_WAYS = [
  { bodyShare: 1, upShare: 0 },
  { bodyShare: Math.SQRT1_2, upShare: Math.SQRT1_2 },
  { bodyShare: 0, upShare: 1 },
] as const;
export type OffContactWay = (typeof OFF_CONTACT_WAYS)[number];

/**
 * The arm's joint samples for a straight move of the hand `moveM` along `way` (toward the base's centre, level, and
 * up), orientation kept, from where it stands; undefined when the line has no joint solutions.
 */
export function handLineOff(scene: PlanningScene, arm: Arm, way: OffContactWay, moveM: number): number[][] | undefined {
  const now = arm.currentState().positions;
  const tool = toolInWorld(scene, arm);
  const root = linkInWorld(scene, scene.robot.model.rootLink);
  const off = new Vector3(root.elements[12] - tool.position.x, root.elements[13] - tool.position.y, 0)
    .normalize()
    .multiplyScalar(way.bodyShare)
    .add(new Vector3(0, 0, way.upShare))
    .multiplyScalar(moveM);
  const to = { position: tool.position.clone().add(off), quaternion: tool.quaternion };
  return lineSamples(scene, arm, tool, to, withArmJoints({}, arm, now), [...now]);
}
/** Over the first this much of a lift-off the arm may still touch what it touched at its start, m. */
const LEAVE_CONTACT_M = 0.05;
/** Joint samples along a lift-off are this close at most, rad. */
const LIFT_SAMPLE_RAD = 0.01;

/**
 * A straight rise of the hand off what the arm's posture touches now (within the sweep's margins): the joint samples
 * of the shortest rise in `LIFT_OFF_M` whose first `LEAVE_CONTACT_M` touches nothing the arm's links did not touch
 * at the start, and whose rest, from the first clear posture on, is clear, fingers included. Undefined when the
 * posture touches nothing or no rise is clear. An arm left touching what it worked over and beside (soak seed 1
 * from about 3 h: the gripper against the tote's wall, the wrist on the cart's top, the fold meeting the tote's
 * floor) fails every sweep that starts there, the planned way in's too: the robot stood trapped over the tote,
 * which staff swap only while the hands are clear of it, so no stock came and it made no try for hours.
 */
export function liftOffContact(
  ctx: SkillContext,
  arm: Arm,
  fingers: SweepOptions,
): { readonly path: number[][]; readonly touching: readonly string[] } | undefined {
  const now = arm.currentState().positions;
  if (!armPosesHit(ctx, arm, [now], {}, [], fingers)) return undefined;
  const touching = linkHits(ctx, arm, now);
  const ignore = touching.map(hitObjectId).filter((id) => id !== undefined);
  const tool = toolInWorld(ctx, arm);
  const tipMovedM = (q: readonly number[]): number => {
    const e = linkInWorld(ctx, arm.tipLink, withArmJoints({}, arm, q)).elements;
    return Math.hypot(e[12] - tool.position.x, e[13] - tool.position.y, e[14] - tool.position.z);
  };
  const ways = OFF_CONTACT_WAYS.flatMap((way) => LIFT_OFF_M.map((moveM) => ({ way, moveM })));
  for (const { way, moveM } of ways) {
    const line = handLineOff(ctx, arm, way, moveM);
    if (!line) continue;
    const dense = denseSamples(now, line);
    const clearFrom = dense.findIndex((q) => !armPosesHit(ctx, arm, [q], {}, ignore, fingers));
    if (clearFrom < 0 || tipMovedM(dense[clearFrom]!) > LEAVE_CONTACT_M) continue;
    const leaving = dense.slice(0, clearFrom);
    if (leaving.some((q) => linkHits(ctx, arm, q).some((w) => !touching.includes(w)))) continue;
    const rest = dense.slice(clearFrom);
    if (!armSweepHit(ctx, arm, rest, withArmJoints({}, arm, rest[0]!), ignore, fingers))
      return { path: dense, touching };
  }
  return undefined;
}

/** Joint samples from `from` (left out) through `way`, no two more than `LIFT_SAMPLE_RAD` apart. */
function denseSamples(from: readonly number[], way: readonly (readonly number[])[]): number[][] {
  const out: number[][] = [];
  let a = from;
  for (const b of way) {
    const n = Math.max(1, Math.ceil(Math.max(...b.map((v, i) => Math.abs(v - (a[i] ?? v)))) / LIFT_SAMPLE_RAD));
    for (let s = 1; s <= n; s++) out.push(a.map((v, i) => v + (s / n) * ((b[i] ?? v) - v)));
    a = b;
  }
  return out;
}

/** What each of the arm's links (the hand's with its smaller margin) meets with the arm at `q`, fingers left out. */
function linkHits(ctx: SkillContext, arm: Arm, q: readonly number[]): string[] {
  const query = ctx.services.sceneQuery;
  if (!query) return [];
  const extras = ctx.robot.model.extras;
  const hands = new Set(
    [...extras.grippers, ...extras.suctionCups].filter((e) => e.arm === arm.name).map((e) => e.link),
  );
  const links = armLinks(ctx.robot, arm).filter((name) => name !== arm.baseLink);
  const handFrom = links.findIndex((name) => hands.has(name));
  const joints = withArmJoints({}, arm, q);
  const hits = links.map((name, i) => {
    const margin = handFrom >= 0 && i >= handFrom ? HAND_MARGIN_M : LINK_MARGIN_M;
    return linkBoxHit(query, ctx.robot, name, linkInWorld(ctx, name, joints), margin, [])?.hit.what;
  });
  return [...new Set(hits.filter((w) => w !== undefined))];
}
