import { Vector3 } from 'three';
import { composePoses, type Pose } from '../../src/math/pose.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { checkApproach } from './approach-check.ts';
import { graspCandidates, type GraspCandidate } from './candidates.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import { armsFor, limitsOf, type ArmWithEffector, type EffectorChoice } from '../arm/effectors.ts';
import { solveWaypoints } from '../arm/reachability.ts';
import type { FrameOverrides } from '../arm/robot-frames.ts';
import { wristBelowClearance } from '../arm/table-clearance.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';

/** What `graspAt` says when IK finds no solution. */
export const UNREACHABLE = 'out of reach';

/** Settings of grasp planning. */
export interface GraspPlanOptions {
  readonly effector: EffectorChoice;
  /** Pre-grasp stand-off along the approach, m. */
  readonly approachDistanceM: number;
  /** Height of the verification lift, m. */
  readonly liftM: number;
  /** Solve IK for at most this many unblocked candidates, best first (IK is the costly part). */
  readonly maxCandidates?: number;
  /** Plan as if the base / lift were elsewhere (reach-pose search). */
  readonly overrides?: FrameOverrides;
  /** IK seed of the pre-grasp (a named posture, for plans independent of where the arm is); else the arm's joints. */
  readonly seed?: readonly number[];
}

/** A chosen grasp: the arm and effector, the tool waypoints in the world and their joint solutions. */
export interface GraspPlan {
  readonly entry: ArmWithEffector;
  readonly candidate: GraspCandidate;
  readonly preGraspInWorld: Pose;
  readonly graspInWorld: Pose;
  readonly liftInWorld: Pose;
  /** Joint solutions for pre-grasp, grasp and lift, in `arm.jointNames` order. */
  readonly joints: readonly [number[], number[], number[]];
  readonly openWidthM: number;
  readonly score: number;
  /** False when no scene query was registered, so the approach was not checked against the scene. */
  readonly approachChecked: boolean;
}

const UP = new Vector3(0, 0, 1);
/** Extra opening beyond the object's width, so pads clear it on the way down, m. */
const OPEN_MARGIN_M = 0.03;
/** Score for a straight-down approach (a top grasp keeps the hand clear of neighbours), per unit of downness. */
const DOWN_WEIGHT = 0.6;
/** Score for the effector the object suits (the catalog's preference, else suction for boxes). */
const PREFERRED_BONUS = 0.5;
/** The best score a choice can have: a perfect grasp, straight down, with the effector the object suits. */
export const BEST_GRASP_SCORE = 1 + DOWN_WEIGHT + PREFERRED_BONUS;
/** A candidate whose approach points up by more than this cosine comes from under the object: skip. */
const MAX_UPWARD_APPROACH = 0.3;

/**
 * Scores closer than this are a tie, kept in the candidates' own order: an object settling by a fraction of a
 * degree tips a side grasp's approach by as much, and two grasps that mirror each other (a box's +y and -y faces)
 * must not swap places for it (the planner tries a few hold classes, best first, so a swap changed the plan).
 */
const SCORE_STEP = 0.01;

function scoreRank(score: number): number {
  return Math.round(score / SCORE_STEP);
}

/** What the object's geometry and catalog suggest: suction on flat faces, the gripper on round bodies. */
function preferredEffector(object: KnownObject): 'gripper' | 'suction' {
  const hint = (object as { preferredEffector?: unknown }).preferredEffector;
  if (hint === 'gripper' || hint === 'suction') return hint;
  return object.shape.kind === 'box' ? 'suction' : 'gripper';
}

/** A grasp candidate placed on the object in the world, for one arm, with its rank and its opening. */
export interface GraspChoice {
  readonly entry: ArmWithEffector;
  readonly candidate: GraspCandidate;
  readonly graspInWorld: Pose;
  /** Unit approach direction (the tool's z at the grasp), world. */
  readonly approach: Vector3;
  /** Quality plus a bonus for top-down approaches and for the effector the object suits; higher first. */
  readonly score: number;
  readonly openWidthM: number;
}

/**
 * Every candidate grasp of every suitable arm, ranked by geometric quality, a top-down approach and the effector
 * the object suits, with the ones whose approach corridor the scene blocks left out (and listed in `blocked`).
 * Throws `no-grasp` when the robot has no such effector or the geometry allows no grasp.
 */
export function rankGraspChoices(
  scene: PlanningScene,
  object: KnownObject,
  options: Pick<GraspPlanOptions, 'effector' | 'approachDistanceM'>,
): { readonly ranked: GraspChoice[]; readonly blocked: string[]; readonly considered: number } {
  const entries = armsFor(scene.robot, options.effector);
  if (entries.length === 0) {
    throw new SkillFailure(
      'no-grasp',
      `robot '${scene.robot.id}' has no ${options.effector === 'auto' ? '' : `${options.effector} `}end effector`,
      { detail: { effector: options.effector } },
    );
  }
  const preferred = preferredEffector(object);
  const all = entries
    .flatMap((entry) => graspCandidates(object.shape, limitsOf(entry)).map((candidate) => ({ entry, candidate })))
    .map(({ entry, candidate }) => {
      const graspInWorld = composePoses(object.poseInWorld, candidate.toolInObject);
      const approach = new Vector3(0, 0, 1).applyQuaternion(graspInWorld.quaternion);
      const downness = -approach.dot(UP);
      const score =
        candidate.quality + DOWN_WEIGHT * downness + (candidate.effector === preferred ? PREFERRED_BONUS : 0);
      const maxOpen = entry.kind === 'gripper' ? entry.gripper.widthRangeM[1] : 0;
      const openWidthM = Math.min(maxOpen, (candidate.widthM ?? 0) + OPEN_MARGIN_M);
      return { entry, candidate, graspInWorld, approach, score, openWidthM };
    })
    .filter((c) => c.approach.dot(UP) < MAX_UPWARD_APPROACH)
    .sort((a, b) => scoreRank(b.score) - scoreRank(a.score));
  if (all.length === 0) {
    const gripper = entries.find((e) => e.kind === 'gripper');
    throw new SkillFailure(
      'no-grasp',
      `no ${options.effector === 'auto' ? '' : `${options.effector} `}grasp fits '${object.id}' (${object.shape.kind})`,
      {
        detail: {
          objectId: object.id,
          shape: object.shape,
          ...(gripper?.kind === 'gripper' ? { gripperMaxWidthM: gripper.gripper.widthRangeM[1] } : {}),
        },
      },
    );
  }
  const query = scene.services.sceneQuery;
  const blocked: string[] = [];
  const ranked = all.filter((choice) => {
    if (!query) return true;
    const hit = checkApproach(
      query,
      choice.graspInWorld,
      choice.candidate.effector,
      choice.openWidthM,
      options.approachDistanceM,
      [object.id],
    );
    if (hit) blocked.push(`${choice.candidate.label}: ${hit.what}`);
    return !hit;
  });
  return { ranked, blocked, considered: all.length };
}

/**
 * Ranks every candidate grasp of every suitable arm (`rankGraspChoices`), then takes the best one whose approach
 * corridor is free (scene query) and whose pre-grasp, grasp and lift poses the arm reaches (IK). Throws `no-grasp`
 * (geometry or corridor) or `unreachable` (IK) with what was tried.
 */
export function planGrasp(scene: PlanningScene, object: KnownObject, options: GraspPlanOptions): GraspPlan {
  const { ranked, blocked, considered } = rankGraspChoices(scene, object, options);
  const entries = armsFor(scene.robot, options.effector);
  // The object rests on its support at the bottom of its bounds (upright objects; others get a looser check).
  const supportZM = object.poseInWorld.position.z - shapeHalfExtents(object.shape)[2];
  let unreachable = 0;
  const maxIk = options.maxCandidates ?? 32;
  for (const choice of ranked) {
    if (unreachable >= maxIk) break;
    const plan = graspAt(scene, choice, options, supportZM);
    if (plan === UNREACHABLE) unreachable += 1;
    else if (typeof plan === 'string') blocked.push(plan);
    else return { ...plan, approachChecked: scene.services.sceneQuery !== undefined };
  }
  const detail = { objectId: object.id, candidates: considered, blocked: blocked.slice(0, 6), unreachable };
  if (unreachable === 0) {
    throw new SkillFailure(
      'no-grasp',
      `every approach to '${object.id}' is blocked (${blocked.slice(0, 2).join('; ')})`,
      { detail },
    );
  }
  throw new SkillFailure(
    'unreachable',
    `no grasp of '${object.id}' is within reach of ${entries.map((e) => `arm ${e.arm.name}`).join(', ')} (${unreachable} out of reach, ${blocked.length} blocked)`,
    { detail },
  );
}

/**
 * The pre-grasp, grasp and lift of one choice, solved in order from `options.seed` (else the arm's joints as the
 * overrides suppose them), with the wrist kept clear of the support: a plan, or why not (`UNREACHABLE` for IK, else
 * why the wrist is too low).
 */
export function graspAt(
  scene: PlanningScene,
  choice: GraspChoice,
  options: Pick<GraspPlanOptions, 'approachDistanceM' | 'liftM' | 'overrides' | 'seed'>,
  supportZM: number,
): Omit<GraspPlan, 'approachChecked'> | string {
  const { entry, candidate, graspInWorld, approach, score, openWidthM } = choice;
  const preGraspInWorld = {
    position: graspInWorld.position.clone().addScaledVector(approach, -options.approachDistanceM),
    quaternion: graspInWorld.quaternion.clone(),
  };
  const liftInWorld = {
    position: graspInWorld.position.clone().addScaledVector(UP, options.liftM),
    quaternion: graspInWorld.quaternion.clone(),
  };
  const joints = solveWaypoints(
    scene,
    entry.arm,
    [preGraspInWorld, graspInWorld, liftInWorld],
    options.overrides,
    options.seed,
  );
  if (!joints) return UNREACHABLE;
  const low = joints
    .slice(0, 2)
    .map((q) => wristBelowClearance(scene, entry.arm, q, supportZM, options.overrides))
    .find((l) => l !== undefined);
  if (low) return `${candidate.label}: ${low.link} ${(low.heightM * 1000).toFixed(0)} mm above the support`;
  return {
    entry,
    candidate,
    preGraspInWorld,
    graspInWorld,
    liftInWorld,
    openWidthM,
    score,
    joints: [joints[0]!, joints[1]!, joints[2]!],
  };
}
