import { fileURLToPath } from 'node:url';
import { Vector2 } from 'three';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFixtureBoxes } from '../../scenes/fixture-geometry.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import type { ResolvedScene } from '../../scenes/schema.ts';
import { navigate } from '../../skills/navigate.ts';
import { goalPose2D } from '../../skills/navigation/goal.ts';
import { segmentPolygonDistance } from '../../src/math/footprint.ts';
import { NavigationMap } from '../../src/world/navigation/navigation-map.ts';
import { planPath } from '../../skills/navigation/plan-path.ts';
import { pose2DToPose } from '../../src/math/pose.ts';
import { navHarness, runToEnd } from './navigation/navigate-harness.ts';

const SCENE = fileURLToPath(new URL('../../scenes/retail-aisle.yaml', import.meta.url));
// The wheeled humanoid's base is a 0.6 × 0.5 m box: a disc of radius hypot(0.3, 0.25) = 0.39 m covers it.
const FOOTPRINT_M = Math.hypot(0.3, 0.25);

describe('navigate on the retail aisle', () => {
  let scene: ResolvedScene;
  let map: NavigationMap;

  beforeAll(async () => {
    scene = await loadScene(SCENE);
    map = NavigationMap.fromBoxes(allFixtureBoxes(scene.fixtures), { robotHeightM: 1.8 });
  });

  /** Smallest distance from a polyline to any static outline in the robot's height band. */
  const clearanceOf = (points: readonly Vector2[]): number => {
    let best = Infinity;
    for (let i = 0; i < points.length - 1; i++) {
      for (const outline of map.outlines)
        best = Math.min(best, segmentPolygonDistance(points[i]!, points[i + 1]!, outline));
    }
    return best;
  };

  it('rasterises the shelves, the cart and the tote but not the floor', () => {
    expect(map.rasterisedIds).not.toContain('floor/slab');
    expect(map.rasterisedIds).toContain('aisle-a/side-left');
    expect(map.rasterisedIds).toContain('cart/top');
    expect(map.rasterisedIds.some((id) => id.startsWith('stock-tote/'))).toBe(true);
  });

  it('plans from the robot start to every base stand-off, clear of the shelves', () => {
    const start = scene.robots[0]!.basePoseInWorld.position;
    const standOffs = scene.places.filter((p) => p.tags.includes('base-stand-off'));
    expect(standOffs.length).toBeGreaterThanOrEqual(7);
    for (const place of standOffs) {
      const goal = goalPose2D(place.poseInWorld);
      const plan = planPath(map, {
        start: new Vector2(start.x, start.y),
        goal: new Vector2(goal.x, goal.y),
        footprintRadiusM: FOOTPRINT_M,
      });
      if (!plan.ok) throw new Error(`${place.name}: ${plan.message}`);
      expect(clearanceOf(plan.waypoints), place.name).toBeGreaterThanOrEqual(FOOTPRINT_M);
    }
  });

  it('drives 2+ m from the cart stand-off past the aisle end, around nothing it should not touch', () => {
    const from = goalPose2D(scene.places.find((p) => p.name === 'stand/cart')!.poseInWorld);
    const goal = goalPose2D(scene.places.find((p) => p.name === 'stand/aisle-b/left')!.poseInWorld);
    const far = { x: 0, y: -1.6, yawRad: 0 };
    const h = navHarness({ start: from, limits: { footprintRadiusM: FOOTPRINT_M }, map, places: scene.places });
    const trail: Vector2[] = [];
    h.base.pose$.subscribe((p) => trail.push(new Vector2(p.x, p.y)));

    const first = runToEnd(navigate({ goal: far }), h);
    expect(first.outcome.failure?.describe()).toBeUndefined();
    expect(first.events[0]!.data!.lengthM as number).toBeGreaterThan(2);
    const second = runToEnd(navigate({ goal: 'stand/aisle-b/left' }), h);
    expect(second.outcome.failure?.describe()).toBeUndefined();
    expect(pose2DToPose(h.base.pose)).toBeNearPose(pose2DToPose(goal), { posM: 0.03, rotRad: (3 * Math.PI) / 180 });
    // The odometry trail, sample by sample, keeps the footprint off every shelf, the cart and the tote.
    const closest = Math.min(...trail.map((p) => map.clearanceAt(p)));
    expect(closest).toBeGreaterThanOrEqual(FOOTPRINT_M);
  });
});
