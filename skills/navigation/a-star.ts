import type { InflatedGrid } from '../../src/world/navigation/inflated-grid.ts';

/** The outcome of a grid search: cell indices from start to goal, or none. */
export interface GridSearchResult {
  readonly cells: readonly number[] | undefined;
  /** Cost of the path in cells (1 straight, √2 diagonal). */
  readonly costCells: number;
  /** Cells taken off the open list, for benchmarks and tests. */
  readonly expanded: number;
}

const SQRT2 = Math.SQRT2;
const DX = [1, -1, 0, 0, 1, 1, -1, -1];
const DY = [0, 0, 1, -1, 1, -1, 1, -1];

/** Octile distance: exact on an empty 8-connected grid, so A* stays admissible and consistent. */
export function octile(dx: number, dy: number): number {
  const ax = Math.abs(dx);
  const ay = Math.abs(dy);
  return Math.max(ax, ay) + (SQRT2 - 1) * Math.min(ax, ay);
}

/**
 * A* on the inflated grid, 8-connected, octile heuristic. A diagonal step needs both orthogonal neighbours free,
 * so paths never cut a blocked corner. Ties break toward the larger g (deeper nodes), which keeps the search
 * narrow on open floor and makes results deterministic.
 */
export function aStar(
  inflated: InflatedGrid,
  start: readonly [number, number],
  goal: readonly [number, number],
): GridSearchResult {
  const { grid, blocked } = inflated;
  const width = grid.widthCells;
  const n = grid.cellCount;
  const startIndex = grid.index(start[0], start[1]);
  const goalIndex = grid.index(goal[0], goal[1]);
  const g = new Float64Array(n).fill(Infinity);
  const parent = new Int32Array(n).fill(-1);
  const closed = new Uint8Array(n);
  const heap = new MinHeap();
  const [gx, gy] = goal;
  g[startIndex] = 0;
  heap.push(startIndex, octile(start[0] - gx, start[1] - gy), 0);
  let expanded = 0;
  while (heap.size > 0) {
    const current = heap.pop();
    if (closed[current]) continue;
    closed[current] = 1;
    expanded++;
    if (current === goalIndex) return { cells: trace(parent, goalIndex), costCells: g[goalIndex]!, expanded };
    const cx = current % width;
    const cy = (current - cx) / width;
    const gCurrent = g[current]!;
    for (let k = 0; k < 8; k++) {
      const nx = cx + DX[k]!;
      const ny = cy + DY[k]!;
      if (!grid.inBounds(nx, ny)) continue;
      const next = ny * width + nx;
      if (blocked[next] || closed[next]) continue;
      const diagonal = k >= 4;
      if (diagonal && (blocked[cy * width + nx] || blocked[ny * width + cx])) continue;
      const tentative = gCurrent + (diagonal ? SQRT2 : 1);
      if (tentative < g[next]!) {
        g[next] = tentative;
        parent[next] = current;
        heap.push(next, tentative + octile(nx - gx, ny - gy), tentative);
      }
    }
  }
  return { cells: undefined, costCells: Infinity, expanded };
}

function trace(parent: Int32Array, goalIndex: number): number[] {
  const cells: number[] = [];
  for (let c = goalIndex; c !== -1; c = parent[c]!) cells.push(c);
  return cells.reverse();
}

/** A binary min-heap of cell indices keyed by f, ties to larger g; stale entries are skipped by the caller. */
class MinHeap {
  private ids = new Int32Array(1024);
  private fs = new Float64Array(1024);
  private gs = new Float64Array(1024);
  size = 0;

  push(id: number, f: number, g: number): void {
    if (this.size === this.ids.length) this.grow();
    // Sift up by moving parents down into the hole, then drop the new entry in.
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(f, g, this.fs[p]!, this.gs[p]!)) break;
      this.move(p, i);
      i = p;
    }
    this.ids[i] = id;
    this.fs[i] = f;
    this.gs[i] = g;
  }

  pop(): number {
    const top = this.ids[0]!;
    const last = --this.size;
    const id = this.ids[last]!;
    const f = this.fs[last]!;
    const g = this.gs[last]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const c = r < last && this.before(this.fs[r]!, this.gs[r]!, this.fs[l]!, this.gs[l]!) ? r : l;
      if (!this.before(this.fs[c]!, this.gs[c]!, f, g)) break;
      this.move(c, i);
      i = c;
    }
    this.ids[i] = id;
    this.fs[i] = f;
    this.gs[i] = g;
    return top;
  }

  private before(fa: number, ga: number, fb: number, gb: number): boolean {
    return Math.abs(fa - fb) > 1e-9 ? fa < fb : ga > gb;
  }

  private move(from: number, to: number): void {
    this.ids[to] = this.ids[from]!;
    this.fs[to] = this.fs[from]!;
    this.gs[to] = this.gs[from]!;
  }

  private grow(): void {
    const ids = new Int32Array(this.ids.length * 2);
    const fs = new Float64Array(this.fs.length * 2);
    const gs = new Float64Array(this.gs.length * 2);
    ids.set(this.ids);
    fs.set(this.fs);
    gs.set(this.gs);
    this.ids = ids;
    this.fs = fs;
    this.gs = gs;
  }
}
