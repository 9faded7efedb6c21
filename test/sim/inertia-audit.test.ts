import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import {
  bodyInertiaTensor,
  combineMassProperties,
  rotatedTensor,
  tensorError,
  type MassProperties,
  type Tensor3,
} from '../../sim/mass-properties.ts';
import type { Collider, Rapier, RigidBody, World } from '../../sim/rapier.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import { createSimulation } from '../../sim/build-scene.ts';
import { EMBODY_JAW_80MM, PANDA_HAND, SUCTION_30MM } from '../../sim/grasp-trial/effector-models.ts';
import { buildTrialWorld } from '../../sim/grasp-trial/trial-world.ts';
import { loadRapier } from '../../sim/rapier.ts';
import { SimRobot } from '../../sim/sim-robot.ts';
import { SimWorld } from '../../sim/sim-world.ts';
import { gripperRig, makeWorld, suctionRig } from '../../sim/hand-rigs.ts';
import { loadUrdf } from '../../src/kinematics/urdf-parser.ts';
import { makePose } from '../../src/math/pose.ts';

// Audit: every dynamic body the sim builds with more than one collider against the exact parallel-axis sum of its
// colliders' own inertias (each collider's shape, mass and pose on its body, read back from Rapier).

/** A collider's own mass properties in its body's frame, from its shape, mass and pose. */
function colliderProps(rapier: Rapier, c: Collider, massKg: number): MassProperties {
  const t = c.translationWrtParent()!;
  const r = c.rotationWrtParent()!;
  const q = new Quaternion(r.x, r.y, r.z, r.w);
  const s = c.shape as unknown as { type: number; halfExtents?: Vector3; radius?: number; halfHeight?: number };
  const T = rapier.ShapeType;
  const is = (kind: number): boolean => s.type === kind;
  let moments: [number, number, number];
  let centre = new Vector3(t.x, t.y, t.z);
  if (is(T.Cuboid)) {
    const [a, b, cc] = [s.halfExtents!.x, s.halfExtents!.y, s.halfExtents!.z].map((h) => 2 * h) as [
      number,
      number,
      number,
    ];
    const k = massKg / 12;
    moments = [k * (b * b + cc * cc), k * (a * a + cc * cc), k * (a * a + b * b)];
  } else if (is(T.Ball)) {
    const i = 0.4 * massKg * s.radius! ** 2;
    moments = [i, i, i];
  } else if (is(T.Cylinder)) {
    const side = (massKg * (3 * s.radius! ** 2 + (2 * s.halfHeight!) ** 2)) / 12;
    moments = [side, 0.5 * massKg * s.radius! ** 2, side]; // Rapier's cylinders stand on y
  } else {
    // Any other shape: Rapier alone on a body of its own, which it gets right (one collider is never summed).
    const world = new rapier.World({ x: 0, y: 0, z: 0 });
    const body = world.createRigidBody(rapier.RigidBodyDesc.dynamic());
    world.createCollider(new rapier.ColliderDesc(c.shape).setMass(massKg), body);
    body.recomputeMassPropertiesFromColliders();
    const p = body.principalInertia();
    const f = body.principalInertiaLocalFrame();
    const com = body.localCom();
    moments = [p.x, p.y, p.z];
    q.multiply(new Quaternion(f.x, f.y, f.z, f.w));
    centre = new Vector3(com.x, com.y, com.z).applyQuaternion(new Quaternion(r.x, r.y, r.z, r.w)).add(centre);
    world.free();
  }
  return { massKg, centreM: centre, inertiaKgM2: rotatedTensor(moments, q) };
}

export interface AuditRow {
  readonly name: string;
  readonly colliders: number;
  readonly massKg: number;
  readonly error: number;
  readonly exact: Tensor3;
  readonly rapier: Tensor3;
}

/** Every dynamic body of `world` with two or more colliders: exact tensor against Rapier's. */
export function auditWorld(
  rapier: Rapier,
  world: World,
  names: Map<number, string>,
  masses: Map<number, number>,
): AuditRow[] {
  const rows: AuditRow[] = [];
  world.forEachRigidBody((body: RigidBody) => {
    if (!body.isDynamic() || body.numColliders() < 2) return;
    const colliders = Array.from({ length: body.numColliders() }, (_, i) => body.collider(i));
    const exact = combineMassProperties(colliders.map((c) => colliderProps(rapier, c, masses.get(c.handle)!)));
    const got = bodyInertiaTensor(body);
    rows.push({
      name: names.get(colliders[0]!.handle) ?? `body ${body.handle}`,
      colliders: colliders.length,
      massKg: exact.massKg,
      error: tensorError(got, exact.inertiaKgM2),
      exact: exact.inertiaKgM2,
      rapier: got,
    });
  });
  return rows;
}

/** Each collider's intended mass, read before anything is stepped (colliders as built). */
function colliderMasses(world: World): Map<number, number> {
  const m = new Map<number, number>();
  world.forEachCollider((c) => m.set(c.handle, c.mass()));
  return m;
}

async function humanoid(urdf: string): Promise<SimWorld> {
  const sim = await SimWorld.create();
  const robot = new SimRobot(sim, {
    id: 'picker',
    model: await loadUrdf(new URL(`../../hardware/robots/${urdf}`, import.meta.url).pathname),
    rootInWorld: makePose([0, 0, 0.05]),
  });
  await robot.connect();
  return sim;
}

const fmt = (t: Tensor3) => [t[0], t[4], t[8], t[1], t[2], t[5]].map((x) => x.toExponential(2)).join(' ');

describe('inertia audit of the sim dynamic bodies with several colliders', () => {
  for (const [label, build] of [
    ['wheeled humanoid (hands, gripper fingers)', () => humanoid('wheeled-humanoid.urdf')],
    ['biped humanoid', () => humanoid('biped-humanoid.urdf')],
    ['ur arm', () => humanoid('ur-arm.urdf')],
    [
      'gripper rig',
      async () => {
        const sim = await makeWorld();
        gripperRig(sim, makePose([0, 0, 0.3]));
        return sim;
      },
    ],
    [
      'suction rig',
      async () => {
        const sim = await makeWorld();
        suctionRig(sim, makePose([0, 0, 0.3]));
        return sim;
      },
    ],
    ...['tabletop', 'retail-aisle', 'store', 'grasp-bin', 'biped-tabletop'].map(
      (name) =>
        [
          `scene ${name}`,
          async () =>
            (
              await createSimulation(await loadScene(new URL(`../../scenes/${name}.yaml`, import.meta.url).pathname), {
                seed: 1,
              })
            ).sim,
        ] as const,
    ),
  ] as const) {
    it(`${label}: Rapier's tensor is the exact parallel-axis sum`, async () => {
      const sim = await build();
      const masses = colliderMasses(sim.world);
      sim.world.step();
      const counts = new Map<number, number>(); // colliders per dynamic body → bodies
      sim.world.forEachRigidBody((b) => {
        if (b.isDynamic()) counts.set(b.numColliders(), (counts.get(b.numColliders()) ?? 0) + 1);
      });
      const summary = [...counts].map(([n, bodies]) => `${bodies} with ${n} collider${n === 1 ? '' : 's'}`);
      console.log(`${label} | dynamic bodies: ${summary.join(', ')}`);
      expect(counts.size).toBeGreaterThan(0); // the world has the hand and its fingers at least
      const rows = auditWorld(sim.rapier, sim.world, sim.colliderNames, masses);
      for (const r of rows)
        console.log(
          `${label} | ${r.name} | ${r.colliders} colliders | ${r.massKg.toFixed(3)} kg | error ${(100 * r.error).toFixed(1)} % | exact ${fmt(r.exact)} | rapier ${fmt(r.rapier)}`,
        );
      if (rows.length === 0) console.log(`${label} | no dynamic body with several colliders`);
      for (const r of rows) expect(r.error, r.name).toBeLessThan(1e-3);
    });
  }

  it('grasp-trial worlds (datagen): every finger and object body, each effector model', async () => {
    const rapier = await loadRapier();
    for (const effector of [EMBODY_JAW_80MM, PANDA_HAND, SUCTION_30MM]) {
      const object = { shape: { kind: 'box', halfExtentsM: [0.03, 0.02, 0.05] }, massKg: 0.3 } as const;
      const { world } = buildTrialWorld(rapier, object, effector);
      const masses = colliderMasses(world);
      let dynamic = 0;
      world.forEachRigidBody((b) => {
        if (b.isDynamic()) dynamic++;
      });
      world.step();
      const rows = auditWorld(rapier, world, new Map(), masses);
      console.log(`trial world ${effector.kind} | ${dynamic} dynamic bodies, ${rows.length} with several colliders`);
      expect(dynamic).toBeGreaterThan(0);
      for (const r of rows) expect(r.error, r.name).toBeLessThan(1e-3);
      world.free();
    }
  });
});
