import { Quaternion, Vector3 } from 'three';
import type { Pose } from '../../src/math/pose.ts';
import { addDynamicObject, addStaticBox, bodyPose } from '../bodies.ts';
import { shapeHalfExtents } from '../shapes.ts';
import { SimWorld } from '../sim-world.ts';
import { DEFAULT_SETTLE, type BinRegion, type ClutterSpec, type SettleOptions } from './clutter-types.ts';

/** An object of the settled pile. */
export interface SettledObject {
  /** Index into `ClutterSpec.drops`. */
  readonly dropIndex: number;
  readonly kind: number;
  readonly bodyHandle: number;
  readonly colliderHandle: number;
  /** Pose of the object frame (the shape's centre) in the world, at rest. */
  readonly poseInWorld: Pose;
}

/** A settled bin: the live world (for rendering and collision queries) and the objects that stayed in the bin. */
export interface ClutterWorld {
  readonly sim: SimWorld;
  readonly bin: BinRegion;
  /** Objects in drop order; those that left the bin were removed. */
  readonly objects: readonly SettledObject[];
  /** Object of each collider handle (index into `objects`); fixtures are absent. */
  readonly objectOfCollider: ReadonlyMap<number, number>;
  /** Drops that left the bin and were removed. */
  readonly escaped: number;
  /** Steps simulated in all. */
  readonly steps: number;
  /** False when the pile was still moving when the time ran out. */
  readonly atRest: boolean;
  free(): void;
}

const CHECK_EVERY_STEPS = 12;
/** Vertical gap between a released object's bounding sphere and the pile below it, m. */
const DROP_CLEARANCE_M = 0.01;

/**
 * Drops the objects one by one above the bin (each clear of the pile's bounding spheres, so nothing starts
 * intersecting), lets physics settle each, waits for the whole pile to rest, then removes any object that ended
 * outside the bin. Deterministic: the same spec gives the same poses on every machine.
 */
export async function settleClutter(spec: ClutterSpec, options: SettleOptions = DEFAULT_SETTLE): Promise<ClutterWorld> {
  const sim = await SimWorld.create({ sleeping: true });
  try {
    for (const box of spec.fixtures) {
      addStaticBox(sim, {
        id: box.id,
        poseInWorld: box.poseInWorld,
        halfExtentsM: box.halfExtentsM,
        friction: box.friction,
        restitution: box.restitution,
      });
    }
    const binInverse = new Quaternion().copy(spec.bin.poseInWorld.quaternion).invert();
    const toBin = (p: Vector3): Vector3 => p.clone().sub(spec.bin.poseInWorld.position).applyQuaternion(binInverse);
    const live: { dropIndex: number; kind: number; bodyHandle: number; colliderHandle: number; radiusM: number }[] = [];
    const [hx, hy, hz] = spec.bin.halfExtentsM;
    for (const [i, drop] of spec.drops.entries()) {
      const radiusM = shapeHalfExtents(drop.shape).length();
      const pileTop = live.reduce((top, o) => Math.max(top, toBin(position(sim, o.bodyHandle)).z + o.radiusM), hz);
      const inBin = new Vector3(
        drop.xyFraction[0] * Math.max(0, hx - radiusM),
        drop.xyFraction[1] * Math.max(0, hy - radiusM),
        pileTop + radiusM + DROP_CLEARANCE_M,
      );
      const positionInWorld = inBin.applyQuaternion(spec.bin.poseInWorld.quaternion).add(spec.bin.poseInWorld.position);
      const rotation = spec.bin.poseInWorld.quaternion.clone().multiply(new Quaternion(...drop.rotation).normalize());
      const handles = addDynamicObject(sim, {
        id: `drop-${i}`,
        shape: drop.shape,
        poseInWorld: { position: positionInWorld, quaternion: rotation },
        material: { friction: drop.friction, massKg: drop.massKg },
      });
      live.push({ dropIndex: i, kind: drop.kind, ...handles, radiusM });
      settle(sim, live, options.perDropS, options);
    }
    let atRest = settle(sim, live, options.finalS, options);
    let escaped = 0;
    // An object that bounced over a wall is dropped from the scene; the rest may shift, so settle again.
    for (let round = 0; round < 3; round++) {
      const out = live.filter((o) => !insideBin(toBin(position(sim, o.bodyHandle)), spec.bin));
      if (out.length === 0) break;
      for (const o of out) {
        sim.world.removeRigidBody(sim.body(o.bodyHandle));
        live.splice(live.indexOf(o), 1);
      }
      escaped += out.length;
      atRest = settle(sim, live, options.finalS, options);
    }
    // One more step so the query structures (rays, shape queries) see the final poses and removals.
    sim.step();
    const objects = live.map((o): SettledObject => ({
      dropIndex: o.dropIndex,
      kind: o.kind,
      bodyHandle: o.bodyHandle,
      colliderHandle: o.colliderHandle,
      poseInWorld: bodyPose(sim, o.bodyHandle),
    }));
    const objectOfCollider = new Map(objects.map((o, i) => [o.colliderHandle, i]));
    return {
      sim,
      bin: spec.bin,
      objects,
      objectOfCollider,
      escaped,
      steps: sim.stepCount,
      atRest,
      free: () => sim.free(),
    };
  } catch (error) {
    sim.free();
    throw error;
  }
}

/** Steps until every body rests or `limitS` of sim time passed; returns whether they rest. */
function settle(
  sim: SimWorld,
  live: readonly { bodyHandle: number }[],
  limitS: number,
  options: SettleOptions,
): boolean {
  const steps = Math.round(limitS / sim.dtS);
  for (let k = 0; k < steps; k++) {
    sim.step();
    if ((k + 1) % CHECK_EVERY_STEPS === 0 && live.every((o) => resting(sim, o.bodyHandle, options))) return true;
  }
  return live.every((o) => resting(sim, o.bodyHandle, options));
}

function resting(sim: SimWorld, handle: number, options: SettleOptions): boolean {
  const body = sim.body(handle);
  if (body.isSleeping()) return true;
  const v = body.linvel();
  const w = body.angvel();
  return Math.hypot(v.x, v.y, v.z) < options.restSpeedMps && Math.hypot(w.x, w.y, w.z) < options.restSpinRadps;
}

function position(sim: SimWorld, handle: number): Vector3 {
  const t = sim.body(handle).translation();
  return new Vector3(t.x, t.y, t.z);
}

/** Centre within the bin's footprint and above its floor (a pile may stand above the rim). */
export function insideBin(centreInBin: Vector3, bin: BinRegion): boolean {
  const [hx, hy, hz] = bin.halfExtentsM;
  return Math.abs(centreInBin.x) <= hx && Math.abs(centreInBin.y) <= hy && centreInBin.z >= -hz;
}
