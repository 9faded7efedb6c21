import type { Pose } from '../math/pose.ts';
import type { KnownObject, NamedPlace, WorldModel } from './world-model.ts';

/** A world model held in maps: what tests, the task runner and the sim start from. */
export class InMemoryWorldModel implements WorldModel {
  private readonly objectsById = new Map<string, KnownObject>();
  private readonly placesByName = new Map<string, NamedPlace>();
  private readonly removedIds = new Set<string>();

  constructor(objects: readonly KnownObject[] = [], places: readonly NamedPlace[] = []) {
    for (const o of objects) this.objectsById.set(o.id, o);
    for (const p of places) this.placesByName.set(p.name, p);
  }

  objects(): readonly KnownObject[] {
    return [...this.objectsById.values()];
  }

  object(id: string): KnownObject | undefined {
    return this.objectsById.get(id);
  }

  places(): readonly NamedPlace[] {
    return [...this.placesByName.values()];
  }

  place(name: string): NamedPlace | undefined {
    return this.placesByName.get(name);
  }

  addObject(object: KnownObject): void {
    this.objectsById.set(object.id, object);
    this.removedIds.delete(object.id);
  }

  addPlace(place: NamedPlace): void {
    this.placesByName.set(place.name, place);
  }

  /** Forgets an object (taken out of the world); true when it was known. */
  removeObject(id: string): boolean {
    const known = this.objectsById.delete(id);
    if (known) this.removedIds.add(id);
    return known;
  }

  wasRemoved(id: string): boolean {
    return this.removedIds.has(id);
  }

  updateObjectPose(id: string, poseInWorld: Pose): void {
    const known = this.objectsById.get(id);
    if (!known) throw new Error(`world model: unknown object '${id}'`);
    this.objectsById.set(id, { ...known, poseInWorld });
  }
}
