import { Vector3 } from 'three';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import type { GraspChoice } from '../grasping/plan-grasp.ts';

/** Grasp choices that hold the object alike: they lead to the same carry and place. */
export interface HoldClass {
  readonly key: string;
  /** Best score first. */
  readonly choices: readonly GraspChoice[];
}

/**
 * Grasp choices grouped by how they hold the object: arm, effector, approach direction and grasp height in the
 * object's frame (and, for boxes, the closing axis). Round bodies are symmetric about their axis, so grasps a
 * turn apart hold them alike; the place turns the object anyway. Classes come best score first.
 */
export function holdClasses(object: KnownObject, ranked: readonly GraspChoice[]): HoldClass[] {
  const round = isRound(object);
  const byKey = new Map<string, GraspChoice[]>();
  for (const choice of ranked) {
    const q = choice.candidate.toolInObject.quaternion;
    const z = new Vector3(0, 0, 1).applyQuaternion(q);
    const y = new Vector3(0, 1, 0).applyQuaternion(q);
    const r = (v: number): string => (Math.round(v * 10) / 10 + 0).toFixed(1);
    const shape = round
      ? `z${r(z.z)} h${r(choice.candidate.toolInObject.position.z * 10)}`
      : `a${[z.x, z.y, z.z].map(r).join(',')} c${[y.x, y.y, y.z].map((v) => r(Math.abs(v))).join(',')}`;
    const key = `${choice.entry.arm.name} ${choice.entry.kind} ${shape}`;
    const list = byKey.get(key) ?? [];
    list.push(choice);
    byKey.set(key, list);
  }
  return [...byKey].map(([key, choices]) => ({ key, choices }));
}

/** Whether the object's body is symmetric about its vertical axis (cylinders, capsules, spheres). */
export function isRound(object: KnownObject): boolean {
  const { kind } = object.shape;
  return kind === 'cylinder' || kind === 'capsule' || kind === 'sphere';
}

/** A box whose footprint's sides differ by less than this shows as wide a face at every quarter turn, m. */
const SQUARE_WITHIN_M = 0.005;

/**
 * Whether a quarter turn about the vertical shows the object's side instead of a face as wide: not for round
 * objects, nor for a box with a square footprint (a milk carton); yes for every other box.
 */
export function quarterTurnShowsSide(object: KnownObject): boolean {
  if (isRound(object)) return false;
  const [halfXM, halfYM] = shapeHalfExtents(object.shape);
  return Math.abs(halfXM - halfYM) * 2 >= SQUARE_WITHIN_M;
}
