import type { Vector2 } from 'three';
import { pointPolygonDistance } from '../../math/footprint.ts';
import type { OccupancyGrid } from './occupancy-grid.ts';

/**
 * The grid as a disc-shaped robot sees it: a cell is blocked when the robot's centre there would bring its
 * footprint (radius + margin) closer to geometry than `inflationM`. This is the configuration space the planner
 * searches.
 */
export interface InflatedGrid {
  readonly grid: OccupancyGrid;
  readonly inflationM: number;
  /** 1 where the robot's centre may not be. */
  readonly blocked: Uint8Array;
}

/** Inflates the grid's obstacles by `inflationM` (footprint radius + safety margin). */
export function inflate(grid: OccupancyGrid, inflationM: number): InflatedGrid {
  const blocked = new Uint8Array(grid.cellCount);
  const distances = grid.distances();
  const res = grid.resolutionM;
  for (let i = 0; i < blocked.length; i++) {
    const d = distances[i]!;
    // Same rule as OccupancyGrid.clearanceM, inlined for the whole grid.
    blocked[i] = d === 0 || d * res - res / 2 < inflationM ? 1 : 0;
  }
  return { grid, inflationM, blocked };
}

/**
 * A copy with extra obstacles (convex floor polygons, e.g. objects reported in the world model) blocked out to
 * the same inflation: cells whose centre is closer than inflation + half a cell to a polygon.
 */
export function withObstacles(base: InflatedGrid, polygons: readonly (readonly Vector2[])[]): InflatedGrid {
  if (polygons.length === 0) return base;
  const { grid, inflationM } = base;
  const blocked = base.blocked.slice();
  const reach = inflationM + grid.resolutionM / 2;
  for (const polygon of polygons) {
    if (polygon.length === 0) continue;
    const xs = polygon.map((p) => p.x);
    const ys = polygon.map((p) => p.y);
    const [x0, y0] = grid.cellOf(Math.min(...xs) - reach, Math.min(...ys) - reach);
    const [x1, y1] = grid.cellOf(Math.max(...xs) + reach, Math.max(...ys) + reach);
    for (let cy = Math.max(0, y0); cy <= Math.min(grid.heightCells - 1, y1); cy++) {
      for (let cx = Math.max(0, x0); cx <= Math.min(grid.widthCells - 1, x1); cx++) {
        if (pointPolygonDistance(grid.centreOf(cx, cy), polygon) < reach) blocked[grid.index(cx, cy)] = 1;
      }
    }
  }
  return { grid, inflationM, blocked };
}

/** Whether the robot's centre may be in cell (cx, cy); out of bounds is never free. */
export function isFree(inflated: InflatedGrid, cx: number, cy: number): boolean {
  return inflated.grid.inBounds(cx, cy) && inflated.blocked[inflated.grid.index(cx, cy)] === 0;
}
