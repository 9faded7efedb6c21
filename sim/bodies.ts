import { Quaternion, Vector3 } from 'three';
import type { Pose } from '../src/math/pose.ts';
import { COLLISION_GROUPS } from './collision-groups.ts';
import { massCarrierFirst, setExactMassProperties, shapesMassProperties } from './mass-properties.ts';
import { colliderDesc, type SimMaterial, type SimShape } from './shapes.ts';
import type { SimWorld } from './sim-world.ts';
import type { RigidBody } from './rapier.ts';

/** A static box: one piece of a table, shelf, tote, wall or the floor. */
export interface StaticBoxSpec {
  readonly id: string;
  readonly poseInWorld: Pose;
  readonly halfExtentsM: readonly [number, number, number];
  readonly friction: number;
  readonly restitution?: number;
}

/** Adds a fixed box; returns its collider handle. */
export function addStaticBox(sim: SimWorld, spec: StaticBoxSpec): number {
  const { rapier } = sim;
  const body = sim.world.createRigidBody(
    rapier.RigidBodyDesc.fixed()
      .setTranslation(spec.poseInWorld.position.x, spec.poseInWorld.position.y, spec.poseInWorld.position.z)
      .setRotation(spec.poseInWorld.quaternion),
  );
  const desc = colliderDesc(
    rapier,
    { kind: 'box', halfExtentsM: spec.halfExtentsM },
    { friction: spec.friction, restitution: spec.restitution ?? 0 },
  ).setCollisionGroups(COLLISION_GROUPS.fixture);
  const collider = sim.world.createCollider(desc, body);
  sim.colliderNames.set(collider.handle, `fixture ${spec.id}`);
  return collider.handle;
}

/** A free rigid object. */
export interface DynamicObjectSpec {
  readonly id: string;
  readonly shape: SimShape;
  readonly poseInWorld: Pose;
  readonly material: SimMaterial;
  /** Defaults to the world's sleeping setting. */
  readonly canSleep?: boolean;
}

/** Handles of a dynamic object in a sim world. */
export interface SimObject {
  readonly id: string;
  readonly bodyHandle: number;
  readonly colliderHandle: number;
}

/** Adds a dynamic object. */
export function addDynamicObject(sim: SimWorld, spec: DynamicObjectSpec): SimObject {
  const { rapier } = sim;
  const p = spec.poseInWorld.position;
  const body = sim.world.createRigidBody(
    rapier.RigidBodyDesc.dynamic()
      .setTranslation(p.x, p.y, p.z)
      .setRotation(spec.poseInWorld.quaternion)
      .setCanSleep(spec.canSleep ?? sim.sleeping),
  );
  // Min combine: a slippery object is slippery against any finger, whatever the pad's own friction.
  const collider = sim.world.createCollider(
    colliderDesc(rapier, spec.shape, spec.material)
      .setCollisionGroups(COLLISION_GROUPS.object)
      .setFrictionCombineRule(rapier.CoefficientCombineRule.Min),
    body,
  );
  sim.colliderNames.set(collider.handle, `object ${spec.id}`);
  return { id: spec.id, bodyHandle: body.handle, colliderHandle: collider.handle };
}

/** The current pose of a body in the world. */
export function bodyPose(sim: SimWorld, bodyHandle: number): Pose {
  const body = sim.body(bodyHandle);
  const t = body.translation();
  const r = body.rotation();
  return { position: new Vector3(t.x, t.y, t.z), quaternion: new Quaternion(r.x, r.y, r.z, r.w) };
}

/** Adds a kinematic (position-driven) body, with optional shapes in its frame; returns the body handle. */
export function addKinematicBody(
  sim: SimWorld,
  poseInWorld: Pose,
  shapes: readonly { readonly shape: SimShape; readonly poseInBody: Pose }[] = [],
  collisionGroups: number = COLLISION_GROUPS.robotLink,
  name = 'kinematic',
): number {
  const { rapier } = sim;
  const p = poseInWorld.position;
  const body = sim.world.createRigidBody(
    rapier.RigidBodyDesc.kinematicPositionBased().setTranslation(p.x, p.y, p.z).setRotation(poseInWorld.quaternion),
  );
  for (const { shape, poseInBody } of shapes) {
    const collider = sim.world.createCollider(
      colliderDesc(rapier, shape, { friction: 0.5 }, poseInBody).setCollisionGroups(collisionGroups),
      body,
    );
    sim.colliderNames.set(collider.handle, name);
  }
  return body.handle;
}

/** Where a kinematic body should be at the end of the coming step. */
export function setKinematicTarget(sim: SimWorld, bodyHandle: number, poseInWorld: Pose): void {
  const body = sim.body(bodyHandle);
  body.setNextKinematicTranslation(poseInWorld.position);
  setNextRotationNear(body, poseInWorld.quaternion);
}

/**
 * Sets a kinematic body's next rotation, choosing the sign of the quaternion nearest its present one. q and -q are
 * the same orientation, but Rapier derives the body's velocity from the raw difference, so a sign flip between
 * steps (which FK produces whenever a link turns through 180°) reads as a half-turn in one step: a spin of
 * ~190 rad/s that throws whatever touches the link.
 */
export function setNextRotationNear(body: RigidBody, q: { x: number; y: number; z: number; w: number }): void {
  const r = body.rotation();
  const sameHemisphere = r.x * q.x + r.y * q.y + r.z * q.z + r.w * q.w >= 0;
  body.setNextKinematicRotation(sameHemisphere ? q : { x: -q.x, y: -q.y, z: -q.z, w: -q.w });
}

/** A dynamic hand part (palm or suction cup) that rides on a compliant wrist; it never sleeps. */
export function addHandBody(
  sim: SimWorld,
  poseInWorld: Pose,
  shapes: readonly { readonly shape: SimShape; readonly poseInBody: Pose }[],
  massKg: number,
  friction: number,
  name = 'hand',
): number {
  const { rapier } = sim;
  const p = poseInWorld.position;
  const body = sim.world.createRigidBody(
    rapier.RigidBodyDesc.dynamic().setTranslation(p.x, p.y, p.z).setRotation(poseInWorld.quaternion).setCanSleep(false),
  );
  const share = massKg / Math.max(1, shapes.length);
  // Several shapes: Rapier's own sum of their inertias is wrong, so the body gets the exact one (mass-properties.ts).
  const order = massCarrierFirst(shapes);
  const colliders = (order ?? shapes).map(({ shape, poseInBody }) => {
    const collider = sim.world.createCollider(
      colliderDesc(rapier, shape, { friction, massKg: share }, poseInBody).setCollisionGroups(COLLISION_GROUPS.hand),
      body,
    );
    sim.colliderNames.set(collider.handle, name);
    return collider;
  });
  if (shapes.length > 1 && order !== undefined)
    setExactMassProperties(colliders, shapesMassProperties(rapier, shapes, massKg));
  if (shapes.length === 0)
    body.setAdditionalMassProperties(
      massKg,
      { x: 0, y: 0, z: 0 },
      { x: 1e-3, y: 1e-3, z: 1e-3 },
      { x: 0, y: 0, z: 0, w: 1 },
      true,
    );
  return body.handle;
}
