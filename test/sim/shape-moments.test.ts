import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { bodyInertiaTensor, shapesMassProperties, tensorError } from '../../sim/mass-properties.ts';
import { loadRapier } from '../../sim/rapier.ts';
import { colliderDesc, type SimShape } from '../../sim/shapes.ts';
import { makePose } from '../../src/math/pose.ts';

// sim/mass-properties.ts gives a body of several shapes the sum of each shape's closed-form moments
// (`shapePrincipalMoments`). A body of one collider keeps Rapier's own mass properties, which are exact. Both paths
// must give one shape the same tensor, or a hand built of several shapes would turn differently from the same hand
// built of one. Each shape sits off the body's origin and turned, so the round shapes' y-up convention counts too.

const SHAPES: readonly [string, SimShape][] = [
  ['box 10 × 24 × 60 mm', { kind: 'box', halfExtentsM: [0.005, 0.012, 0.03] }],
  ['sphere Ø40 mm', { kind: 'sphere', radiusM: 0.02 }],
  ['cylinder Ø66 × 120 mm (a can)', { kind: 'cylinder', radiusM: 0.033, heightM: 0.12 }],
  ['cylinder Ø80 × 10 mm (a disc)', { kind: 'cylinder', radiusM: 0.04, heightM: 0.01 }],
  ['capsule Ø20 × 80 mm', { kind: 'capsule', radiusM: 0.01, heightM: 0.08 }],
  ['capsule Ø40 × 40 mm (a ball)', { kind: 'capsule', radiusM: 0.02, heightM: 0.04 }],
];

describe('closed-form shape moments against Rapier on a body of one collider', () => {
  for (const [label, shape] of SHAPES) {
    it(`${label}: the same centre and tensor`, async () => {
      const rapier = await loadRapier();
      const world = new rapier.World({ x: 0, y: 0, z: 0 });
      const turned = new Quaternion().setFromAxisAngle(new Vector3(1, 2, -0.5).normalize(), 0.7);
      const poseInBody = makePose([0.01, -0.02, 0.015], turned);
      const body = world.createRigidBody(rapier.RigidBodyDesc.dynamic());
      world.createCollider(colliderDesc(rapier, shape, { friction: 0.5, massKg: 0.2 }, poseInBody), body);
      body.recomputeMassPropertiesFromColliders();
      const closed = shapesMassProperties(rapier, [{ shape, poseInBody }], 0.2);
      expect(body.mass()).toBeCloseTo(0.2, 6);
      const com = body.localCom();
      expect(Math.hypot(com.x - closed.centreM.x, com.y - closed.centreM.y, com.z - closed.centreM.z)).toBeLessThan(
        1e-6,
      );
      // f32 in Rapier: a relative error of a few 1e-6 is rounding; a wrong formula or axis is ≥ 1e-2.
      expect(tensorError(bodyInertiaTensor(body), closed.inertiaKgM2)).toBeLessThan(1e-4);
      world.free();
    });
  }
});
