import { Vector3 } from 'three';
import { composePoses, type Pose } from '../src/math/pose.ts';
import { poseXyzYaw } from './pose-spec.ts';
import type { ResolvedFixture, ShelfFixture, ToteFixture } from './schema.ts';
import { shelfInterior } from './shelf-layout.ts';

/** One oriented box of a static fixture: what the sim collides with, the viewer draws and navigation rasterises. */
export interface FixtureBox {
  /** `<fixtureId>/<part>`, e.g. `aisle-a/board-2`, `table/leg-3`. */
  readonly id: string;
  readonly fixtureId: string;
  /** Pose of the box centre in the world. */
  readonly poseInWorld: Pose;
  readonly halfExtentsM: [number, number, number];
  /** Material name (a key of `ResolvedScene.materials`). */
  readonly material: string;
}

/** A box part in the fixture frame, before it is placed in the world. */
interface LocalBox {
  readonly part: string;
  readonly centre: readonly [number, number, number];
  readonly sizeM: readonly [number, number, number];
}

/** Thickness of a shelf's front lip, m. */
export const SHELF_LIP_THICKNESS_M = 0.01;

/** Decomposes a static fixture into oriented boxes, in the world frame. */
export function fixtureBoxes(fixture: ResolvedFixture): FixtureBox[] {
  return localBoxes(fixture).map((b) => ({
    id: `${fixture.id}/${b.part}`,
    fixtureId: fixture.id,
    poseInWorld: composePoses(fixture.poseInWorld, poseXyzYaw(...b.centre)),
    halfExtentsM: [b.sizeM[0] / 2, b.sizeM[1] / 2, b.sizeM[2] / 2],
    material: fixture.material,
  }));
}

/** All boxes of all fixtures of a scene. */
export function allFixtureBoxes(fixtures: readonly ResolvedFixture[]): FixtureBox[] {
  return fixtures.flatMap(fixtureBoxes);
}

function localBoxes(fixture: ResolvedFixture): LocalBox[] {
  switch (fixture.kind) {
    case 'floor': {
      const [sx, sy] = fixture.sizeM;
      return [{ part: 'slab', centre: [0, 0, -fixture.thicknessM / 2], sizeM: [sx, sy, fixture.thicknessM] }];
    }
    case 'table':
      return tableBoxes(fixture.topSizeM, fixture.heightM, fixture.topThicknessM, fixture.legSizeM);
    case 'shelf':
      return shelfBoxes(fixture);
    case 'tote':
    case 'bin':
      return toteBoxes(fixture);
    case 'wall':
      return [
        {
          part: 'wall',
          centre: [0, 0, fixture.heightM / 2],
          sizeM: [fixture.lengthM, fixture.thicknessM, fixture.heightM],
        },
      ];
    case 'box':
      return [{ part: 'box', centre: [0, 0, 0], sizeM: fixture.sizeM }];
  }
}

function tableBoxes([tx, ty]: readonly [number, number], heightM: number, topM: number, legM: number): LocalBox[] {
  const legHeightM = heightM - topM;
  const boxes: LocalBox[] = [{ part: 'top', centre: [0, 0, heightM - topM / 2], sizeM: [tx, ty, topM] }];
  const corners: [number, number][] = [
    [1, 1],
    [-1, 1],
    [-1, -1],
    [1, -1],
  ];
  corners.forEach(([sx, sy], i) => {
    boxes.push({
      part: `leg-${i + 1}`,
      centre: [sx * (tx / 2 - legM / 2), sy * (ty / 2 - legM / 2), legHeightM / 2],
      sizeM: [legM, legM, legHeightM],
    });
  });
  return boxes;
}

function shelfBoxes(shelf: ShelfFixture): LocalBox[] {
  const inner = shelfInterior(shelf);
  const t = shelf.panelThicknessM;
  const boxes: LocalBox[] = [];
  if (shelf.sidePanels) {
    for (const [part, sign] of [
      ['side-left', 1],
      ['side-right', -1],
    ] as const) {
      boxes.push({
        part,
        centre: [0, sign * (shelf.widthM / 2 - t / 2), inner.heightM / 2],
        sizeM: [shelf.depthM, t, inner.heightM],
      });
    }
  }
  if (shelf.backPanel) {
    boxes.push({
      part: 'back',
      centre: [-shelf.depthM / 2 + t / 2, 0, inner.heightM / 2],
      sizeM: [t, inner.widthM, inner.heightM],
    });
  }
  shelf.boardHeightsM.forEach((topZ, i) => {
    const bt = shelf.boardThicknessM;
    boxes.push({
      part: `board-${i + 1}`,
      centre: [inner.centreXM, 0, topZ - bt / 2],
      sizeM: [inner.depthM, inner.widthM, bt],
    });
    if (shelf.frontLipHeightM > 0) {
      const lipH = shelf.frontLipHeightM;
      boxes.push({
        part: `lip-${i + 1}`,
        centre: [shelf.depthM / 2 - SHELF_LIP_THICKNESS_M / 2, 0, topZ + lipH / 2],
        sizeM: [SHELF_LIP_THICKNESS_M, inner.widthM, lipH],
      });
    }
  });
  return boxes;
}

function toteBoxes(tote: ToteFixture): LocalBox[] {
  const [ix, iy, iz] = tote.innerSizeM;
  const t = tote.wallThicknessM;
  const wallZ = t + iz / 2;
  return [
    { part: 'floor', centre: [0, 0, t / 2], sizeM: [ix + 2 * t, iy + 2 * t, t] },
    { part: 'wall-px', centre: [ix / 2 + t / 2, 0, wallZ], sizeM: [t, iy + 2 * t, iz] },
    { part: 'wall-nx', centre: [-ix / 2 - t / 2, 0, wallZ], sizeM: [t, iy + 2 * t, iz] },
    { part: 'wall-py', centre: [0, iy / 2 + t / 2, wallZ], sizeM: [ix, t, iz] },
    { part: 'wall-ny', centre: [0, -iy / 2 - t / 2, wallZ], sizeM: [ix, t, iz] },
  ];
}

/** The inner floor centre of a tote/bin in its own frame (where the generated place and fills sit). */
export function toteInnerFloor(tote: ToteFixture): Vector3 {
  return new Vector3(0, 0, tote.wallThicknessM);
}
