import { Vector3 } from 'three';
import type { Collider, PrismaticImpulseJoint, Rapier, RigidBody, World } from '../rapier.ts';
import { closeFractionAt, palmOffsetAt, type TrialSchedule } from './schedule.ts';
import { gripperPoint, type SlotPoses } from './slot-geometry.ts';
import { GRIPPER_GROUPS, partHitsObject, type TrialSlot } from './trial-slot.ts';
import type { ParallelJawModel, TrialSpec } from './types.ts';

/** Handles of one parallel-jaw gripper in a template world (valid in every restored copy). */
export interface ParallelHandles {
  readonly palm: number;
  readonly palmCollider: number;
  readonly fingers: readonly {
    readonly body: number;
    readonly collider: number;
    readonly joint: number;
    readonly side: 1 | -1;
  }[];
}

/** Finger body centre along x at q = 0 (open). */
function fingerX0(model: ParallelJawModel): number {
  return model.maxOpeningM / 2 + model.padHalfM[0];
}

/** Builds a free-floating parallel-jaw gripper parked at `at`: kinematic palm, two pads on force-limited prismatic joints. */
export function buildParallelGripper(
  rapier: Rapier,
  world: World,
  model: ParallelJawModel,
  at: Vector3,
): ParallelHandles {
  const palm = world.createRigidBody(rapier.RigidBodyDesc.kinematicPositionBased().setTranslation(at.x, at.y, at.z));
  const [phx, phy, phz] = model.palmHalfM;
  const palmCollider = world.createCollider(
    rapier.ColliderDesc.cuboid(phx, phy, phz)
      .setTranslation(0, 0, model.tcpZM - model.padHalfM[2] - phz)
      .setCollisionGroups(GRIPPER_GROUPS),
    palm,
  );
  const x0 = fingerX0(model);
  const fingers = ([1, -1] as const).map((side) => {
    const body = world.createRigidBody(
      rapier.RigidBodyDesc.dynamic()
        .setTranslation(at.x + side * x0, at.y, at.z + model.tcpZM)
        .setCanSleep(false),
    );
    const collider = world.createCollider(
      rapier.ColliderDesc.cuboid(...model.padHalfM)
        .setMass(model.fingerMassKg)
        .setRestitution(0)
        .setCollisionGroups(GRIPPER_GROUPS),
      body,
    );
    // Axis points inward, so q is the closing travel of this finger (0 = open).
    const data = rapier.JointData.prismatic(
      { x: side * x0, y: 0, z: model.tcpZM },
      { x: 0, y: 0, z: 0 },
      { x: -side, y: 0, z: 0 },
    );
    data.limitsEnabled = true;
    data.limits = [0, model.maxOpeningM / 2];
    const joint = world.createImpulseJoint(data, palm, body, true) as PrismaticImpulseJoint;
    joint.setContactsEnabled(false);
    joint.configureMotorModel(rapier.MotorModel.ForceBased);
    joint.configureMotor(0, 0, model.kpNPerM, model.kdNsPerM);
    return { body: body.handle, collider: collider.handle, joint: joint.handle, side };
  });
  return { palm: palm.handle, palmCollider: palmCollider.handle, fingers };
}

/** Approach offsets checked for collisions: the grasp pose and two poses backed off along the approach axis. */
const APPROACH_BACKOFFS_M = [0, 0.02, 0.04];

/** One parallel-jaw trial in a restored world. */
export class ParallelSlot implements TrialSlot {
  private readonly palm: RigidBody;
  private readonly fingers: { body: RigidBody; collider: Collider; joint: PrismaticImpulseJoint; side: 1 | -1 }[];
  private readonly offset: [number, number, number] = [0, 0, 0];

  constructor(
    world: World,
    handles: ParallelHandles,
    private readonly model: ParallelJawModel,
    private readonly spec: TrialSpec,
    private readonly poses: SlotPoses,
    private readonly object: Collider,
    private readonly schedule: TrialSchedule,
  ) {
    this.palm = world.getRigidBody(handles.palm);
    this.fingers = handles.fingers.map((f) => ({
      body: world.getRigidBody(f.body),
      collider: world.getCollider(f.collider),
      joint: world.getImpulseJoint(f.joint) as PrismaticImpulseJoint,
      side: f.side,
    }));
    this.palmCollider = world.getCollider(handles.palmCollider);
  }

  private readonly palmCollider: Collider;

  approachCollides(): boolean {
    const x0 = fingerX0(this.model);
    const parts = [
      { collider: this.palmCollider, body: new Vector3() },
      ...this.fingers.map((f) => ({ collider: f.collider, body: new Vector3(f.side * x0, 0, this.model.tcpZM) })),
    ];
    return APPROACH_BACKOFFS_M.some((backoff) =>
      parts.some((part) => partHitsObject(this.object, this.poses, part.collider, part.body, backoff)),
    );
  }

  place(): void {
    const { gripperPosition: p, gripperRotation: q } = this.poses;
    this.palm.setTranslation(p, true);
    this.palm.setRotation(q, true);
    this.palm.setNextKinematicTranslation(p);
    this.palm.setNextKinematicRotation(q);
    const x0 = fingerX0(this.model);
    for (const f of this.fingers) {
      f.body.setTranslation(gripperPoint(this.poses, f.side * x0, 0, this.model.tcpZM), true);
      f.body.setRotation(q, true);
      f.collider.setFriction(this.spec.friction);
      f.joint.setMotorMaxForce(this.spec.effort);
    }
  }

  drive(k: number): void {
    if (k < this.schedule.closeRampSteps) {
      const target = (this.model.maxOpeningM / 2) * closeFractionAt(this.schedule, k);
      for (const f of this.fingers) f.joint.configureMotor(target, 0, this.model.kpNPerM, this.model.kdNsPerM);
    }
    palmOffsetAt(this.schedule, k, this.offset);
    const p = this.poses.gripperPosition;
    this.palm.setNextKinematicTranslation({
      x: p.x + this.offset[0],
      y: p.y + this.offset[1],
      z: p.z + this.offset[2],
    });
  }

  holding(world: World): boolean {
    return this.fingers.every((f) => pushes(world, f.collider, this.object));
  }

  tcpInWorld(out: Vector3): Vector3 {
    const t = this.palm.translation();
    const r = this.palm.rotation();
    return out.set(0, 0, this.model.tcpZM).applyQuaternion(r).add(t);
  }

  closedWidthM(): number {
    const a = this.fingers[0]!.body.translation();
    const b = this.fingers[1]!.body.translation();
    const axis = new Vector3(1, 0, 0).applyQuaternion(this.palm.rotation());
    const gap = axis.dot(new Vector3(a.x - b.x, a.y - b.y, a.z - b.z));
    return Math.max(0, gap - 2 * this.model.padHalfM[0]);
  }
}

/** True when the solver pushed between the two colliders this step (a touching contact, not a speculative one). */
export function pushes(world: World, a: Collider, b: Collider): boolean {
  let impulse = 0;
  world.contactPair(a, b, (manifold) => {
    for (let i = 0; i < manifold.numContacts(); i++) impulse += manifold.contactImpulse(i);
  });
  return impulse > 1e-7;
}
