// Navigation benchmark: map build, plan time on the retail aisle, and the cost of one control tick.
import { fileURLToPath } from 'node:url';
import { Vector2 } from 'three';
import type { BaseLimits } from '../hardware/mobile-base.ts';
import { allFixtureBoxes } from '../scenes/fixture-geometry.ts';
import { loadScene } from '../scenes/load-scene.ts';
import { differentialFollower } from '../skills/navigation/differential-follower.ts';
import type { PathFollower } from '../skills/navigation/follower.ts';
import { goalPose2D } from '../skills/navigation/goal.ts';
import { holonomicFollower } from '../skills/navigation/holonomic-follower.ts';
import { NavigationMap } from '../src/world/navigation/navigation-map.ts';
import { planPath } from '../skills/navigation/plan-path.ts';
import { PolylinePath } from '../skills/navigation/polyline-path.ts';
import { obstacleOnPath, worldObstacles } from '../skills/navigation/world-obstacles.ts';
import type { Pose2D } from '../src/math/pose.ts';
import { InMemoryWorldModel } from '../src/world/in-memory-world-model.ts';
import { makePose } from '../src/math/pose.ts';
import { fmt, median, percentile, timeRuns } from './stats.ts';

const SCENE = fileURLToPath(new URL('../scenes/retail-aisle.yaml', import.meta.url));
/** The wheeled humanoid's 0.6 × 0.5 m base, as a disc. */
const FOOTPRINT_M = Math.hypot(0.3, 0.25);
const LIMITS: BaseLimits = {
  maxLinearMps: 0.5,
  maxAngularRadps: 1,
  maxLinearAccelMps2: 0.5,
  footprintRadiusM: FOOTPRINT_M,
};

/** Prints map build time, median plan time on the retail aisle grid and the per-tick cost of the followers. */
export async function runNavigationBench(): Promise<void> {
  const scene = await loadScene(SCENE);
  const boxes = allFixtureBoxes(scene.fixtures);
  const buildMs = median(timeRuns(11, 2, () => NavigationMap.fromBoxes(boxes).inflatedFor(FOOTPRINT_M)));
  const map = NavigationMap.fromBoxes(boxes);
  map.inflatedFor(FOOTPRINT_M);
  const start = scene.robots[0]!.basePoseInWorld.position;
  // The robot start to every stand-off, and corner to corner of the map around or through the aisle.
  const routes: [Vector2, Vector2][] = scene.places
    .filter((p) => p.tags.includes('base-stand-off'))
    .map((p) => [new Vector2(start.x, start.y), new Vector2(goalPose2D(p.poseInWorld).x, goalPose2D(p.poseInWorld).y)]);
  const g = map.grid;
  const [x0, y0, x1, y1] = [
    g.originXM + 0.5,
    g.originYM + 0.5,
    g.originXM + g.widthCells * g.resolutionM - 0.5,
    g.originYM + g.heightCells * g.resolutionM - 0.5,
  ];
  routes.push(
    [new Vector2(x0, y0), new Vector2(x1, y1)],
    [new Vector2(x0, y1), new Vector2(x1, y0)],
    [new Vector2(x0, 0), new Vector2(x1, 0)],
  );
  const planTimes: number[] = [];
  let longest = 0;
  for (const [from, to] of routes) {
    const times = timeRuns(21, 3, () => {
      const plan = planPath(map, { start: from, goal: to, footprintRadiusM: FOOTPRINT_M });
      if (!plan.ok) throw new Error(`bench route failed: ${plan.message}`);
      longest = Math.max(longest, plan.lengthM);
    });
    planTimes.push(median(times));
  }
  console.log(
    `navigation (retail aisle, ${g.widthCells}×${g.heightCells} cells at ${g.resolutionM} m, ${map.rasterisedIds.length} boxes):`,
  );
  console.log(`  map build + inflation       median ${fmt(buildMs)} ms`);
  console.log(
    `  plan (A* + smoothing)       median ${fmt(median(planTimes))} ms  max ${fmt(Math.max(...planTimes))} ms` +
      `  over ${routes.length} routes (longest ${fmt(longest)} m)`,
  );
  for (const [name, make] of [
    ['holonomic', holonomicFollower],
    ['differential', differentialFollower],
  ] as const) {
    const ticks = tickCosts(make, map);
    console.log(
      `  ${name.padEnd(12)} control tick  median ${fmt(median(ticks) * 1000, 1)} us  p99 ${fmt(percentile(ticks, 99) * 1000, 1)} us` +
        `  (follower + obstacle check, 50 Hz budget 20 ms)`,
    );
  }
}

/** Wall time of each control tick's work along a planned corner-to-corner route, with three world obstacles to check. */
function tickCosts(
  make: (
    path: PolylinePath,
    goalYawRad: number,
    settings: { limits: BaseLimits; toleranceM: number; toleranceRad: number },
  ) => PathFollower,
  map: NavigationMap,
): number[] {
  const g = map.grid;
  const from = new Vector2(g.originXM + 0.5, g.originYM + 0.5);
  const to = new Vector2(
    g.originXM + g.widthCells * g.resolutionM - 0.5,
    g.originYM + g.heightCells * g.resolutionM - 0.5,
  );
  const plan = planPath(map, { start: from, goal: to, footprintRadiusM: FOOTPRINT_M });
  if (!plan.ok) throw new Error(plan.message);
  const path = new PolylinePath(plan.waypoints);
  const world = new InMemoryWorldModel();
  for (const [i, [x, y]] of [
    [5, 5],
    [-5, 5],
    [5, -5],
  ].entries()) {
    world.addObject({
      id: `cart-${i}`,
      shape: { kind: 'box', sizeM: [0.5, 0.5, 1] },
      poseInWorld: makePose([x!, y!, 0.5]),
      massKg: 20,
      friction: 0.5,
      tags: ['obstacle'],
    });
  }
  const follower = make(path, 0, { limits: LIMITS, toleranceM: 0.03, toleranceRad: 0.05 });
  let pose: Pose2D = { x: from.x, y: from.y, yawRad: 0 };
  const times: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const t0 = performance.now();
    const step = follower.step(pose, 0.02);
    obstacleOnPath(
      worldObstacles(world, [0.02, 1.8]),
      [new Vector2(pose.x, pose.y), ...path.remainingFrom(step.progressM)],
      FOOTPRINT_M,
    );
    times.push(performance.now() - t0);
    if (step.arrived) break;
    const { vxMps, vyMps, wzRadps } = step.twist;
    pose = {
      x: pose.x + (Math.cos(pose.yawRad) * vxMps - Math.sin(pose.yawRad) * vyMps) * 0.02,
      y: pose.y + (Math.sin(pose.yawRad) * vxMps + Math.cos(pose.yawRad) * vyMps) * 0.02,
      yawRad: pose.yawRad + wzRadps * 0.02,
    };
  }
  return times;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runNavigationBench();
}
