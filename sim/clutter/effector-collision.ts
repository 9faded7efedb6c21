import { type Matrix4, Quaternion, Vector3 } from 'three';
import type { Rapier } from '../rapier.ts';
import type { EffectorModel } from '../grasp-trial/types.ts';
import type { ClutterWorld } from './settle-clutter.ts';

/** One collision part of an end effector, in the gripper frame. */
export interface EffectorPart {
  readonly name: string;
  readonly kind: 'box' | 'cylinder';
  /** Box: half extents. Cylinder (along gripper z): [radius, radius, half height]. */
  readonly halfExtentsM: readonly [number, number, number];
  readonly centreInGripper: readonly [number, number, number];
}

/** Half height of the suction cup's lip, as the physics trial builds it. */
const LIP_HALF_HEIGHT_M = 0.005;

/**
 * The effector's collision geometry as the physics trial builds it: palm and both pads fully open (parallel), or
 * the cup lip and its stem (suction).
 */
export function effectorParts(effector: EffectorModel): EffectorPart[] {
  if (effector.kind === 'parallel') {
    const [, , pz] = effector.padHalfM;
    const x0 = effector.maxOpeningM / 2 + effector.padHalfM[0];
    return [
      {
        name: 'palm',
        kind: 'box',
        halfExtentsM: effector.palmHalfM,
        centreInGripper: [0, 0, effector.tcpZM - pz - effector.palmHalfM[2]],
      },
      { name: 'finger+x', kind: 'box', halfExtentsM: effector.padHalfM, centreInGripper: [x0, 0, effector.tcpZM] },
      { name: 'finger-x', kind: 'box', halfExtentsM: effector.padHalfM, centreInGripper: [-x0, 0, effector.tcpZM] },
    ];
  }
  const stemHalf = (effector.tcpZM - 2 * LIP_HALF_HEIGHT_M) / 2;
  const r = effector.cupRadiusM;
  const s = effector.stemRadiusM;
  return [
    {
      name: 'cup',
      kind: 'cylinder',
      halfExtentsM: [r, r, LIP_HALF_HEIGHT_M],
      centreInGripper: [0, 0, effector.tcpZM - LIP_HALF_HEIGHT_M],
    },
    { name: 'stem', kind: 'cylinder', halfExtentsM: [s, s, stemHalf], centreInGripper: [0, 0, stemHalf] },
  ];
}

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
