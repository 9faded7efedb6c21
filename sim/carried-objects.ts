import { Vector3 } from 'three';
import { hitObjectId } from '../src/world/scene-query.ts';
import type { SimWorld } from './sim-world.ts';

/** A loose object a robot carries: its mass and where its centre of mass is. */
export interface CarriedObject {
  readonly id: string;
  readonly massKg: number;
  readonly position: Vector3;
}

/**
 * The loose objects that the given effector bodies (hands, fingers, suction cups) touch and that nothing static
 * (a table, a shelf) holds up: what the robot carries right now, from the physics world's contacts.
 */
export function carriedObjects(sim: SimWorld, effectorBodies: readonly number[]): CarriedObject[] {
  const touched = new Map<number, string>();
  for (const handle of effectorBodies) {
    const body = sim.body(handle);
    for (let i = 0; i < body.numColliders(); i++) {
      const collider = body.collider(i);
      sim.world.contactPairsWith(collider, (other) => {
        // A scene hit's `what` is the collider's name: one decoder of the object's id.
        const name = sim.colliderNames.get(other.handle);
        const id = name === undefined ? undefined : hitObjectId(name);
        const owner = other.parent();
        if (id === undefined || owner === null) return;
        if (touching(sim, collider.handle, other.handle)) touched.set(owner.handle, id);
      });
    }
  }
  const carried: CarriedObject[] = [];
  for (const [handle, id] of touched) {
    const body = sim.body(handle);
    if (restsOnFixture(sim, handle)) continue;
    const com = body.worldCom();
    carried.push({ id, massKg: body.mass(), position: new Vector3(com.x, com.y, com.z) });
  }
  return carried;
}

function touching(sim: SimWorld, a: number, b: number): boolean {
  let points = 0;
  sim.world.contactPair(sim.collider(a), sim.collider(b), (manifold) => (points += manifold.numContacts()));
  return points > 0;
}

function restsOnFixture(sim: SimWorld, bodyHandle: number): boolean {
  const body = sim.body(bodyHandle);
  let supported = false;
  for (let i = 0; i < body.numColliders() && !supported; i++) {
    const collider = body.collider(i);
    sim.world.contactPairsWith(collider, (other) => {
      if (supported || !sim.colliderNames.get(other.handle)?.startsWith('fixture ')) return;
      supported = touching(sim, collider.handle, other.handle);
    });
  }
  return supported;
}
