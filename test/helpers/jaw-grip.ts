import { Quaternion, Vector3 } from 'three';
import { buildParallelJaw, PARALLEL_JAW_LAW, totalStrokeM } from '../../sim/effectors/parallel-jaw.ts';
import { driveParallelJaw, jawParts, jawStallS, jawTravel, type JawParts } from '../../sim/effectors/jaw-drive.ts';
import { jawFingers } from '../../sim/grasp-trial/parallel-slot.ts';
import { TRIAL_DT_S } from '../../sim/grasp-trial/schedule.ts';
import type { ParallelJawModel } from '../../sim/grasp-trial/types.ts';
import {
  loadRapier,
  type Collider,
  type ColliderDesc,
  type Rapier,
  type RigidBody,
  type World,
} from '../../sim/rapier.ts';
import { configureSolver } from '../../sim/solver-config.ts';

// One grip of the trials' jaw on a fixed hand, for the pad-shape tests (pad-crown, pad-segments): the jaw closes on
// an object and squeezes it (20 N unless told); each test runs its own steps around `closeStep`.

/** A 0.3 kg can (Ø66 mm, 120 mm long) lying along the pads' length, μ 0.8. */
export const can = (r: Rapier): ColliderDesc =>
  r.ColliderDesc.cylinder(0.06, 0.033)
    .setRotation(new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), Math.PI / 2))
    .setMass(0.3)
    .setFriction(0.8)
    .setFrictionCombineRule(r.CoefficientCombineRule.Min);

/** A 0.3 kg box 60 mm across the pads, 40 × 80 mm, μ 0.8. */
export const box = (r: Rapier): ColliderDesc =>
  r.ColliderDesc.cuboid(0.03, 0.02, 0.04)
    .setMass(0.3)
    .setFriction(0.8)
    .setFrictionCombineRule(r.CoefficientCombineRule.Min);

export const quat = (q: { x: number; y: number; z: number; w: number }): Quaternion =>
  new Quaternion(q.x, q.y, q.z, q.w);
export const vec = (v: { x: number; y: number; z: number }): Vector3 => new Vector3(v.x, v.y, v.z);

/** A jaw on a fixed hand at the origin, open, with the object `shape` builds between its pads, in a world without gravity. */
export interface JawGrip {
  readonly world: World;
  readonly hand: RigidBody;
  readonly parts: JawParts;
  /** Each finger's pad colliders. */
  readonly pads: [Collider[], Collider[]];
  readonly body: RigidBody;
  readonly object: Collider;
  /** Closes the jaw for step `k` (fully open to shut over 0.3 s, then the squeeze once it stalls). */
  readonly closeStep: (k: number) => void;
}

/** Builds the grip: the object centred on the pads, `offsetM` along their length, squeezed with `forceN` per finger. */
export async function jawGrip(
  model: ParallelJawModel,
  shape: (r: Rapier) => ColliderDesc,
  offsetM = 0,
  forceN = 20,
): Promise<JawGrip> {
  const rapier = await loadRapier();
  const world = new rapier.World({ x: 0, y: 0, z: 0 });
  configureSolver(world);
  const hand = world.createRigidBody(rapier.RigidBodyDesc.kinematicPositionBased());
  const fingers = jawFingers(model);
  const handles = buildParallelJaw(rapier, world, hand, fingers, 0xffffffff, totalStrokeM(fingers), 'lean-linkage');
  const parts = jawParts(world, hand, handles);
  const pads = handles.padColliders.map((f) => f.map((c) => world.getCollider(c))) as [Collider[], Collider[]];
  const body = world.createRigidBody(
    rapier.RigidBodyDesc.dynamic()
      .setTranslation(0, 0, model.padCentreZM + offsetM)
      .setCanSleep(false),
  );
  const object = world.createCollider(shape(rapier), body);
  let stalledS = 0;
  let squeeze = false;
  const closeStep = (k: number): void => {
    const travel = jawTravel(parts, fingers);
    const commandM = Math.max(0, model.maxOpeningM * (1 - (k * TRIAL_DT_S) / 0.3));
    stalledS = jawStallS(stalledS, travel, commandM, TRIAL_DT_S);
    squeeze ||= commandM === 0 || stalledS >= PARALLEL_JAW_LAW.stallS - 1e-9;
    driveParallelJaw(parts, fingers, { travelM: commandM, forceN, squeeze }, travel);
  };
  return { world, hand, parts, pads, body, object, closeStep };
}

/** Where `pad` pushed `object` in the last step (the manifold's points that carried an impulse), in world. */
export function pushedPoints(world: World, pad: Collider, object: Collider): Vector3[] {
  const out: Vector3[] = [];
  world.contactPair(pad, object, (m, flipped) => {
    const frame = flipped ? object : pad;
    for (let c = 0; c < m.numContacts(); c++) {
      const p = m.localContactPoint1(c);
      if (m.contactImpulse(c) <= 1e-9 || p === null) continue;
      out.push(vec(p).applyQuaternion(quat(frame.rotation())).add(vec(frame.translation())));
    }
  });
  return out;
}
