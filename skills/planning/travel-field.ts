import type { Pose2D } from '../../src/math/pose.ts';
import type { NavigationMap } from '../../src/world/navigation/navigation-map.ts';
import { octile } from '../navigation/a-star.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';

/** How far from a blocked cell a stand-off may look for the free cell its docking leg starts from, cells. */
const DOCK_SEARCH_CELLS = 6;
const SQRT2 = Math.SQRT2;
const DX = [1, -1, 0, 0, 1, 1, -1, -1];
const DY = [0, 0, 1, -1, 1, -1, 1, -1];

/**
 * Driving distances from one base pose to every free cell of the navigation map (Dijkstra, 8-connected, no
 * corner cutting, as `navigate`'s A* moves), so a plan can weigh many stand-offs by the real drive, not by the
 * straight line: the far side of a cart at an aisle's end is a few metres by air and eleven by floor.
 */
export class TravelField {
  private readonly distanceCells: Float64Array;

  constructor(
    private readonly map: NavigationMap,
    footprintRadiusM: number,
    from: Pose2D,
  ) {
    const inflated = map.inflatedFor(footprintRadiusM);
    const { grid, blocked } = inflated;
    const n = grid.cellCount;
    const width = grid.widthCells;
    this.distanceCells = new Float64Array(n).fill(Infinity);
    const start = this.freeCellNear(from, blocked);
    if (start === undefined) return;
    const dist = this.distanceCells;
    dist[start] = 0;
    const heap = new CostHeap();
    heap.push(0, start);
    while (heap.size > 0) {
      const cost = heap.topCost();
      const current = heap.pop();
      if (cost > dist[current]!) continue;
      const cx = current % width;
      const cy = (current - cx) / width;
      for (let k = 0; k < 8; k++) {
        const nx = cx + DX[k]!;
        const ny = cy + DY[k]!;
        if (!grid.inBounds(nx, ny)) continue;
        const next = ny * width + nx;
        if (blocked[next]) continue;
        if (k >= 4 && (blocked[cy * width + nx] || blocked[ny * width + cx])) continue;
        const c = cost + (k >= 4 ? SQRT2 : 1);
        if (c < dist[next]!) {
          dist[next] = c;
          heap.push(c, next);
        }
      }
    }
  }

  /**
   * The drive to `to`, m: the grid distance to its cell (or, for a stand-off inside the inflation, to the nearest
   * free cell plus the straight docking leg); undefined when it cannot be reached.
   */
  driveM(to: Pose2D): number | undefined {
    const { grid } = this.map;
    const [cx, cy] = grid.cellOf(to.x, to.y);
    let best = Infinity;
    for (let dy = -DOCK_SEARCH_CELLS; dy <= DOCK_SEARCH_CELLS; dy++) {
      for (let dx = -DOCK_SEARCH_CELLS; dx <= DOCK_SEARCH_CELLS; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (!grid.inBounds(x, y)) continue;
        const d = this.distanceCells[grid.index(x, y)]!;
        if (Number.isFinite(d)) best = Math.min(best, d + octile(dx, dy));
        if (dx === 0 && dy === 0 && Number.isFinite(d)) return d * grid.resolutionM;
      }
    }
    return Number.isFinite(best) ? best * grid.resolutionM : undefined;
  }

  private freeCellNear(at: Pose2D, blocked: Uint8Array): number | undefined {
    const { grid } = this.map;
    const [cx, cy] = grid.cellOf(at.x, at.y);
    let best: number | undefined;
    let bestD = Infinity;
    for (let dy = -DOCK_SEARCH_CELLS; dy <= DOCK_SEARCH_CELLS; dy++) {
      for (let dx = -DOCK_SEARCH_CELLS; dx <= DOCK_SEARCH_CELLS; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (!grid.inBounds(x, y) || blocked[grid.index(x, y)]) continue;
        const d = octile(dx, dy);
        if (d < bestD) {
          bestD = d;
          best = grid.index(x, y);
        }
      }
    }
    return best;
  }
}

/** A binary min-heap of (cost, cell index) pairs. */
class CostHeap {
  private costs: number[] = [];
  private items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  topCost(): number {
    return this.costs[0]!;
  }

  push(cost: number, item: number): void {
    let i = this.items.length;
    this.costs.push(cost);
    this.items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.costs[parent]! <= cost) break;
      this.costs[i] = this.costs[parent]!;
      this.items[i] = this.items[parent]!;
      i = parent;
    }
    this.costs[i] = cost;
    this.items[i] = item;
  }

  pop(): number {
    const top = this.items[0]!;
    const lastCost = this.costs.pop()!;
    const lastItem = this.items.pop()!;
    const size = this.items.length;
    if (size === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      const m = r < size && this.costs[r]! < this.costs[l]! ? r : l;
      if (this.costs[m]! >= lastCost) break;
      this.costs[i] = this.costs[m]!;
      this.items[i] = this.items[m]!;
      i = m;
    }
    this.costs[i] = lastCost;
    this.items[i] = lastItem;
    return top;
  }
}

/** Driving distances from a base pose, one field per pose asked (cached); none without a base or a map. */
export type TravelFields = (from: Pose2D) => TravelField | undefined;

/** The travel fields of one plan: each base pose's field is built once however many stages ask for it. */
export function travelFields(scene: PlanningScene): TravelFields {
  const cache = new Map<string, TravelField>();
  const map = scene.services.navigationMap;
  const base = scene.robot.parts.base;
  return (from) => {
    if (!map || !base) return undefined;
    const key = `${from.x.toFixed(3)},${from.y.toFixed(3)}`;
    let field = cache.get(key);
    if (!field) {
      field = new TravelField(map, base.limits.footprintRadiusM, from);
      cache.set(key, field);
    }
    return field;
  };
}
