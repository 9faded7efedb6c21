import { Quaternion, Vector3 } from 'three';
import { makePose } from '../../src/math/pose.ts';
import {
  createSealJoint,
  findSeal,
  prepareCupCollider,
  ratedHoldForceN,
  sealIntact,
  setSealStrength,
  vacuumFraction,
  type SealFrames,
} from '../effectors/suction-cup.ts';
import type { Collider, Rapier, RigidBody, World } from '../rapier.ts';
import { colliderDesc } from '../shapes.ts';
import type { ConvexPolytope } from './convex-overlap.ts';
import { effectorParts } from './effector-parts.ts';
import { TRIAL_PROTOCOL } from './protocol.ts';
import { palmOffsetAt, TRIAL_DT_S, type TrialSchedule } from './schedule.ts';
import type { SlotPoses } from './slot-geometry.ts';
import {
  approachOverlaps,
  GRIPPER_SOLVER_GROUPS,
  slotCollisionGroups,
  type GripperPart,
  type TrialSlot,
} from './trial-slot.ts';
import type { SuctionCupModel, TrialSpec } from './types.ts';

/** Handles of one suction tool in a template world. */
export interface SuctionHandles {
  readonly cup: number;
  readonly colliders: readonly number[];
}

/**
 * Builds a kinematic suction tool (cup lip and stem, `effector-parts.ts`) parked at `at` in slot `slot`, with the
 * cup law's frictionless lip.
 */
export function buildSuctionTool(
  rapier: Rapier,
  world: World,
  model: SuctionCupModel,
  at: Vector3,
  slot: number,
): SuctionHandles {
  const cup = world.createRigidBody(rapier.RigidBodyDesc.kinematicPositionBased().setTranslation(at.x, at.y, at.z));
  const colliders = effectorParts(model).map((part) => {
    const [r, , half] = part.halfExtentsM;
    const collider = world.createCollider(
      colliderDesc(
        rapier,
        { kind: 'cylinder', radiusM: r, heightM: 2 * half },
        { friction: 0 },
        makePose([...part.centreInGripper]),
      )
        .setCollisionGroups(slotCollisionGroups(slot))
        .setSolverGroups(GRIPPER_SOLVER_GROUPS),
      cup,
    );
    prepareCupCollider(rapier, collider);
    return collider.handle;
  });
  return { cup: cup.handle, colliders };
}

/**
 * One suction trial: the cup law's seal (lip rays on the object), then its capped seal joint as the vacuum builds.
 * The face is held where it sealed, with pull, shear and peel limits; the object is never pushed by a bare force.
 */
export class SuctionSlot implements TrialSlot {
  private readonly cup: RigidBody;
  private readonly objectBody: RigidBody;
  private readonly offset: [number, number, number] = [0, 0, 0];
  private readonly ratedN: number;
  private readonly diameterM: number;
  private readonly ray: InstanceType<Rapier['Ray']>;
  private joint: number | undefined;
  private frames: SealFrames | undefined;
  private sealedAtStep = 0;

  constructor(
    private readonly rapier: Rapier,
    private readonly world: World,
    handles: SuctionHandles,
    private readonly model: SuctionCupModel,
    private readonly parts: readonly GripperPart[],
    spec: TrialSpec,
    private readonly poses: SlotPoses,
    private readonly object: Collider,
    private readonly schedule: TrialSchedule,
  ) {
    this.cup = world.getRigidBody(handles.cup);
    this.objectBody = object.parent()!;
    this.diameterM = 2 * model.cupRadiusM;
    this.ratedN = ratedHoldForceN(spec.effort, this.diameterM);
    this.ray = new rapier.Ray({ x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: 1 });
  }

  approachCollides(object: ConvexPolytope): boolean {
    return approachOverlaps(object, this.poses, this.parts, TRIAL_PROTOCOL.suctionApproachBackoffsM);
  }

  place(): void {
    const { gripperPosition: p, gripperRotation: q } = this.poses;
    this.cup.setTranslation(p, true);
    this.cup.setRotation(q, true);
    this.cup.setNextKinematicTranslation(p);
    this.cup.setNextKinematicRotation(q);
  }

  drive(k: number): void {
    palmOffsetAt(this.schedule, k, this.offset);
    const p = this.poses.gripperPosition;
    this.cup.setNextKinematicTranslation({ x: p.x + this.offset[0], y: p.y + this.offset[1], z: p.z + this.offset[2] });
    // The vacuum is on from the first step, as the robot's cup: seal, then hold as the vacuum builds.
    if (this.joint !== undefined && this.frames !== undefined) {
      if (sealIntact(this.cup, this.objectBody, this.frames, this.diameterM)) {
        const fraction = vacuumFraction((k - this.sealedAtStep) * TRIAL_DT_S);
        setSealStrength(this.rapier, this.world.getImpulseJoint(this.joint), this.ratedN, this.diameterM, fraction);
        return;
      }
      this.world.removeImpulseJoint(this.world.getImpulseJoint(this.joint), true);
      this.joint = undefined;
      this.frames = undefined;
    }
    const seal = findSeal(
      (origin, dir, maxToi) => {
        this.ray.origin = origin;
        this.ray.dir = dir;
        const hit = this.object.castRayAndGetNormal(this.ray, maxToi, true);
        if (hit === null) return undefined;
        return {
          collider: this.object.handle,
          toi: hit.timeOfImpact,
          normal: new Vector3(hit.normal.x, hit.normal.y, hit.normal.z),
        };
      },
      this.faceInWorld(),
      this.diameterM,
    );
    if (seal === undefined) return;
    const held = createSealJoint(this.rapier, this.world, this.cup, this.objectBody, seal);
    if (held === undefined) return;
    this.joint = held.joint;
    this.frames = held.frames;
    this.sealedAtStep = k;
  }

  /** The cup face now: at the lip centre, +z out of the cup. */
  private faceInWorld() {
    const r = this.cup.rotation();
    const quaternion = new Quaternion(r.x, r.y, r.z, r.w);
    return { position: this.gripPoint(new Vector3()), quaternion };
  }

  holding(): boolean {
    return this.joint !== undefined;
  }

  touching(): boolean {
    return this.joint !== undefined;
  }

  palmForceN(): number {
    return 0;
  }

  gripPoint(out: Vector3): Vector3 {
    const t = this.cup.translation();
    const r = this.cup.rotation();
    return out
      .set(0, 0, this.model.tcpZM)
      .applyQuaternion(new Quaternion(r.x, r.y, r.z, r.w))
      .add(t);
  }

  closedWidthM(): number {
    return 0;
  }
}
