import { Vector2 } from 'three';
import { distanceTransform } from './distance-transform.ts';
import { polygonOverlapsRect } from '../../math/footprint.ts';

/** Where a grid lies on the floor: the world xy of the corner of cell (0, 0), cell size and cell counts. */
export interface GridGeometry {
  readonly originXM: number;
  readonly originYM: number;
  readonly resolutionM: number;
  readonly widthCells: number;
  readonly heightCells: number;
}

/**
 * A 2D occupancy grid on the floor plane, row-major (`index = cy * width + cx`); cell (cx, cy) covers
 * [origin + cx·res, origin + (cx+1)·res) in x and likewise in y. It holds the static geometry only; the robot's
 * footprint is applied by `inflate`, so one grid serves robots of any size.
 */
export class OccupancyGrid implements GridGeometry {
  readonly originXM: number;
  readonly originYM: number;
  readonly resolutionM: number;
  readonly widthCells: number;
  readonly heightCells: number;
  /** 1 where geometry overlaps the cell. */
  readonly occupied: Uint8Array;
  private distanceCells: Float32Array | undefined;

  constructor(geometry: GridGeometry) {
    if (!(geometry.resolutionM > 0)) throw new RangeError(`grid resolution must be > 0, got ${geometry.resolutionM}`);
    this.originXM = geometry.originXM;
    this.originYM = geometry.originYM;
    this.resolutionM = geometry.resolutionM;
    this.widthCells = Math.max(1, Math.ceil(geometry.widthCells));
    this.heightCells = Math.max(1, Math.ceil(geometry.heightCells));
    this.occupied = new Uint8Array(this.widthCells * this.heightCells);
  }

  get cellCount(): number {
    return this.occupied.length;
  }

  index(cx: number, cy: number): number {
    return cy * this.widthCells + cx;
  }

  inBounds(cx: number, cy: number): boolean {
    return cx >= 0 && cy >= 0 && cx < this.widthCells && cy < this.heightCells;
  }

  /** The cell holding a world point (may be out of bounds). */
  cellOf(xM: number, yM: number): [number, number] {
    return [Math.floor((xM - this.originXM) / this.resolutionM), Math.floor((yM - this.originYM) / this.resolutionM)];
  }

  /** World position of a cell's centre. */
  centreOf(cx: number, cy: number): Vector2 {
    return new Vector2(this.originXM + (cx + 0.5) * this.resolutionM, this.originYM + (cy + 0.5) * this.resolutionM);
  }

  isOccupied(cx: number, cy: number): boolean {
    return this.inBounds(cx, cy) && this.occupied[this.index(cx, cy)] === 1;
  }

  /** Marks every cell a convex floor polygon overlaps with positive area; returns how many cells it marked. */
  markPolygon(polygon: readonly Vector2[]): number {
    if (polygon.length < 3) return 0;
    const res = this.resolutionM;
    const xs = polygon.map((p) => p.x);
    const ys = polygon.map((p) => p.y);
    const [x0, y0] = this.cellOf(Math.min(...xs), Math.min(...ys));
    const [x1, y1] = this.cellOf(Math.max(...xs), Math.max(...ys));
    let marked = 0;
    for (let cy = Math.max(0, y0); cy <= Math.min(this.heightCells - 1, y1); cy++) {
      for (let cx = Math.max(0, x0); cx <= Math.min(this.widthCells - 1, x1); cx++) {
        const left = this.originXM + cx * res;
        const bottom = this.originYM + cy * res;
        if (polygonOverlapsRect(polygon, left, bottom, left + res, bottom + res)) {
          const i = this.index(cx, cy);
          if (this.occupied[i] === 0) marked++;
          this.occupied[i] = 1;
        }
      }
    }
    this.distanceCells = undefined;
    return marked;
  }

  /**
   * Clearance of a cell: the distance from its centre to the nearest occupied cell's centre, less half a cell
   * (the occupied cell's near edge along an axis), in m; 0 on occupied cells, Infinity with no geometry at all.
   * This is what a disc footprint centred on the cell must fit within.
   */
  clearanceM(cx: number, cy: number): number {
    if (!this.inBounds(cx, cy)) return 0;
    const distance = this.distances()[this.index(cx, cy)]!;
    return distance === 0 ? 0 : distance * this.resolutionM - this.resolutionM / 2;
  }

  /** Distances in cells to the nearest occupied cell centre, computed once per change. */
  distances(): Float32Array {
    this.distanceCells ??= distanceTransform(this.occupied, this.widthCells, this.heightCells);
    return this.distanceCells;
  }
}
