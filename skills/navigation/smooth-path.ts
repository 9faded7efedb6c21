import type { Vector2 } from 'three';
import type { InflatedGrid } from '../../src/world/navigation/inflated-grid.ts';
import { lineOfSight } from './line-of-sight.ts';

/**
 * Line-of-sight shortcutting: from each kept waypoint, jump to the farthest later waypoint it can see, so a
 * staircase of grid cells becomes a few straight legs. Endpoints are kept; the result never crosses a cell the
 * input path did not already prove reachable through free space.
 */
export function smoothPath(inflated: InflatedGrid, points: readonly Vector2[]): Vector2[] {
  if (points.length <= 2) return points.map((p) => p.clone());
  const kept = [points[0]!.clone()];
  let anchor = 0;
  while (anchor < points.length - 1) {
    let next = anchor + 1;
    // Scan from the far end so one long view wins over many short ones.
    for (let j = points.length - 1; j > anchor + 1; j--) {
      if (lineOfSight(inflated, points[anchor]!, points[j]!)) {
        next = j;
        break;
      }
    }
    kept.push(points[next]!.clone());
    anchor = next;
  }
  return kept;
}

/** Drops waypoints that lie on the straight line between their neighbours (within `toleranceM`). */
export function dropCollinear(points: readonly Vector2[], toleranceM = 1e-6): Vector2[] {
  if (points.length <= 2) return points.map((p) => p.clone());
  const out = [points[0]!.clone()];
  for (let i = 1; i < points.length - 1; i++) {
    const a = out[out.length - 1]!;
    const b = points[i]!;
    const c = points[i + 1]!;
    const cross = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    const length = Math.hypot(c.x - a.x, c.y - a.y);
    if (length === 0 || Math.abs(cross) / length > toleranceM) out.push(b.clone());
  }
  out.push(points[points.length - 1]!.clone());
  return out;
}
