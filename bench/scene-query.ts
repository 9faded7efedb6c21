// Scene-query benchmark: the cost of one castBox on the retail aisle, Rapier shape casts against the box query.
import { fileURLToPath } from 'node:url';
import { Vector3 } from 'three';
import { allFixtureBoxes } from '../scenes/fixture-geometry.ts';
import { loadScene } from '../scenes/load-scene.ts';
import { createSimulation } from '../sim/build-scene.ts';
import { boxSceneQuery } from '../src/world/box-scene-query.ts';
import { makePose, type Pose } from '../src/math/pose.ts';
import { seededRandom } from '../src/math/random.ts';
import type { SceneQuery } from '../src/world/scene-query.ts';
import { fmt, median, timeRuns } from './stats.ts';

const SCENE = fileURLToPath(new URL('../scenes/retail-aisle.yaml', import.meta.url));
const CASTS = 400;
const RUNS = 15;

interface Cast {
  readonly pose: Pose;
  readonly half: [number, number, number];
  readonly direction: Vector3;
  readonly distanceM: number;
}

/**
 * Casts like the skills': hand-sized boxes swept 0–0.3 m into the shelves and the tote, and link-sized overlap
 * tests (distance 0), at seeded random places in front of the two shelving units and over the cart.
 */
function casts(seed: number): Cast[] {
  const random = seededRandom(seed);
  const out: Cast[] = [];
  for (let i = 0; i < CASTS; i++) {
    const side = random.next() < 0.5 ? 1 : -1;
    const overCart = random.next() < 0.2;
    const x = overCart ? random.uniform(-0.3, 0.3) : side * random.uniform(0.55, 0.95);
    const y = overCart ? random.uniform(1.3, 1.7) : random.uniform(-0.85, 0.85);
    const z = overCart ? random.uniform(0.65, 1.0) : random.uniform(0.2, 1.8);
    const direction = overCart ? new Vector3(0, 0, -1) : new Vector3(side, 0, 0);
    const overlap = random.next() < 0.3;
    out.push({
      pose: makePose([x, y, z]),
      half: [random.uniform(0.01, 0.04), random.uniform(0.01, 0.07), random.uniform(0.01, 0.04)],
      direction,
      distanceM: overlap ? 0 : random.uniform(0.05, 0.3),
    });
  }
  return out;
}

function usPerCast(query: SceneQuery, all: readonly Cast[]): number {
  const times = timeRuns(RUNS, 2, () => {
    for (const c of all) query.castBox(c.pose, c.half, c.direction, c.distanceM, []);
  });
  return (median(times) * 1000) / all.length;
}

/** Prints the median µs per castBox of the Rapier query (broad phase, and the exact pre-first-step path) and the box query. */
export async function runSceneQueryBench(): Promise<void> {
  const scene = await loadScene(SCENE);
  const fresh = await createSimulation(scene, { seed: 1 });
  const settled = await createSimulation(scene, { seed: 1 });
  settled.sim.runFor(500);
  const all = casts(1);
  // What createSimulation provides; before the first step it casts collider by collider (no broad phase yet).
  const rapier = settled.services.sceneQuery!;
  const exact = fresh.services.sceneQuery!;
  const box = boxSceneQuery(allFixtureBoxes(scene.fixtures), settled.worldModel);
  const rapierUs = usPerCast(rapier, all);
  const exactUs = usPerCast(exact, all);
  const boxUs = usPerCast(box, all);
  const verdicts = all.map((c) =>
    [rapier, box].map((q) => q.castBox(c.pose, c.half, c.direction, c.distanceM, [])?.what),
  );
  const hits = verdicts.filter(([r]) => r !== undefined).length;
  const agree = verdicts.filter(([r, b]) => r === b).length;
  console.log(
    `scene query (retail aisle, ${scene.objects.length} objects, ${settled.fixtures.length} fixture boxes, ${all.length} casts, ${hits} hit):`,
  );
  console.log(`  rapier castShape (broad phase)    median ${fmt(rapierUs, 1)} us per castBox`);
  console.log(`  rapier before first step (exact)  median ${fmt(exactUs, 1)} us per castBox`);
  console.log(
    `  box query (sampled OBB sweep)     median ${fmt(boxUs, 1)} us per castBox  (${fmt(boxUs / rapierUs, 1)}× rapier)`,
  );
  console.log(`  same answer (what, or a miss)     ${agree}/${all.length} casts`);
  fresh.free();
  settled.free();
}

if (import.meta.url === `file://${process.argv[1]}`) await runSceneQueryBench();
