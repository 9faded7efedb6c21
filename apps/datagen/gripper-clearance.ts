import { type Matrix4, Vector3 } from 'three';
import type { ParallelJawModel } from '../../sim/grasp-trial/types.ts';
import type { RandomSource } from '../../src/math/random.ts';
import { sampleSurface, type SurfaceMesh } from './surface-mesh.ts';

/** How far the approach is swept back, as in the physics trial's approach check, m. */
const APPROACH_SWEEP_M = 0.04;

/** Dense surface points of an object (x, y, z, ...): vertices plus area-uniform samples. */
export function clearancePoints(mesh: SurfaceMesh, rng: RandomSource, samples = 3000): Float32Array {
  const out = new Float32Array(mesh.triangles.length + samples * 3);
  out.set(mesh.triangles);
  for (let i = 0; i < samples; i++) {
    const { point } = sampleSurface(mesh, rng);
    out.set([point.x, point.y, point.z], mesh.triangles.length + 3 * i);
  }
  return out;
}

/**
 * A quick pre-filter, as ACRONYM drops grasps in collision before simulating: false when a surface point lies in
 * the palm or an open pad, swept back along the approach. The physics trial still checks exactly.
 */
export function gripperClears(points: Float32Array, gripperInObject: Matrix4, model: ParallelJawModel): boolean {
  const toGripper = gripperInObject.clone().invert();
  const [phx, phy, phz] = model.palmHalfM;
  const [dhx, dhy, dhz] = model.padHalfM;
  const sweep = APPROACH_SWEEP_M / 2;
  const palmZ = model.tcpZM - dhz - phz - sweep;
  const padX = model.maxOpeningM / 2 + dhx;
  const padZ = model.tcpZM - sweep;
  const p = new Vector3();
  for (let i = 0; i < points.length; i += 3) {
    p.set(points[i]!, points[i + 1]!, points[i + 2]).applyMatrix4(toGripper);
    if (Math.abs(p.x) < phx && Math.abs(p.y) < phy && Math.abs(p.z - palmZ) < phz + sweep) return false;
    if (Math.abs(p.y) < dhy && Math.abs(p.z - padZ) < dhz + sweep && Math.abs(Math.abs(p.x) - padX) < dhx) return false;
  }
  return true;
}
