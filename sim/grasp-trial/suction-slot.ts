import { type Quaternion, Vector3 } from 'three';
import { makePose } from '../../src/math/pose.ts';
import type { Collider, Rapier, RigidBody, World } from '../rapier.ts';
import { colliderDesc } from '../shapes.ts';
import { palmOffsetAt, type TrialSchedule } from './schedule.ts';
import { type SlotPoses } from './slot-geometry.ts';
import { GRIPPER_GROUPS, partHitsObject, type TrialSlot } from './trial-slot.ts';
import type { SuctionCupModel, TrialSpec } from './types.ts';

/** Handles of one suction tool in a template world. */
export interface SuctionHandles {
  readonly cup: number;
  readonly colliders: readonly number[];
}

const LIP_HALF_HEIGHT_M = 0.005;
/** Rim rays start this far behind the lip, inside the cup, so a lip pressed slightly into the face still hits. */
const RAY_BACKOFF_M = 0.005;
const RIM_RAYS = 8;
const RIM_FRACTION = 0.9;

/** Builds a kinematic suction tool (stem + cup lip) parked at `at`. */
export function buildSuctionTool(rapier: Rapier, world: World, model: SuctionCupModel, at: Vector3): SuctionHandles {
  const cup = world.createRigidBody(rapier.RigidBodyDesc.kinematicPositionBased().setTranslation(at.x, at.y, at.z));
  const stemHalf = (model.tcpZM - 2 * LIP_HALF_HEIGHT_M) / 2;
  const parts = [
    colliderDesc(
      rapier,
      { kind: 'cylinder', radiusM: model.cupRadiusM, heightM: 2 * LIP_HALF_HEIGHT_M },
      { friction: 1 },
      makePose([0, 0, model.tcpZM - LIP_HALF_HEIGHT_M]),
    ),
    colliderDesc(
      rapier,
      { kind: 'cylinder', radiusM: model.stemRadiusM, heightM: 2 * stemHalf },
      { friction: 1 },
      makePose([0, 0, stemHalf]),
    ),
  ];
  const colliders = parts.map((desc) => world.createCollider(desc.setCollisionGroups(GRIPPER_GROUPS), cup).handle);
  return { cup: cup.handle, colliders };
}

/** One suction trial: the vacuum pulls the object onto the lip with ΔP × area, only while the rim is sealed. */
export class SuctionSlot implements TrialSlot {
  private readonly cup: RigidBody;
  private readonly colliders: Collider[];
  private readonly offset: [number, number, number] = [0, 0, 0];
  private readonly holdForceN: number;
  private readonly objectBody: RigidBody;
  private sealed = false;
  private readonly ray: InstanceType<Rapier['Ray']>;

  constructor(
    rapier: Rapier,
    world: World,
    handles: SuctionHandles,
    private readonly model: SuctionCupModel,
    private readonly spec: TrialSpec,
    private readonly poses: SlotPoses,
    private readonly object: Collider,
    private readonly schedule: TrialSchedule,
  ) {
    this.cup = world.getRigidBody(handles.cup);
    this.colliders = handles.colliders.map((h) => world.getCollider(h));
    this.objectBody = object.parent()!;
    // effort is the vacuum in kPa; the rated hold is vacuum × lip area.
    this.holdForceN = spec.effort * 1000 * Math.PI * model.cupRadiusM ** 2;
    this.ray = new rapier.Ray({ x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: 1 });
  }

  approachCollides(): boolean {
    // The lip starts flush with the surface, so the grasp pose itself touches: check 2 mm back and further out.
    return [0.002, 0.02, 0.04].some((backoff) =>
      this.colliders.some((c) => partHitsObject(this.object, this.poses, c, new Vector3(), backoff)),
    );
  }

  place(): void {
    const { gripperPosition: p, gripperRotation: q } = this.poses;
    this.cup.setTranslation(p, true);
    this.cup.setRotation(q, true);
    this.cup.setNextKinematicTranslation(p);
    this.cup.setNextKinematicRotation(q);
    // The lip is rubber: contacts get the average of its μ and the object's (Rapier's default combine rule).
    for (const c of this.colliders) c.setFriction(this.model.lipFriction);
  }

  drive(k: number): void {
    palmOffsetAt(this.schedule, k, this.offset);
    const p = this.poses.gripperPosition;
    this.cup.setNextKinematicTranslation({ x: p.x + this.offset[0], y: p.y + this.offset[1], z: p.z + this.offset[2] });
    this.sealed = this.checkSeal();
    // Rapier keeps user forces and torques until reset, and resetForces leaves the torque of addForceAtPoint.
    this.objectBody.resetForces(true);
    this.objectBody.resetTorques(true);
    if (this.sealed) {
      const axis = new Vector3(0, 0, 1).applyQuaternion(this.cup.rotation());
      const at = this.tcpInWorld(new Vector3());
      this.objectBody.addForceAtPoint(axis.multiplyScalar(-this.holdForceN), at, true);
    }
  }

  /** Rim rays along the cup axis must all hit the object, close to the lip and at nearly the same distance. */
  private checkSeal(): boolean {
    const q = this.cup.rotation() as Quaternion;
    const t = this.cup.translation();
    const dir = new Vector3(0, 0, 1).applyQuaternion(q);
    const r = this.model.cupRadiusM * RIM_FRACTION;
    const maxToi = RAY_BACKOFF_M + this.model.maxGapM;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < RIM_RAYS; i++) {
      const a = (2 * Math.PI * i) / RIM_RAYS;
      const o = new Vector3(r * Math.cos(a), r * Math.sin(a), this.model.tcpZM - RAY_BACKOFF_M).applyQuaternion(q);
      this.ray.origin = { x: o.x + t.x, y: o.y + t.y, z: o.z + t.z };
      this.ray.dir = dir;
      const toi = this.object.castRay(this.ray, maxToi, true);
      if (toi < 0) return false;
      lo = Math.min(lo, toi);
      hi = Math.max(hi, toi);
    }
    return hi - lo <= this.model.sealToleranceM;
  }

  holding(): boolean {
    return this.sealed;
  }

  tcpInWorld(out: Vector3): Vector3 {
    const t = this.cup.translation();
    return out.set(0, 0, this.model.tcpZM).applyQuaternion(this.cup.rotation()).add(t);
  }

  closedWidthM(): number {
    return 0;
  }
}
