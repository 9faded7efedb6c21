import { Vector2, type Vector3 } from 'three';

/** A force a hand (with whatever it holds) exerts on its wrist flange, in the world, and the point it acts at. */
export interface WristLoad {
  readonly position: Vector3;
  readonly forceN: Vector3;
}

/**
 * The zero-moment point on a level floor at height `groundZ` of a body of mass M with its CoM at c accelerating at
 * c̈, carrying external loads F_e at r_e (rates of angular momentum about the CoM neglected, as in the
 * cart-table model). From the moment balance about the ZMP p:
 *   p_x = [M(g + c̈_z)c_x − F_z r_x − M c̈_x (c_z − z₀) + F_x (r_z − z₀)] / [M(g + c̈_z) − F_z]
 * summed over the loads, and the same for y.
 */
export function zmpOf(
  body: { readonly massKg: number; readonly com: Vector3; readonly comAcc: Vector3 },
  loads: readonly WristLoad[],
  groundZ: number,
  gravityMps2 = 9.81,
): Vector2 {
  const { massKg: m, com: c, comAcc: a } = body;
  const vertical = m * (gravityMps2 + a.z);
  let nx = vertical * c.x - m * a.x * (c.z - groundZ);
  let ny = vertical * c.y - m * a.y * (c.z - groundZ);
  let denominator = vertical;
  for (const { position: r, forceN: f } of loads) {
    nx += -f.z * r.x + f.x * (r.z - groundZ);
    ny += -f.z * r.y + f.y * (r.z - groundZ);
    denominator += -f.z;
  }
  return new Vector2(nx / denominator, ny / denominator);
}
