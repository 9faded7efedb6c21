import { Vector2 } from 'three';
import { describe, expect, it } from 'vitest';
import { inflate, withObstacles } from '../../../src/world/navigation/inflated-grid.ts';
import { NavigationMap } from '../../../src/world/navigation/navigation-map.ts';
import { OccupancyGrid } from '../../../src/world/navigation/occupancy-grid.ts';
import { poseXyzYaw } from './nav-fixtures.ts';

/** Occupied cells as sorted `cx,cy` strings, for comparing with hand-computed sets. */
function cellsOf(flags: Uint8Array, width: number): string[] {
  const out: string[] = [];
  flags.forEach((v, i) => v && out.push(`${i % width},${Math.floor(i / width)}`));
  return out.sort();
}

const tenByTen = { boundsM: [0, 0, 1, 1] as const, resolutionM: 0.1, robotHeightM: 1.5 };

describe('OccupancyGrid rasterisation', () => {
  it('marks exactly the cells an axis-aligned box overlaps', () => {
    // x ∈ [0.35, 0.65] → cells 3..6; y ∈ [0.45, 0.55] → cells 4..5.
    const map = NavigationMap.fromBoxes(
      [{ id: 'b', poseInWorld: poseXyzYaw(0.5, 0.5, 0.5), halfExtentsM: [0.15, 0.05, 0.5] }],
      tenByTen,
    );
    expect(map.grid.widthCells).toBe(10);
    expect(map.grid.heightCells).toBe(10);
    expect(cellsOf(map.grid.occupied, 10)).toEqual(['3,4', '3,5', '4,4', '4,5', '5,4', '5,5', '6,4', '6,5']);
  });

  it('leaves a cell free when a box only touches its border', () => {
    // x ∈ [0.2, 0.4], y ∈ [0.2, 0.4]: exactly cells 2..3 in both axes, neighbours only touch.
    const map = NavigationMap.fromBoxes(
      [{ id: 'b', poseInWorld: poseXyzYaw(0.3, 0.3, 0.5), halfExtentsM: [0.1, 0.1, 0.5] }],
      tenByTen,
    );
    expect(cellsOf(map.grid.occupied, 10)).toEqual(['2,2', '2,3', '3,2', '3,3']);
  });

  it('rasterises a box rotated 45° as a diamond', () => {
    // A 0.1 m square turned 45° about the centre of cell (5,5): its corners reach 0.0707 m along the axes, so it
    // enters the four edge neighbours but not the diagonal ones (their nearest corner is 0.1 m away along a diagonal
    // the diamond's edge passes at 0.05 m).
    const map = NavigationMap.fromBoxes(
      [{ id: 'd', poseInWorld: poseXyzYaw(0.55, 0.55, 0.5, Math.PI / 4), halfExtentsM: [0.05, 0.05, 0.5] }],
      tenByTen,
    );
    expect(cellsOf(map.grid.occupied, 10)).toEqual(['4,5', '5,4', '5,5', '5,6', '6,5']);
  });

  it('keeps only boxes in the robot height band', () => {
    const map = NavigationMap.fromBoxes(
      [
        { id: 'floor', poseInWorld: poseXyzYaw(0.5, 0.5, -0.05), halfExtentsM: [5, 5, 0.05] },
        { id: 'rug', poseInWorld: poseXyzYaw(0.15, 0.15, 0.005), halfExtentsM: [0.05, 0.05, 0.005] },
        { id: 'overhead', poseInWorld: poseXyzYaw(0.85, 0.85, 2.0), halfExtentsM: [0.05, 0.05, 0.1] },
        { id: 'shelf-board', poseInWorld: poseXyzYaw(0.55, 0.15, 1.4), halfExtentsM: [0.05, 0.05, 0.2] },
      ],
      tenByTen,
    );
    expect(map.rasterisedIds).toEqual(['shelf-board']);
    expect(cellsOf(map.grid.occupied, 10)).toEqual(['5,1']);
  });

  it('sizes the grid to the geometry plus padding', () => {
    const map = NavigationMap.fromBoxes(
      [{ id: 'b', poseInWorld: poseXyzYaw(2, 3, 0.5), halfExtentsM: [0.5, 0.25, 0.5] }],
      {
        resolutionM: 0.05,
        paddingM: 1,
      },
    );
    expect(map.grid.originXM).toBeCloseTo(0.5, 9);
    expect(map.grid.originYM).toBeCloseTo(1.75, 9);
    expect(map.grid.widthCells).toBe(60);
    expect(map.grid.heightCells).toBe(50);
  });
});

describe('inflation', () => {
  const single = (): OccupancyGrid => {
    const grid = new OccupancyGrid({ originXM: 0, originYM: 0, resolutionM: 0.1, widthCells: 11, heightCells: 11 });
    grid.occupied[grid.index(5, 5)] = 1;
    return grid;
  };

  it('gives each cell its clearance: centre distance to the nearest occupied cell less half a cell', () => {
    const grid = single();
    expect(grid.clearanceM(5, 5)).toBe(0);
    expect(grid.clearanceM(7, 5)).toBeCloseTo(0.15, 6);
    expect(grid.clearanceM(6, 6)).toBeCloseTo(Math.SQRT2 * 0.1 - 0.05, 6);
    expect(grid.clearanceM(8, 9)).toBeCloseTo(0.5 - 0.05, 6);
  });

  it('blocks the 3×3 block for a 0.1 m inflation', () => {
    // (6,6): 0.0914 m < 0.1 blocked; (7,5): 0.15 m free.
    const inflated = inflate(single(), 0.1);
    expect(cellsOf(inflated.blocked, 11)).toEqual(
      ['4,4', '4,5', '4,6', '5,4', '5,5', '5,6', '6,4', '6,5', '6,6'].sort(),
    );
  });

  it('adds the four axis cells two away for a 0.16 m inflation, not the knight moves', () => {
    // (7,5): 0.15 < 0.16 blocked; (7,6): √5·0.1 − 0.05 = 0.1736 free.
    const inflated = inflate(single(), 0.16);
    const expected = ['3,5', '7,5', '5,3', '5,7'];
    for (let x = 4; x <= 6; x++) for (let y = 4; y <= 6; y++) expected.push(`${x},${y}`);
    expect(cellsOf(inflated.blocked, 11)).toEqual(expected.sort());
  });

  it('blocks world-model obstacles out to the same reach without touching the base grid', () => {
    const grid = new OccupancyGrid({ originXM: 0, originYM: 0, resolutionM: 0.1, widthCells: 11, heightCells: 11 });
    const base = inflate(grid, 0.1);
    // A point-like obstacle at the centre of cell (2,2): reach 0.1 + 0.05 covers centres within 0.15 m.
    const p = new Vector2(0.25, 0.25);
    const tiny = [p, new Vector2(0.2500001, 0.25), new Vector2(0.25, 0.2500001)];
    const withObstacle = withObstacles(base, [tiny]);
    expect(cellsOf(base.blocked, 11)).toEqual([]);
    expect(cellsOf(withObstacle.blocked, 11)).toEqual(
      ['1,1', '1,2', '1,3', '2,1', '2,2', '2,3', '3,1', '3,2', '3,3'].sort(),
    );
  });
});
