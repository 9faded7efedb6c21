import { Euler, Quaternion, Vector3 } from 'three';
import { afterEach, describe, expect, it } from 'vitest';
import { allFixtureBoxes } from '../../scenes/fixture-geometry.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import { addStaticBox } from '../../sim/bodies.ts';
import { createSimulation, type Simulation } from '../../sim/build-scene.ts';
import { rapierSceneQuery } from '../../sim/scene-query.ts';
import { servicesForScene } from '../../scenes/skill-services.ts';
import { boxSceneQuery } from '../../src/world/box-scene-query.ts';
import { makePose, type Pose } from '../../src/math/pose.ts';
import { seededRandom } from '../../src/math/random.ts';
import { robotMount } from '../../src/world/services.ts';
import type { SceneQuery } from '../../src/world/scene-query.ts';

const scenePath = (name: string): string => new URL(`../../scenes/${name}.yaml`, import.meta.url).pathname;
const DOWN = new Vector3(0, 0, -1);
const PLUS_X = new Vector3(1, 0, 0);
/** A flat box, thin along z: thin so the box query's sampled sweep steps 2 mm and agrees to that. */
const FLAT: [number, number, number] = [0.03, 0.03, 0.004];
/** Agreement wanted between the Rapier cast and the box query's sampled sweep, m. */
const AGREE_M = 0.003;

const at = (x: number, y: number, z: number): Pose => makePose([x, y, z]);

interface Queries {
  readonly s: Simulation;
  readonly rapier: SceneQuery;
  readonly box: SceneQuery;
}

let open: Simulation | undefined;
afterEach(() => {
  open?.free();
  open = undefined;
});

/** A scene in the sim, settled, with both queries over it. */
async function settled(name: string, settleMs = 500): Promise<Queries> {
  const scene = await loadScene(scenePath(name));
  const s = await createSimulation(scene, { seed: 7 });
  open = s;
  s.sim.runFor(settleMs);
  return { s, rapier: rapierSceneQuery(s.sim), box: boxSceneQuery(allFixtureBoxes(scene.fixtures), s.worldModel) };
}

function expectAgree(
  q: Queries,
  pose: Pose,
  half: [number, number, number],
  direction: Vector3,
  distanceM: number,
  what: string,
  ignore: string[] = [],
): number {
  const fromRapier = q.rapier.castBox(pose, half, direction, distanceM, ignore);
  const fromBoxes = q.box.castBox(pose, half, direction, distanceM, ignore);
  expect(fromRapier?.what).toBe(what);
  expect(fromBoxes?.what).toBe(what);
  expect(Math.abs(fromRapier!.distanceM - fromBoxes!.distanceM)).toBeLessThan(AGREE_M);
  return fromRapier!.distanceM;
}

describe('rapierSceneQuery on the tabletop', () => {
  it('agrees with the box query on the table top and on an object, and reports each by name', async () => {
    const q = await settled('tabletop');
    // The table top's upper face is at 0.75 m: the flat box's bottom (z − 4 mm) reaches it after 0.246 m, and is
    // a hit 2 mm later (touching is not colliding).
    const table = expectAgree(q, at(-0.2, 0.25, 1.0), FLAT, DOWN, 0.5, 'table/top');
    expect(table).toBeCloseTo(1.0 - 0.004 - 0.75 + 0.002, 2);
    // box-1 (5 cm cube) rests on the table: its top face is at 0.80 m.
    const box = expectAgree(q, at(0.05, 0, 1.0), FLAT, DOWN, 0.5, 'object box-1');
    expect(box).toBeCloseTo(1.0 - 0.004 - 0.8 + 0.002, 2);
    // The can's flat top (z = 0.865) is where its bounding box and its cylinder agree.
    expectAgree(q, at(0.1, -0.25, 1.0), [0.01, 0.01, 0.004], DOWN, 0.5, 'object can-1');
    // Any orientation: the flat box yawed 30° and tilted 20° about x, so a lower edge leads.
    const tilted = makePose([-0.2, 0.25, 1.0], new Quaternion().setFromEuler(new Euler(0.35, 0, 0.52)));
    expectAgree(q, tilted, FLAT, DOWN, 0.5, 'table/top');
  });

  it('skips ignored objects, the robot and sweeps that end short of the surface', async () => {
    const q = await settled('tabletop');
    const onBox = q.rapier.castBox(at(0.05, 0, 1.0), FLAT, DOWN, 0.5, [])!;
    // Ignoring box-1, the sweep goes through it to the table under it.
    expect(q.rapier.castBox(at(0.05, 0, 1.0), FLAT, DOWN, 0.5, ['box-1'])?.what).toBe('table/top');
    // 1 mm short of the hit distance: nothing.
    expect(q.rapier.castBox(at(0.05, 0, 1.0), FLAT, DOWN, onBox.distanceM - 0.001, [])).toBeUndefined();
    // Straight down through the arm's base and upper links (mounted at x = -0.4 on the table): only the table.
    const throughArm = q.rapier.castBox(at(-0.4, 0, 1.6), FLAT, DOWN, 1.0, []);
    expect(throughArm?.what).toBe('table/top');
    expect(throughArm!.distanceM).toBeCloseTo(1.6 - 0.004 - 0.75 + 0.002, 2);
  });

  it('ignores every collider of the robot: links, hand and fingers', async () => {
    const q = await settled('tabletop');
    const robotColliders = [...q.s.sim.colliderNames].filter(
      ([, name]) => !name.startsWith('fixture ') && !name.startsWith('object '),
    );
    expect(robotColliders.length).toBeGreaterThan(5);
    for (const [handle, name] of robotColliders) {
      const c = q.s.sim.collider(handle).translation();
      // A 2 cm cube at the collider's own centre, not moving: overlapping the robot only.
      const hit = q.rapier.castBox(at(c.x, c.y, c.z), [0.01, 0.01, 0.01], DOWN, 0, []);
      expect(hit, name).toBeUndefined();
    }
  });

  it('counts touching as free and pressing in past 2 mm as a hit at once', async () => {
    const q = await settled('tabletop');
    const half: [number, number, number] = [0.02, 0.02, 0.02];
    // Resting on the table top (bottom face at 0.75 m, 1 mm in) and slid sideways: free.
    expect(q.rapier.castBox(at(-0.1, -0.1, 0.75 + 0.02 - 0.001), half, PLUS_X, 0.4, [])).toBeUndefined();
    // 4 mm into the table top: a hit at the start.
    const pressed = q.rapier.castBox(at(-0.1, -0.1, 0.75 + 0.02 - 0.004), half, PLUS_X, 0.4, []);
    expect(pressed?.what).toBe('table/top');
    expect(pressed!.distanceM).toBeLessThan(1e-6);
  });

  it('sees exact shapes: a sweep past a can but through its bounding box misses', async () => {
    const q = await settled('tabletop');
    // can-1 stands at (0.1, -0.25), r = 33 mm. A 6 mm column at 30 mm diagonally off its axis is 42 mm away from
    // it, outside the can and inside its square bounding box.
    const pose = at(0.1 + 0.03, -0.25 + 0.03, 1.0);
    const tiny: [number, number, number] = [0.003, 0.003, 0.003];
    expect(q.box.castBox(pose, tiny, DOWN, 0.5, [])?.what).toBe('object can-1');
    expect(q.rapier.castBox(pose, tiny, DOWN, 0.5, [])?.what).toBe('table/top');
  });

  it('follows objects as physics moves them and as their pose is set', async () => {
    const q = await settled('tabletop');
    const box = q.s.sim.body(q.s.objects.get('box-1')!.bodyHandle);
    const before = box.translation();
    // Pushed along +y by physics: it slides, and comes to rest somewhere else on the table.
    box.setLinvel({ x: 0, y: 1.0, z: 0 }, true);
    q.s.sim.runFor(1500);
    const after = box.translation();
    expect(after.y - before.y).toBeGreaterThan(0.05);
    expect(q.rapier.castBox(at(after.x, after.y, 1.0), [0.01, 0.01, 0.004], DOWN, 0.5, [])?.what).toBe('object box-1');
    expect(q.rapier.castBox(at(before.x, before.y, 1.0), [0.01, 0.01, 0.004], DOWN, 0.5, [])?.what).toBe('table/top');
    // Set by hand to the table's far corner: hit there once a step has run (Rapier's broad phase moves with steps).
    box.setTranslation({ x: 0.45, y: -0.3, z: 0.776 }, true);
    q.s.sim.step();
    expect(q.rapier.castBox(at(0.45, -0.3, 1.0), [0.01, 0.01, 0.004], DOWN, 0.5, [])?.what).toBe('object box-1');
  });

  it('answers before the first step (no broad phase yet) as after it', async () => {
    const scene = await loadScene(scenePath('tabletop'));
    const s = await createSimulation(scene, { seed: 7 });
    open = s;
    const query = rapierSceneQuery(s.sim);
    const casts = [
      () => query.castBox(at(-0.2, 0.25, 1.0), FLAT, DOWN, 0.5, []),
      () => query.castBox(at(0.05, 0, 1.0), FLAT, DOWN, 0.5, []),
      () => query.castBox(at(0.05, 0, 1.0), FLAT, DOWN, 0.5, ['box-1']),
      () => query.castBox(at(-0.4, 0, 1.6), FLAT, DOWN, 1.0, []),
    ];
    expect(s.sim.stepCount).toBe(0);
    const first = casts.map((c) => c());
    s.sim.step();
    const second = casts.map((c) => c());
    expect(first.map((h) => h?.what)).toEqual(['table/top', 'object box-1', 'table/top', 'table/top']);
    expect(second.map((h) => h?.what)).toEqual(first.map((h) => h?.what));
    first.forEach((h, i) => expect(Math.abs(h!.distanceM - second[i]!.distanceM)).toBeLessThan(0.001));
  });

  it('is what createSimulation provides, with the robot mounts, and servicesForScene keeps it', async () => {
    const scene = await loadScene(scenePath('tabletop'));
    const s = await createSimulation(scene, { seed: 7 });
    open = s;
    const registered = s.services.sceneQuery;
    expect(registered).toBeDefined();
    const services = servicesForScene(scene, s.worldModel, s.services);
    expect(services.sceneQuery).toBe(registered);
    // Told apart from the box query by the can's bounding-box corner, which only the box query hits.
    expect(registered!.castBox(at(0.13, -0.22, 1.0), [0.003, 0.003, 0.003], DOWN, 0.5, [])?.what).toBe('table/top');
    const mount = robotMount(services, 'ur')!;
    const expected = scene.robots[0]!.basePoseInWorld;
    expect(mount.position.distanceTo(expected.position)).toBeLessThan(1e-9);
    expect(mount.position.z).toBeCloseTo(0.75, 6);
    expect(mount.quaternion.angleTo(expected.quaternion)).toBeLessThan(1e-9);
  });
});

describe('rapierSceneQuery in the retail aisle', () => {
  it('agrees with the box query on a shelf board, a tote wall and a shelved product', async () => {
    const q = await settled('retail-aisle');
    // aisle-a level 2 (board-2, top face at 0.60 m) is empty in slots 5 and 6 (y < 0): down onto the bare board.
    expectAgree(q, at(0.95, -0.6, 0.9), FLAT, DOWN, 0.5, 'aisle-a/board-2');
    // In the stock tote, between the two rows of cans and above them, along +x to the inner face of wall-px
    // (x = 0.28): a box 4 mm thin along x.
    const wall = expectAgree(q, at(0, 1.5, 0.77), [0.004, 0.01, 0.02], PLUS_X, 0.5, 'stock-tote/wall-px');
    expect(wall).toBeCloseTo(0.28 - 0.004 + 0.002, 2);
    // A product on aisle-a level 1, from above.
    const product = q.s.scene.objects.find((o) => o.id === 'aisle-a/level-1/slot-1/detergent-bottle-1')!;
    const p = q.s.worldModel.object(product.id)!.poseInWorld.position;
    expectAgree(q, at(p.x, p.y, 0.5), [0.01, 0.01, 0.004], DOWN, 0.4, `object ${product.id}`);
  });

  it('lets boxes slide in under a shelf board they do not touch (a plain cuboid cast reports most as hits)', async () => {
    const scene = await loadScene(scenePath('retail-aisle'));
    const s = await createSimulation(scene, { seed: 7 });
    open = s;
    const query = s.services.sceneQuery!;
    const random = seededRandom(5);
    // Slots 5 and 6 of aisle-a's level 2 are empty; board-3's underside is at 1.025 m. Boxes 4 mm under it, pushed
    // into the shelf along +x from 8 cm in front of its edge, meet only the back panel (inner face at x = 1.18).
    const slides = Array.from({ length: 20 }, () => {
      const half: [number, number, number] = [
        random.uniform(0.01, 0.04),
        random.uniform(0.01, 0.07),
        random.uniform(0.01, 0.04),
      ];
      return { pose: at(0.72 - half[0], random.uniform(-0.75, -0.4), 1.025 - 0.004 - half[2]), half };
    });
    const slide = (): (string | undefined)[] =>
      slides.map(({ pose, half }) => {
        const hit = query.castBox(pose, half, PLUS_X, 0.6, []);
        return hit && Math.abs(hit.distanceM - (1.18 - 0.72 + 0.002)) < 0.001
          ? hit.what
          : `${hit?.what} at ${hit?.distanceM}`;
      });
    const backOnly = slides.map(() => 'aisle-a/back');
    // Before the first step (collider by collider), then through the broad phase.
    expect(slide()).toEqual(backOnly);
    s.sim.runFor(300);
    expect(slide()).toEqual(backOnly);
  });

  it('ignores the humanoid and a held product, and stops short of the board by 1 mm', async () => {
    const q = await settled('retail-aisle');
    // The humanoid stands at the origin: a sweep down through it meets only the floor.
    const floor = q.rapier.castBox(at(0, 0, 2.0), FLAT, DOWN, 2.5, []);
    expect(floor?.what).toBe('floor/slab');
    expect(floor!.distanceM).toBeCloseTo(2.0 - 0.004 + 0.002, 2);
    const board = q.rapier.castBox(at(0.95, -0.6, 0.9), FLAT, DOWN, 0.5, [])!;
    expect(q.rapier.castBox(at(0.95, -0.6, 0.9), FLAT, DOWN, board.distanceM - 0.001, [])).toBeUndefined();
    const id = 'aisle-a/level-1/slot-1/detergent-bottle-1';
    const p = q.s.worldModel.object(id)!.poseInWorld.position;
    expect(q.rapier.castBox(at(p.x, p.y, 0.5), [0.01, 0.01, 0.004], DOWN, 0.4, [id])?.what).toBe('aisle-a/board-1');
  });

  it('keeps answering from the live world after a snapshot restore', async () => {
    const q = await settled('retail-aisle', 100);
    const snapshot = q.s.sim.takeSnapshot();
    const body = q.s.sim.body(q.s.objects.get('stock-tote/can-330ml-3')!.bodyHandle);
    body.setTranslation({ x: 0, y: 0.9, z: 0.3 }, true);
    q.s.sim.step();
    const column = at(0, 0.9, 0.6);
    expect(q.rapier.castBox(column, [0.01, 0.01, 0.004], DOWN, 0.6, [])?.what).toBe('object stock-tote/can-330ml-3');
    q.s.sim.restoreSnapshot(snapshot);
    expect(q.rapier.castBox(column, [0.01, 0.01, 0.004], DOWN, 0.6, [])?.what).toBe('floor/slab');
    expect(q.rapier.castBox(at(0, 1.447, 0.9), [0.01, 0.01, 0.004], DOWN, 0.4, [])?.what).toBe(
      'object stock-tote/can-330ml-3',
    );
  });
});

describe('rapierSceneQuery: broad phase and collider-by-collider casts', () => {
  it('give the same answers on seeded random sweeps and overlap tests in the aisle', async () => {
    const q = await settled('retail-aisle', 300);
    const random = seededRandom(11);
    const casts = Array.from({ length: 150 }, () => {
      const side = random.next() < 0.5 ? 1 : -1;
      const pose = at(side * random.uniform(0.55, 0.95), random.uniform(-0.85, 0.85), random.uniform(0.2, 1.8));
      const half: [number, number, number] = [
        random.uniform(0.01, 0.04),
        random.uniform(0.01, 0.07),
        random.uniform(0.01, 0.04),
      ];
      // A third are overlap tests (length 0), as the arm sweep makes them.
      const distanceM = random.next() < 0.33 ? 0 : random.uniform(0.05, 0.3);
      return () => q.rapier.castBox(pose, half, new Vector3(side, 0, 0), distanceM, []);
    });
    const throughBroadPhase = casts.map((c) => c());
    // A collider added since the last step is not in Rapier's broad phase yet, so the query casts one by one.
    addStaticBox(q.s.sim, { id: 'far/away', poseInWorld: at(0, 0, -50), halfExtentsM: [0.1, 0.1, 0.1], friction: 0.5 });
    const oneByOne = casts.map((c) => c());
    const hits = throughBroadPhase.filter((h) => h !== undefined).length;
    expect(hits).toBeGreaterThan(40);
    expect(hits).toBeLessThan(140);
    throughBroadPhase.forEach((h, i) => {
      const other = oneByOne[i];
      expect(other === undefined, `cast ${i}`).toBe(h === undefined);
      if (h && other) expect(Math.abs(h.distanceM - other.distanceM), `cast ${i}`).toBeLessThan(1e-4);
    });
    // Which of two things touched at the same instant is reported may differ; the rest name the same thing.
    const sameWhat = throughBroadPhase.filter((h, i) => h?.what === oneByOne[i]?.what).length;
    expect(sameWhat).toBeGreaterThan(140);
  });
});
