import { Vector2 } from 'three';
import { describe, expect, it } from 'vitest';
import { aStar, octile } from '../../../skills/navigation/a-star.ts';
import { segmentPolygonDistance, boxFootprint } from '../../../src/math/footprint.ts';
import { inflate } from '../../../src/world/navigation/inflated-grid.ts';
import { lineOfSight } from '../../../skills/navigation/line-of-sight.ts';
import { NavigationMap } from '../../../src/world/navigation/navigation-map.ts';
import { OccupancyGrid } from '../../../src/world/navigation/occupancy-grid.ts';
import { planPath } from '../../../skills/navigation/plan-path.ts';
import { wallBox } from './nav-fixtures.ts';

const emptyGrid = (w: number, h: number): OccupancyGrid =>
  new OccupancyGrid({ originXM: 0, originYM: 0, resolutionM: 0.1, widthCells: w, heightCells: h });

describe('aStar', () => {
  it('finds the octile-optimal cost on open floor', () => {
    const inflated = inflate(emptyGrid(10, 10), 0);
    const result = aStar(inflated, [0, 0], [7, 3]);
    expect(result.costCells).toBeCloseTo(4 + 3 * Math.SQRT2, 9);
    expect(result.costCells).toBeCloseTo(octile(7, 3), 9);
    expect(result.cells?.[0]).toBe(0);
    expect(result.cells?.[result.cells.length - 1]).toBe(3 * 10 + 7);
  });

  it('does not cut a blocked corner diagonally', () => {
    const grid = emptyGrid(3, 3);
    grid.occupied[grid.index(1, 0)] = 1;
    // From (0,0) to (1,1): the diagonal passes the corner of the blocked (1,0), so it goes via (0,1): cost 2.
    const result = aStar(inflate(grid, 0), [0, 0], [1, 1]);
    expect(result.costCells).toBe(2);
    expect(result.cells).toEqual([0, 3, 4]);
  });

  it('reports no path when the goal is walled in', () => {
    const grid = emptyGrid(7, 7);
    for (let i = 2; i <= 4; i++)
      for (const [x, y] of [
        [i, 2],
        [i, 4],
        [2, i],
        [4, i],
      ] as const)
        grid.occupied[grid.index(x, y)] = 1;
    const result = aStar(inflate(grid, 0), [0, 0], [3, 3]);
    expect(result.cells).toBeUndefined();
    // Everything outside the ring was explored before giving up: 49 cells − 8 ring − 1 inside.
    expect(result.expanded).toBe(40);
  });
});

describe('lineOfSight', () => {
  const grid = emptyGrid(10, 10);
  grid.occupied[grid.index(5, 5)] = 1;
  const inflated = inflate(grid, 0);

  it('sees past an obstacle that is off the line', () => {
    expect(lineOfSight(inflated, new Vector2(0.05, 0.05), new Vector2(0.95, 0.35))).toBe(true);
  });

  it('is cut by an obstacle on the line', () => {
    expect(lineOfSight(inflated, new Vector2(0.05, 0.55), new Vector2(0.95, 0.55))).toBe(false);
  });

  it('does not slip through two diagonal obstacles meeting at a corner', () => {
    const g = emptyGrid(4, 4);
    g.occupied[g.index(1, 2)] = 1;
    g.occupied[g.index(2, 1)] = 1;
    expect(lineOfSight(inflate(g, 0), new Vector2(0.05, 0.05), new Vector2(0.35, 0.35))).toBe(false);
  });
});

describe('planPath', () => {
  // A 4 m wall along y = 2 from x = 0 to x = 4, open beyond x = 4; the grid spans x, y ∈ [0, 6] × [0, 4].
  const wall = wallBox('wall', 0, 1.95, 4, 2.05);
  const map = NavigationMap.fromBoxes([wall], { boundsM: [0, 0, 6, 4], resolutionM: 0.05 });
  const wallPolygon = boxFootprint(wall.poseInWorld, wall.halfExtentsM).polygon;

  it('goes around the wall with the footprint clear of it, in a few straight legs', () => {
    const result = planPath(map, { start: new Vector2(1, 1), goal: new Vector2(1, 3), footprintRadiusM: 0.3 });
    if (!result.ok) throw new Error(result.message);
    expect(result.waypoints[0]!.toArray()).toEqual([1, 1]);
    expect(result.waypoints[result.waypoints.length - 1]!.toArray()).toEqual([1, 3]);
    // Smoothing leaves a handful of legs (a few around the rounded end of the inflated wall), not ~150 cells.
    expect(result.waypoints.length).toBeLessThanOrEqual(8);
    // It must pass x ≥ 4.35 (wall end + inflation): no shorter than 2·hypot(3.35, 1) = 6.99 m; smoothing keeps
    // it within 12 % of that bound.
    expect(result.lengthM).toBeGreaterThan(6.99);
    expect(result.lengthM).toBeLessThan(7.8);
    for (let i = 0; i < result.waypoints.length - 1; i++) {
      expect(
        segmentPolygonDistance(result.waypoints[i]!, result.waypoints[i + 1]!, wallPolygon),
      ).toBeGreaterThanOrEqual(0.3);
    }
  });

  it('fails with a reason when the goal is too close to geometry', () => {
    const result = planPath(map, { start: new Vector2(1, 1), goal: new Vector2(1, 2.2), footprintRadiusM: 0.3 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.kind).toBe('goal-blocked');
  });

  it('fails out-of-bounds for a goal off the map', () => {
    const result = planPath(map, { start: new Vector2(1, 1), goal: new Vector2(9, 1), footprintRadiusM: 0.3 });
    expect(result.ok ? 'ok' : result.kind).toBe('out-of-bounds');
  });

  it('escapes a start inside the inflation to the nearest free cell first', () => {
    // 0.2 m from the wall face: inside the 0.35 m inflation, outside the wall itself.
    const result = planPath(map, { start: new Vector2(1, 1.75), goal: new Vector2(1, 0.5), footprintRadiusM: 0.3 });
    if (!result.ok) throw new Error(result.message);
    expect(result.escapedTo).toBeDefined();
    // The escape cell is straight away from the wall face, just outside the inflation.
    expect(result.escapedTo!.x).toBeCloseTo(1.025, 6);
    expect(result.escapedTo!.y).toBeLessThan(1.6);
    expect(result.escapedTo!.y).toBeGreaterThan(1.5);
    expect(result.waypoints[1]!.toArray()).toEqual(result.escapedTo!.toArray());
  });

  it('docks to a goal inside the margin with a straight last leg from the nearest free cell', () => {
    // 0.32 m below the wall face at y = 1.95: clear of the 0.3 m footprint, inside its 0.35 m inflation.
    const goal = new Vector2(1, 1.63);
    const result = planPath(map, { start: new Vector2(1, 0.5), goal, footprintRadiusM: 0.3 });
    if (!result.ok) throw new Error(result.message);
    expect(result.dockFrom).toBeDefined();
    expect(result.waypoints.at(-2)!.toArray()).toEqual(result.dockFrom!.toArray());
    expect(result.waypoints.at(-1)!.toArray()).toEqual([1, 1.63]);
    expect(result.dockFrom!.distanceTo(goal)).toBeLessThan(0.1);
    // The leg keeps the bare footprint off the wall.
    expect(segmentPolygonDistance(result.dockFrom!, goal, wallPolygon)).toBeGreaterThanOrEqual(0.3);
  });

  it('goes straight on a short hop along the wall inside the margin (a re-dock), without leaving the spot', () => {
    // Both ends 0.32 m below the wall face: clear of the footprint, inside the inflation, 4 cm apart.
    const start = new Vector2(1, 1.63);
    const goal = new Vector2(1.04, 1.63);
    const result = planPath(map, { start, goal, footprintRadiusM: 0.3 });
    if (!result.ok) throw new Error(result.message);
    expect(result.waypoints.map((p) => p.toArray())).toEqual([
      [1, 1.63],
      [1.04, 1.63],
    ]);
    expect(result.escapedTo).toBeUndefined();
    // A hop that would bring the footprint within 0.3 m of the wall still escapes and docks.
    const tight = planPath(map, { start, goal: new Vector2(1.04, 1.66), footprintRadiusM: 0.3 });
    expect(tight.ok).toBe(false);
    // A longer move inside the margin is planned as before.
    const far = planPath(map, { start, goal: new Vector2(1.5, 1.63), footprintRadiusM: 0.3 });
    if (!far.ok) throw new Error(far.message);
    expect(far.escapedTo).toBeDefined();
  });

  it('refuses a start inside the geometry itself', () => {
    const result = planPath(map, { start: new Vector2(1, 2), goal: new Vector2(1, 0.5), footprintRadiusM: 0.3 });
    expect(result.ok ? 'ok' : result.kind).toBe('start-in-obstacle');
  });

  it('routes around an extra obstacle polygon', () => {
    const open = NavigationMap.fromBoxes([], { boundsM: [0, 0, 4, 2], resolutionM: 0.05 });
    const box = [new Vector2(1.8, 0.6), new Vector2(2.2, 0.6), new Vector2(2.2, 1.4), new Vector2(1.8, 1.4)];
    const straight = planPath(open, { start: new Vector2(0.5, 1), goal: new Vector2(3.5, 1), footprintRadiusM: 0.2 });
    const around = planPath(open, {
      start: new Vector2(0.5, 1),
      goal: new Vector2(3.5, 1),
      footprintRadiusM: 0.2,
      obstacles: [box],
    });
    if (!straight.ok || !around.ok) throw new Error('expected both plans to succeed');
    expect(straight.waypoints).toHaveLength(2);
    expect(straight.lengthM).toBeCloseTo(3, 9);
    expect(around.lengthM).toBeGreaterThan(3.1);
    for (let i = 0; i < around.waypoints.length - 1; i++) {
      expect(segmentPolygonDistance(around.waypoints[i]!, around.waypoints[i + 1]!, box)).toBeGreaterThanOrEqual(0.2);
    }
  });
});
