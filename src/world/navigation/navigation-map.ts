import { Vector2 } from 'three';
import { boxFootprint, pointPolygonDistance, type Footprint, type StaticBox } from '../../math/footprint.ts';
import { inflate, type InflatedGrid } from './inflated-grid.ts';
import { OccupancyGrid } from './occupancy-grid.ts';

export interface NavigationMapOptions {
  /** Cell size, m. */
  readonly resolutionM?: number;
  /** Geometry between these heights blocks the base: above the floor's contact band, below the robot's top. */
  readonly floorClearanceM?: number;
  readonly robotHeightM?: number;
  /** Clearance added to the footprint radius when planning, m. */
  readonly marginM?: number;
  /** Free space around the geometry's extent that the grid also covers, m. */
  readonly paddingM?: number;
  /** Explicit extent `[minX, minY, maxX, maxY]` in m; the geometry's extent plus padding when left out. */
  readonly boundsM?: readonly [number, number, number, number];
}

const DEFAULTS = { resolutionM: 0.05, floorClearanceM: 0.02, robotHeightM: 1.8, marginM: 0.05, paddingM: 1.5 };

/**
 * The static geometry navigation plans on: a rasterised occupancy grid of every box that overlaps the robot's
 * height band, plus the settings that produced it. Inflated copies are cached per footprint.
 */
export class NavigationMap {
  readonly grid: OccupancyGrid;
  readonly floorClearanceM: number;
  readonly robotHeightM: number;
  readonly marginM: number;
  /** Ids of the boxes that made it into the grid (the rest are outside the height band). */
  readonly rasterisedIds: readonly string[];
  /** Exact floor outlines of those boxes, for clearance queries finer than a cell. */
  readonly outlines: readonly (readonly Vector2[])[];
  private readonly inflatedByRadius = new Map<number, InflatedGrid>();
  private readonly byClearance = new Map<number, NavigationMap>();

  private constructor(
    grid: OccupancyGrid,
    private readonly options: typeof DEFAULTS & Pick<NavigationMapOptions, 'boundsM'>,
    rasterisedIds: readonly string[],
    outlines: readonly (readonly Vector2[])[],
    /** Every box the map was built from, with its floor outline: the surfaces a walking robot may step on. */
    private readonly boxes: readonly { readonly box: StaticBox; readonly footprint: Footprint }[],
  ) {
    this.grid = grid;
    this.floorClearanceM = options.floorClearanceM;
    this.robotHeightM = options.robotHeightM;
    this.marginM = options.marginM;
    this.rasterisedIds = rasterisedIds;
    this.outlines = outlines;
  }

  /**
   * Rasterises oriented boxes (e.g. `allFixtureBoxes(scene.fixtures)`) sliced at the robot's height band.
   *
   * @example
   * const services = { navigationMap: NavigationMap.fromBoxes(allFixtureBoxes(scene.fixtures), { robotHeightM: 1.6 }) };
   */
  static fromBoxes(boxes: readonly StaticBox[], options: NavigationMapOptions = {}): NavigationMap {
    const settings = { ...DEFAULTS, ...options };
    const all = boxes.map((box) => ({ box, footprint: boxFootprint(box.poseInWorld, box.halfExtentsM) }));
    const inBand = all
      .map(({ box, footprint }) => ({ id: box.id, footprint }))
      .filter(({ footprint }) => footprint.zMaxM > settings.floorClearanceM && footprint.zMinM < settings.robotHeightM);
    const [minX, minY, maxX, maxY] =
      options.boundsM ?? paddedExtent(inBand.map((b) => b.footprint.polygon).flat(), settings.paddingM);
    const res = settings.resolutionM;
    const grid = new OccupancyGrid({
      originXM: minX,
      originYM: minY,
      resolutionM: res,
      widthCells: Math.ceil((maxX - minX) / res - 1e-9),
      heightCells: Math.ceil((maxY - minY) / res - 1e-9),
    });
    for (const { footprint } of inBand) grid.markPolygon(footprint.polygon);
    return new NavigationMap(
      grid,
      settings,
      inBand.map((b) => b.id),
      inBand.map((b) => b.footprint.polygon),
      all,
    );
  }

  /**
   * The same geometry planned with a higher floor clearance: for a robot that steps over (or onto) anything lower,
   * such as a biped with a 15 cm step. Built once per clearance, on the same extent.
   */
  withFloorClearance(floorClearanceM: number): NavigationMap {
    if (floorClearanceM === this.floorClearanceM) return this;
    let map = this.byClearance.get(floorClearanceM);
    if (map === undefined) {
      const extent: [number, number, number, number] = [
        this.grid.originXM,
        this.grid.originYM,
        this.grid.originXM + this.grid.widthCells * this.grid.resolutionM,
        this.grid.originYM + this.grid.heightCells * this.grid.resolutionM,
      ];
      map = NavigationMap.fromBoxes(
        this.boxes.map((b) => b.box),
        { ...this.options, floorClearanceM, boundsM: this.options.boundsM ?? extent },
      );
      this.byClearance.set(floorClearanceM, map);
    }
    return map;
  }

  /**
   * The height of the walkable surface at a floor point: the highest top no higher than `maxM` among the boxes
   * under it (a platform, a step), 0 on the bare floor.
   */
  surfaceHeightAt(x: number, y: number, maxM: number): number {
    let best = 0;
    const point = new Vector2(x, y);
    for (const { footprint } of this.boxes) {
      if (footprint.zMaxM <= best || footprint.zMaxM > maxM) continue;
      if (pointPolygonDistance(point, footprint.polygon) === 0) best = footprint.zMaxM;
    }
    return best;
  }

  /** Exact distance from a floor point to the nearest static outline (or extra polygon), m; 0 inside one. */
  clearanceAt(point: Vector2, extra: readonly (readonly Vector2[])[] = []): number {
    let best = Infinity;
    for (const outline of this.outlines) best = Math.min(best, pointPolygonDistance(point, outline));
    for (const outline of extra) best = Math.min(best, pointPolygonDistance(point, outline));
    return best;
  }

  /** The configuration space of a disc robot of this radius (margin added), built once per radius. */
  inflatedFor(footprintRadiusM: number): InflatedGrid {
    let inflated = this.inflatedByRadius.get(footprintRadiusM);
    if (!inflated) {
      inflated = inflate(this.grid, footprintRadiusM + this.marginM);
      this.inflatedByRadius.set(footprintRadiusM, inflated);
    }
    return inflated;
  }
}

function paddedExtent(points: readonly { x: number; y: number }[], paddingM: number): [number, number, number, number] {
  if (points.length === 0) return [-paddingM, -paddingM, paddingM, paddingM];
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return [
    Math.min(...xs) - paddingM,
    Math.min(...ys) - paddingM,
    Math.max(...xs) + paddingM,
    Math.max(...ys) + paddingM,
  ];
}
