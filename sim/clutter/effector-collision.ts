import { type Matrix4, Quaternion, Vector3 } from 'three';
import type { Rapier } from '../rapier.ts';
import { effectorParts, type EffectorPart } from '../grasp-trial/effector-parts.ts';
import type { EffectorModel } from '../grasp-trial/types.ts';
import type { ClutterWorld } from './settle-clutter.ts';

/** Rapier's cylinders stand along y; ours along the gripper's z. */
const Y_TO_Z = new Quaternion().setFromUnitVectors(new Vector3(0, 1, 0), new Vector3(0, 0, 1));

/**
 * True when any part of the effector at `gripperInWorld` intersects anything in the settled bin: the bin, the
 * floor or any object but `graspedObject` (an index into `clutter.objects`; a suction lip rests on it by design,
 * and the isolated trial already judged the fingers against it). Exact shape-vs-shape queries (Rapier).
 */
export function effectorCollides(
  clutter: ClutterWorld,
  gripperInWorld: Matrix4,
  effector: EffectorModel,
  graspedObject?: number,
): boolean {
  const { rapier, world } = clutter.sim;
  const grasped =
    graspedObject === undefined ? undefined : world.getCollider(clutter.objects[graspedObject]!.colliderHandle);
  const position = new Vector3();
  const rotation = new Quaternion();
  gripperInWorld.decompose(position, rotation, new Vector3());
  return effectorParts(effector).some((part) => {
    const centre = new Vector3(...part.centreInGripper).applyMatrix4(gripperInWorld);
    const partRotation = part.kind === 'cylinder' ? rotation.clone().multiply(Y_TO_Z) : rotation;
    return (
      world.intersectionWithShape(centre, partRotation, partShape(rapier, part), undefined, undefined, grasped) !== null
    );
  });
}

function partShape(
  rapier: Rapier,
  part: EffectorPart,
): InstanceType<Rapier['Cuboid']> | InstanceType<Rapier['Cylinder']> {
  const [a, b, c] = part.halfExtentsM;
  return part.kind === 'box' ? new rapier.Cuboid(a, b, c) : new rapier.Cylinder(c, a);
}
