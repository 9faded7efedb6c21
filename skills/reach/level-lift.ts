import { EMPTY, concat, defer, merge, of, type Observable } from 'rxjs';
import { Quaternion, Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Lift } from '../../hardware/lift.ts';
import { matrixToPose, type Pose } from '../../src/math/pose.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { findArm } from '../../src/skill/find-arm.ts';
import { heldHitsScene } from '../placing/body-clearance.ts';
import { armPosesHit } from '../arm/arm-sweep.ts';
import { halfOf } from '../arm/carry-plan.ts';
import { armMap } from '../planning/carry-stage.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import { execute, executeThrough } from '../arm/motion.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { continuousPath, solveWaypoints } from '../arm/reachability.ts';
import { currentJoints, latest, linkInWorld, type FrameOverrides } from '../arm/robot-frames.ts';

/**
 * Most a lift step may turn the held load (with the arm's joints fixed) before the arm turns it back, rad: the arm
 * and the lift run each step together, so the load tilts by a fraction of this between levellings.
 */
export const LEVEL_STEP_RAD = 0.1;
/** Heights along the travel are examined this far apart to find where the load starts turning and each step, m. */
const SCAN_STEP_M = 0.001;
/** A turn of the load smaller than this over the whole travel needs no levelling, rad. */
const TURN_EPS_RAD = 1e-4;
/** The arm levels the load at this share of its speed limits, so it takes about as long as the lift's step. */
const LEVEL_VELOCITY_SCALE = 0.3;

/** One lift step of a levelled travel: the height it stops at and the arm joints that keep the load as it started. */
export interface LevelStep {
  readonly heightM: number;
  /** `arm.jointNames` order. */
  readonly armJoints: readonly number[];
  /** How far the hand is from where the torso alone would carry it, m. */
  readonly handOffsetM: number;
}

/**
 * The steps of a lift travel from where the lift is to `toM` that keep a held load's orientation in the world as it
 * is now, or why that cannot be done (`string`); `[]` when the travel turns no link the arm hangs from. A biped's
 * waist bends with its squat (a mimic of the lift), and an arm whose joints hold still tilts its load with the torso
 * by the waist's angle: a top-grasped can turned 1.2 rad pivots in the fingers. Each step turns the torso by at most
 * `LEVEL_STEP_RAD`, and the arm's joints at its end put the tool where the torso carries it, turned back to the
 * orientation it has now; the arm and the load are checked against the scene at each.
 */
export function levelledLiftSteps(
  scene: PlanningScene,
  lift: Lift,
  arm: Arm,
  hold: HeldObject,
  toM: number,
): LevelStep[] | string {
  const fromM = latest(lift.height$)?.heightM ?? currentJoints(scene.robot)[lift.jointName] ?? toM;
  const [low, high] = lift.heightRangeM;
  return levelledStepsFrom(scene, lift.jointName, arm, hold, fromM, Math.min(high, Math.max(low, toM)));
}

function levelledStepsFrom(
  scene: PlanningScene,
  liftJoint: string,
  arm: Arm,
  hold: HeldObject,
  fromM: number,
  toM: number,
): LevelStep[] | string {
  const q0 = arm.currentState().positions;
  const fixedArm = armMap(arm, q0);
  const n = Math.max(1, Math.ceil(Math.abs(toM - fromM) / SCAN_STEP_M));
  const heights = Array.from({ length: n + 1 }, (_, i) => fromM + ((toM - fromM) * i) / n);
  // The tool with the arm's joints held, at every height scanned (heights[0] is where the lift stands).
  const tools = heights.map((heightM): Pose =>
    matrixToPose(linkInWorld(scene, arm.tipLink, { joints: { ...fixedArm, [liftJoint]: heightM } })),
  );
  const start = tools[0]!;
  const turns = tools.map((tool) => tool.quaternion.angleTo(start.quaternion));
  if (Math.max(...turns) < TURN_EPS_RAD) return [];
  // Where the load starts to turn: the travel up to there is one step with the arm still.
  const cuts: number[] = [];
  let last = turns.findIndex((t) => t >= TURN_EPS_RAD) - 1;
  if (last > 0) cuts.push(last);
  last = Math.max(last, 0);
  let lastQuat = tools[last]!.quaternion;
  for (let i = last + 1; i <= n; i++) {
    const q = tools[i]!.quaternion;
    if (i === n || q.angleTo(lastQuat) >= LEVEL_STEP_RAD) {
      cuts.push(i);
      lastQuat = q;
    }
  }
  const half = halfOf(scene, hold);
  const steps: LevelStep[] = [];
  let seed: readonly number[] = q0;
  let offset = new Vector3();
  for (const i of cuts) {
    const heightM = heights[i]!;
    const overrides = { joints: { [liftJoint]: heightM } };
    const step = levelAt(scene, arm, hold, half, overrides, tools[i]!, start, offset, seed, toM > fromM);
    if (typeof step === 'string') return `${step} at lift ${heightM.toFixed(3)} m`;
    steps.push({ heightM, armJoints: step.q, handOffsetM: step.offset.length() });
    seed = step.q;
    offset = step.offset;
  }
  return steps;
}

/**
 * The lift's move to `toM` as skill progress, with the load of `hold` kept level (`levelledLiftSteps`): each step
 * the lift and the arm run together, the next only after both arrived. When the arm cannot keep it level the lift
 * moves alone, as before, and says why in its progress data (`notLevelled`).
 */
export function liftKeepingLevel$(
  ctx: PlanningScene,
  lift: Lift,
  hold: HeldObject | undefined,
  toM: number,
  data: Readonly<Record<string, unknown>>,
): Observable<ProgressUpdate> {
  return defer(() => {
    const arm = hold ? findArm(ctx.robot, hold.armName) : undefined;
    const steps = arm && hold ? levelledLiftSteps(ctx, lift, arm, hold, toM) : undefined;
    if (typeof steps !== 'object' || steps.length === 0 || !arm) {
      const motion = lift.moveTo(toM);
      const why = typeof steps === 'string' ? { notLevelled: steps } : {};
      return execute(motion, 'lift', { ...data, heightM: motion.applied, ...why });
    }
    return levelledMoves$(lift, arm, steps, data);
  });
}

/** The levelled steps as motion: each step the lift and the arm run together, the next only after both arrived. */
function levelledMoves$(
  lift: Lift,
  arm: Arm,
  steps: readonly LevelStep[],
  data: Readonly<Record<string, unknown>>,
): Observable<ProgressUpdate> {
  const heights = steps.map((s) => Math.round(s.heightM * 1e4) / 1e4);
  return concat(
    of({
      message: 'levelled lift',
      data: { ...data, steps: heights, handOffsetM: steps.map((s) => Math.round(s.handOffsetM * 1e3) / 1e3) },
    }),
    ...steps.map((s, i) =>
      merge(
        execute(lift.moveTo(s.heightM), 'lift', { ...data, step: i, heightM: s.heightM }),
        executeThrough(arm, [s.armJoints], 'level', LEVEL_VELOCITY_SCALE, { step: i }),
      ),
    ),
  );
}

/**
 * The height a walk with a load in `arm`'s hand first stands up to: the lowest above the lift's present height
 * from which the rest of its travel up turns the hand no more (a biped's waist straight again). Undefined when the
 * way up from here turns nothing the arm hangs from (standing already, or a wheeled humanoid's lift).
 */
export function levelStandUpHeightM(scene: PlanningScene, lift: Lift, arm: Arm): number | undefined {
  const fromM = latest(lift.height$)?.heightM ?? currentJoints(scene.robot)[lift.jointName];
  const topM = lift.heightRangeM[1];
  if (fromM === undefined || fromM >= topM - SCAN_STEP_M) return undefined;
  const fixedArm = armMap(arm, arm.currentState().positions);
  const toolAt = (heightM: number): Quaternion =>
    new Quaternion().setFromRotationMatrix(
      linkInWorld(scene, arm.tipLink, { joints: { ...fixedArm, [lift.jointName]: heightM } }),
    );
  const n = Math.ceil((topM - fromM) / SCAN_STEP_M);
  const heightAt = (i: number): number => fromM + ((topM - fromM) * i) / n;
  const top = toolAt(topM);
  // A lift whose way up leaves the hand as it is now turns nothing (a wheeled humanoid's: two solves, no scan).
  if (toolAt(fromM).angleTo(top) < TURN_EPS_RAD) return undefined;
  // Down from the top, the first height scanned where the hand stands turned from how it stands at the top.
  for (let i = n - 1; i >= 0; i--) {
    if (toolAt(heightAt(i)).angleTo(top) >= TURN_EPS_RAD) return heightAt(i + 1);
  }
  return undefined;
}

/** A levelled stand-up planned from here: its steps and every joint of the robot where it ends. */
export interface LevelledStandUp {
  readonly steps: readonly LevelStep[];
  readonly joints: Readonly<Record<string, number>>;
}

/**
 * The levelled stand-up `standUpLevel$` would run from here with `hold` in the hand, and the robot's joints at its
 * end (the lift at `levelStandUpHeightM`, the arm at the last step's joints): what a carry planned for a load still
 * in the hand in a bent squat starts from. Undefined when the way up turns nothing or the arm cannot keep the load
 * level on it.
 */
export function levelledStandUp(scene: PlanningScene, hold: HeldObject): LevelledStandUp | undefined {
  const lift = scene.robot.parts.lift;
  const arm = findArm(scene.robot, hold.armName);
  if (!lift || !arm) return undefined;
  const toM = levelStandUpHeightM(scene, lift, arm);
  if (toM === undefined) return undefined;
  const steps = levelledLiftSteps(scene, lift, arm, hold, toM);
  if (typeof steps === 'string' || steps.length === 0) return undefined;
  const end = steps[steps.length - 1]!;
  const joints = { ...currentJoints(scene.robot), [lift.jointName]: end.heightM, ...armMap(arm, end.armJoints) };
  return { steps, joints };
}

/**
 * Before a walk with `hold` in the hand: the lift raised to `levelStandUpHeightM` in levelled steps
 * (`levelledLiftSteps`), so the walk's own stand-up (a biped steps only from a shallow squat) turns nothing. Nothing
 * when no load is held or the way up turns nothing; when the arm cannot keep the load level on the way, nothing
 * either, and the walk stands up as before (its progress says why).
 */
export function standUpLevel$(ctx: PlanningScene, hold: HeldObject | undefined): Observable<ProgressUpdate> {
  return defer(() => {
    const lift = ctx.robot.parts.lift;
    const arm = hold ? findArm(ctx.robot, hold.armName) : undefined;
    if (!lift || !arm || !hold) return EMPTY;
    const toM = levelStandUpHeightM(ctx, lift, arm);
    if (toM === undefined) return EMPTY;
    const steps = levelledLiftSteps(ctx, lift, arm, hold, toM);
    if (typeof steps === 'string') return of({ message: 'stand-up not levelled', data: { why: steps } });
    return steps.length === 0 ? EMPTY : levelledMoves$(lift, arm, steps, { standUp: true });
  });
}

/**
 * Offsets of the hand from where the torso carries it that a step may add, m: ahead of the body (going down; back
 * toward it going up) and down.
 */
const OFFSETS_M = [0, 0.02, 0.04, 0.06];

/**
 * Arm joints, near `seed` and on its IK branch, that hold the tool at `level`'s orientation near where the torso
 * carries it (`carried`, the tool with the arm's joints held) plus `offset`, the arm and the load clear of the scene,
 * with the offset used; else why not. A folded carry posture has its wrist near a stop, and turning the hand back
 * against the torso's pitch may need the hand further ahead or lower: a step adds the smallest offset that works,
 * and keeps the ones before, so the hand drifts one way through the squat. Standing up (`rising`), the hand draws
 * back toward the body instead: a load held under a shelf's board rises into the board's lip as the torso straightens.
 */
function levelAt(
  scene: PlanningScene,
  arm: Arm,
  hold: HeldObject,
  half: readonly [number, number, number],
  overrides: FrameOverrides,
  carried: Pose,
  level: Pose,
  offset: Vector3,
  seed: readonly number[],
  rising: boolean,
): { q: number[]; offset: Vector3 } | string {
  const body = linkInWorld(scene, scene.robot.model.rootLink, overrides);
  // Ahead of the body going down, back toward it going up.
  const along = new Vector3(rising ? -1 : 1, 0, 0).transformDirection(body).setZ(0).normalize();
  const down = new Vector3(0, 0, -1);
  const tries = OFFSETS_M.flatMap((a) => OFFSETS_M.map((d) => ({ a, d }))).sort((x, y) => x.a + x.d - (y.a + y.d));
  let why = `arm ${arm.name} cannot keep '${hold.objectId}' level`;
  for (const { a, d } of tries) {
    const moved = offset.clone().addScaledVector(along, a).addScaledVector(down, d);
    const goal: Pose = { position: carried.position.clone().add(moved), quaternion: level.quaternion };
    const q = solveWaypoints(scene, arm, [goal], overrides, seed)?.[0];
    if (!q || !continuousPath(seed, [q])) continue;
    const armHit = armPosesHit(scene, arm, [q], overrides, [hold.objectId]);
    const loadHit = armHit ? undefined : heldHitsScene(scene, hold, half, [goal]);
    if (armHit) why = `${armHit.link} would hit ${armHit.hit.what}`;
    else if (loadHit) why = `the level load would hit ${loadHit}`;
    else return { q, offset: moved };
  }
  return why;
}
