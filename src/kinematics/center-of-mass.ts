import { Vector3, type Matrix4 } from 'three';
import type { KinematicModel } from './model.ts';

/** Each link's mass and its centre of mass in the link frame, read once from the model's `<inertial>`s. */
export interface MassModel {
  readonly links: readonly { readonly link: string; readonly massKg: number; readonly comInLink: Vector3 }[];
  readonly totalKg: number;
}

/** The links that carry mass (`<inertial>` with a positive mass). */
export function massModel(model: KinematicModel): MassModel {
  const links = [...model.links.values()]
    .filter((link) => (link.inertial?.massKg ?? 0) > 0)
    .map((link) => ({
      link: link.name,
      massKg: link.inertial!.massKg,
      comInLink: new Vector3().setFromMatrixPosition(link.inertial!.origin),
    }));
  return { links, totalKg: links.reduce((sum, l) => sum + l.massKg, 0) };
}

/**
 * The whole-body centre of mass for the link poses given (world or any common frame), into `out`.
 *
 * @example
 * const com = centerOfMass(masses, (link) => body.linkPose(link));
 */
export function centerOfMass(masses: MassModel, poseOf: (link: string) => Matrix4, out = new Vector3()): Vector3 {
  const point = new Vector3();
  out.set(0, 0, 0);
  for (const { link, massKg, comInLink } of masses.links) {
    point.copy(comInLink).applyMatrix4(poseOf(link));
    out.addScaledVector(point, massKg);
  }
  return out.divideScalar(masses.totalKg);
}
