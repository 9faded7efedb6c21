import { type Vector2 } from 'three';
import { aStar } from './a-star.ts';
import { isFree, withObstacles, type InflatedGrid } from '../../src/world/navigation/inflated-grid.ts';
import type { NavigationMap } from '../../src/world/navigation/navigation-map.ts';
import { dropCollinear, smoothPath } from './smooth-path.ts';

export interface PlanRequest {
  readonly start: Vector2;
  readonly goal: Vector2;
  readonly footprintRadiusM: number;
  /** Extra convex floor polygons to avoid (world-model obstacles), inflated like the static geometry. */
  readonly obstacles?: readonly (readonly Vector2[])[];
  /**
   * Longest straight leg out of the inflation from the start, or into it to a goal that has room for the bare
   * footprint (a stand-off close to a shelf), m. Default 0.5.
   */
  readonly escapeRadiusM?: number;
}

/** Why no plan came out, each a `no-path` for the skill with a message a person can act on. */
export type PlanFailureKind = 'out-of-bounds' | 'start-in-obstacle' | 'start-boxed-in' | 'goal-blocked' | 'unreachable';

export type PlanResult =
  | {
      readonly ok: true;
      /** Smoothed waypoints in world m, from the start to the goal. */
      readonly waypoints: readonly Vector2[];
      readonly lengthM: number;
      /** Cells the search expanded. */
      readonly expanded: number;
      /** The free cell centre the path escapes to first when the start was inside the inflation. */
      readonly escapedTo?: Vector2;
      /** The free cell centre the last, docking leg starts from when the goal is inside the inflation. */
      readonly dockFrom?: Vector2;
    }
  | { readonly ok: false; readonly kind: PlanFailureKind; readonly message: string };

/** Longest move that goes straight when it starts or ends inside the inflation and the footprint stays clear, m. */
const SHORT_HOP_M = 0.15;

/**
 * Plans a collision-free path for a disc robot: validates start and goal against the inflated grid, escapes a
 * start that is merely too close to geometry, docks to a goal that is inside the margin but clear of the
 * footprint, runs A* and shortcuts the free stretch by line of sight.
 */
export function planPath(map: NavigationMap, request: PlanRequest): PlanResult {
  const inflated = withObstacles(map.inflatedFor(request.footprintRadiusM), request.obstacles ?? []);
  const { grid } = inflated;
  const { start, goal } = request;
  const startCell = grid.cellOf(start.x, start.y);
  const goalCell = grid.cellOf(goal.x, goal.y);
  const escapeRadiusM = request.escapeRadiusM ?? 0.5;
  const fmt = (p: Vector2): string => `(${p.x.toFixed(2)}, ${p.y.toFixed(2)})`;
  for (const [what, point, cell] of [
    ['start', start, startCell],
    ['goal', goal, goalCell],
  ] as const) {
    if (!grid.inBounds(cell[0], cell[1])) {
      return { ok: false, kind: 'out-of-bounds', message: `${what} ${fmt(point)} is outside the navigation map` };
    }
  }
  // A short hop from or to a spot inside the inflation (a re-dock at a shelf or the tote) with room for the footprint
  // all the way goes straight: through the escape and dock cells it would leave the spot and come back, a detour of
  // several centimetres for a move of a few millimetres, which the follower then has to settle at both ends.
  const obstaclesNow = request.obstacles ?? [];
  if (
    (!isFree(inflated, startCell[0], startCell[1]) || !isFree(inflated, goalCell[0], goalCell[1])) &&
    start.distanceTo(goal) <= SHORT_HOP_M &&
    legClear(map, start, goal, request.footprintRadiusM, obstaclesNow)
  ) {
    return { ok: true, waypoints: [start.clone(), goal.clone()], lengthM: start.distanceTo(goal), expanded: 0 };
  }
  // A goal inside the inflation but with room for the footprint itself (a stand-off in front of a shelf) is
  // docked to: plan to the nearest free cell, then a straight leg that keeps the footprint clear.
  let searchTo = goalCell;
  let dockFrom: Vector2 | undefined;
  if (!isFree(inflated, goalCell[0], goalCell[1])) {
    const obstacles = request.obstacles ?? [];
    const clearance = map.clearanceAt(goal, obstacles);
    const dock = nearestFreeCell(inflated, goalCell, escapeRadiusM);
    const dockCentre = dock && grid.centreOf(dock[0], dock[1]);
    if (
      clearance < request.footprintRadiusM ||
      !dock ||
      !dockCentre ||
      !legClear(map, dockCentre, goal, request.footprintRadiusM, obstacles)
    ) {
      const message =
        clearance < request.footprintRadiusM
          ? `goal ${fmt(goal)} leaves ${clearance.toFixed(2)} m to geometry or an obstacle; the footprint needs ${request.footprintRadiusM.toFixed(2)} m`
          : `goal ${fmt(goal)} is within the ${inflated.inflationM.toFixed(2)} m inflation and no clear straight leg of ≤ ${escapeRadiusM.toFixed(2)} m leads to it`;
      return { ok: false, kind: 'goal-blocked', message };
    }
    searchTo = dock;
    dockFrom = dockCentre;
  }
  let searchFrom = startCell;
  let escapedTo: Vector2 | undefined;
  if (!isFree(inflated, startCell[0], startCell[1])) {
    if (grid.isOccupied(startCell[0], startCell[1])) {
      return { ok: false, kind: 'start-in-obstacle', message: `start ${fmt(start)} is inside static geometry` };
    }
    const escape = nearestFreeCell(inflated, startCell, escapeRadiusM);
    if (!escape) {
      return {
        ok: false,
        kind: 'start-boxed-in',
        message: `start ${fmt(start)} has no free cell within ${escapeRadiusM.toFixed(2)} m`,
      };
    }
    searchFrom = escape;
    escapedTo = grid.centreOf(escape[0], escape[1]);
  }
  const search = aStar(inflated, searchFrom, searchTo);
  if (!search.cells) {
    return { ok: false, kind: 'unreachable', message: `no collision-free path from ${fmt(start)} to ${fmt(goal)}` };
  }
  const cellPoints = search.cells.map((i) => grid.centreOf(i % grid.widthCells, Math.floor(i / grid.widthCells)));
  // The exact start and goal replace their cell centres; escape and dock cells stay as the ends of the free
  // stretch, which is the only part smoothing may shortcut.
  const free = [
    escapedTo ? cellPoints[0]! : start.clone(),
    ...cellPoints.slice(1, -1),
    dockFrom ? cellPoints[cellPoints.length - 1]! : goal.clone(),
  ];
  const smoothed = smoothPath(inflated, dropCollinear(free));
  const waypoints = [...(escapedTo ? [start.clone()] : []), ...smoothed, ...(dockFrom ? [goal.clone()] : [])];
  const deduped = waypoints.filter((p, i) => i === 0 || p.distanceTo(waypoints[i - 1]!) > 1e-9);
  return {
    ok: true,
    waypoints: deduped,
    lengthM: polylineLength(deduped),
    expanded: search.expanded,
    ...(escapedTo ? { escapedTo } : {}),
    ...(dockFrom ? { dockFrom } : {}),
  };
}

/** Whether a disc of `radiusM` moved along a→b stays clear of the map's outlines and the extra polygons. */
function legClear(
  map: NavigationMap,
  a: Vector2,
  b: Vector2,
  radiusM: number,
  extra: readonly (readonly Vector2[])[],
): boolean {
  const steps = Math.max(1, Math.ceil(a.distanceTo(b) / 0.01));
  for (let i = 0; i <= steps; i++) {
    if (map.clearanceAt(a.clone().lerp(b, i / steps), extra) < radiusM) return false;
  }
  return true;
}

function polylineLength(points: readonly Vector2[]): number {
  let length = 0;
  for (let i = 1; i < points.length; i++) length += points[i]!.distanceTo(points[i - 1]!);
  return length;
}

/** Breadth-first by rings: the free cell whose centre is nearest the start cell, within a radius. */
function nearestFreeCell(
  inflated: InflatedGrid,
  from: readonly [number, number],
  radiusM: number,
): [number, number] | undefined {
  const { grid } = inflated;
  const maxRing = Math.ceil(radiusM / grid.resolutionM);
  let best: [number, number] | undefined;
  let bestD = Infinity;
  for (let ring = 1; ring <= maxRing; ring++) {
    for (let dy = -ring; dy <= ring; dy++) {
      for (let dx = -ring; dx <= ring; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const d = Math.hypot(dx, dy);
        if (d * grid.resolutionM > radiusM || d >= bestD) continue;
        if (isFree(inflated, from[0] + dx, from[1] + dy)) {
          best = [from[0] + dx, from[1] + dy];
          bestD = d;
        }
      }
    }
    // Cells on later rings are at least ring + 1 cells away, so a find at most that far cannot be beaten.
    if (best && bestD <= ring + 1) break;
  }
  return best;
}
