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
/** A candidate whose approach points up by more than this cosine comes from under the object: skip. */
const MAX_UPWARD_APPROACH = 0.3;

/** What the object's geometry and catalog suggest: suction on flat faces, the gripper on round bodies. */
function preferredEffector(object: KnownObject): 'gripper' | 'suction' {
  const hint = (object as { preferredEffector?: unknown }).preferredEffector;
  if (hint === 'gripper' || hint === 'suction') return hint;
  return object.shape.kind === 'box' ? 'suction' : 'gripper';
}

/**
 * Ranks every candidate grasp of every suitable arm by geometric quality, a top-down approach and the
 * effector the object suits, then takes the best one whose approach corridor is free (scene query) and whose
 * pre-grasp, grasp and lift poses the arm reaches (IK). Throws `no-grasp` (geometry or corridor) or
 * `unreachable` (IK) with what was tried.
 */
export function planGrasp(scene: PlanningScene, object: KnownObject, options: GraspPlanOptions): GraspPlan {
  const entries = armsFor(scene.robot, options.effector);
  if (entries.length === 0) {
    throw new SkillFailure(
      'no-grasp',
      `robot '${scene.robot.id}' has no ${options.effector === 'auto' ? '' : `${options.effector} `}end effector`,
      { detail: { effector: options.effector } },
    );
  }
  const preferred = preferredEffector(object);
  const ranked = entries
    .flatMap((entry) => graspCandidates(object.shape, limitsOf(entry)).map((candidate) => ({ entry, candidate })))
    .map(({ entry, candidate }) => {
      const graspInWorld = composePoses(object.poseInWorld, candidate.toolInObject);
      const approach = new Vector3(0, 0, 1).applyQuaternion(graspInWorld.quaternion);
      const downness = -approach.dot(UP);
      const score = candidate.quality + 0.6 * downness + (candidate.effector === preferred ? 0.5 : 0);
      return { entry, candidate, graspInWorld, approach, score };
    })
    .filter((c) => c.approach.dot(UP) < MAX_UPWARD_APPROACH)
    .sort((a, b) => b.score - a.score);
  if (ranked.length === 0) {
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
  // The object rests on its support at the bottom of its bounds (upright objects; others get a looser check).
  const supportZM = object.poseInWorld.position.z - shapeHalfExtents(object.shape)[2];
  const blocked: string[] = [];
  let unreachable = 0;
  const maxIk = options.maxCandidates ?? 32;
  for (const { entry, candidate, graspInWorld, approach, score } of ranked) {
    if (unreachable >= maxIk) break;
    const maxOpen = entry.kind === 'gripper' ? entry.gripper.widthRangeM[1] : 0;
    const openWidthM = Math.min(maxOpen, (candidate.widthM ?? 0) + OPEN_MARGIN_M);
    if (query) {
      const hit = checkApproach(query, graspInWorld, candidate.effector, openWidthM, options.approachDistanceM, [
        object.id,
      ]);
      if (hit) {
        blocked.push(`${candidate.label}: ${hit.what}`);
        continue;
      }
    }
    const preGraspInWorld = {
      position: graspInWorld.position.clone().addScaledVector(approach, -options.approachDistanceM),
      quaternion: graspInWorld.quaternion.clone(),
    };
    const liftInWorld = {
      position: graspInWorld.position.clone().addScaledVector(UP, options.liftM),
      quaternion: graspInWorld.quaternion.clone(),
    };
    const joints = solveWaypoints(scene, entry.arm, [preGraspInWorld, graspInWorld, liftInWorld], options.overrides);
    if (!joints) {
      unreachable += 1;
      continue;
    }
    const low = joints
      .slice(0, 2)
      .map((q) => wristBelowClearance(scene, entry.arm, q, supportZM, options.overrides))
      .find((l) => l !== undefined);
    if (low) {
      blocked.push(`${candidate.label}: ${low.link} ${(low.heightM * 1000).toFixed(0)} mm above the support`);
      continue;
    }
    return {
      entry,
      candidate,
      preGraspInWorld,
      graspInWorld,
      liftInWorld,
      openWidthM,
      score,
      joints: [joints[0]!, joints[1]!, joints[2]!],
      approachChecked: query !== undefined,
    };
  }
  const detail = { objectId: object.id, candidates: ranked.length, blocked: blocked.slice(0, 6), unreachable };
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
