import type { Rapier, World } from '../rapier.ts';
import { PREDICTION_DISTANCE_M } from '../contact-prediction.ts';
import { colliderDesc } from '../shapes.ts';
import { buildParallelGripper, type ParallelHandles } from './parallel-slot.ts';
import { TRIAL_DT_S } from './schedule.ts';
import { PARKED_HEIGHT_M, slotOrigin } from './slot-geometry.ts';
import { buildSuctionTool, type SuctionHandles } from './suction-slot.ts';
import { OBJECT_GROUPS } from './trial-slot.ts';
import type { EffectorModel, TrialObject } from './types.ts';

/** Stiff contacts: Rapier's default 30 Hz lets a 20 N pad sink ~15 mm into a box; 120 Hz keeps it near 2 mm. */
export const CONTACT_NATURAL_FREQUENCY_HZ = 120;

/** Handles of one slot: its object and its effector. */
export interface SlotHandles {
  readonly objectBody: number;
  readonly objectCollider: number;
  readonly effector: ParallelHandles | SuctionHandles;
}

/** A world of `slotCount` idle trial slots for one object and effector, and its snapshot for cheap copies. */
export interface TrialTemplate {
  readonly slots: readonly SlotHandles[];
  readonly snapshot: Uint8Array;
}

/** Sets what a snapshot does not carry over. */
export function configureTrialWorld(world: World): void {
  world.timestep = TRIAL_DT_S;
  world.integrationParameters.contact_natural_frequency = CONTACT_NATURAL_FREQUENCY_HZ;
  // As in SimWorld: contacts predicted 20 mm out (Rapier's default) go stale near a can's rim.
  world.integrationParameters.normalizedPredictionDistance = PREDICTION_DISTANCE_M;
}

/**
 * Builds the chunk world: objects weightless at their slot origins, grippers parked above them. Every trial of
 * a chunk starts from an identical copy of it, so a trial's outcome never depends on what ran before.
 */
export function buildTrialWorld(
  rapier: Rapier,
  object: TrialObject,
  effector: EffectorModel,
  slotCount: number,
): { world: World; slots: SlotHandles[] } {
  const world = new rapier.World({ x: 0, y: 0, z: -9.81 });
  configureTrialWorld(world);
  const slots: SlotHandles[] = [];
  for (let j = 0; j < slotCount; j++) {
    const o = slotOrigin(j);
    const body = world.createRigidBody(
      rapier.RigidBodyDesc.dynamic().setTranslation(o.x, o.y, o.z).setGravityScale(0).setCanSleep(false),
    );
    const collider = world.createCollider(
      colliderDesc(rapier, object.shape, { friction: 1, massKg: object.massKg }).setCollisionGroups(OBJECT_GROUPS),
      body,
    );
    const parked = o.clone().setZ(o.z + PARKED_HEIGHT_M);
    const handles =
      effector.kind === 'parallel'
        ? buildParallelGripper(rapier, world, effector, parked)
        : buildSuctionTool(rapier, world, effector, parked);
    slots.push({ objectBody: body.handle, objectCollider: collider.handle, effector: handles });
  }
  return { world, slots };
}

/** Builds the chunk world once and snapshots it. */
export function buildTrialTemplate(
  rapier: Rapier,
  object: TrialObject,
  effector: EffectorModel,
  slotCount: number,
): TrialTemplate {
  const { world, slots } = buildTrialWorld(rapier, object, effector, slotCount);
  const snapshot = world.takeSnapshot();
  world.free();
  return { slots, snapshot };
}

/** A fresh copy of the template world. */
export function restoreTrialWorld(rapier: Rapier, template: TrialTemplate): World {
  const world = rapier.World.restoreSnapshot(template.snapshot);
  configureTrialWorld(world);
  return world;
}
