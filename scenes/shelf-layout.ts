import { Vector3, Quaternion } from 'three';
import type { Pose } from '../src/math/pose.ts';
import type { ShelfFixture } from './schema.ts';

/** Inner dimensions of a shelving unit (between side panels, in front of the back panel), in its frame. */
export interface ShelfInterior {
  /** Usable width along y, m. */
  readonly widthM: number;
  /** Usable depth along x, m. */
  readonly depthM: number;
  /** x of the usable depth's centre (the back panel shifts it forward), m. */
  readonly centreXM: number;
  /** Height of the side and back panels, m. */
  readonly heightM: number;
}

/** One generated slot on one board: its footprint centre on the board's top surface, in the shelf frame. */
export interface ShelfSlot {
  /** `<shelfId>/level-<i>/slot-<j>`, 1-based, level 1 = bottom board, slot 1 at the most negative y. */
  readonly name: string;
  readonly level: number;
  readonly slot: number;
  readonly poseInShelf: Pose;
  /** Footprint depth (x), width (y) and clear height up to the next board (or the panel top), m. */
  readonly sizeM: readonly [number, number, number];
}

/** Where the boards sit inside a shelf: the space the panels leave. */
export function shelfInterior(shelf: ShelfFixture): ShelfInterior {
  const side = shelf.sidePanels ? shelf.panelThicknessM : 0;
  const back = shelf.backPanel ? shelf.panelThicknessM : 0;
  const topBoard = shelf.boardHeightsM[shelf.boardHeightsM.length - 1] ?? 0;
  return {
    widthM: shelf.widthM - 2 * side,
    depthM: shelf.depthM - back,
    centreXM: back / 2,
    heightM: shelf.heightM ?? topBoard + 0.35,
  };
}

/** Every slot of a shelf, level by level; slots split each board's inner width evenly. */
export function shelfSlots(shelfId: string, shelf: ShelfFixture): ShelfSlot[] {
  const inner = shelfInterior(shelf);
  const slotWidthM = inner.widthM / shelf.slots;
  const slots: ShelfSlot[] = [];
  shelf.boardHeightsM.forEach((topZ, i) => {
    const next = shelf.boardHeightsM[i + 1];
    // Clear height stops at the underside of the next board, or the panel top for the top board.
    const clearM = next !== undefined ? next - shelf.boardThicknessM - topZ : Math.max(inner.heightM - topZ, 0);
    for (let j = 0; j < shelf.slots; j++) {
      const y = -inner.widthM / 2 + slotWidthM * (j + 0.5);
      slots.push({
        name: `${shelfId}/level-${i + 1}/slot-${j + 1}`,
        level: i + 1,
        slot: j + 1,
        poseInShelf: { position: new Vector3(inner.centreXM, y, topZ), quaternion: new Quaternion() },
        sizeM: [inner.depthM, slotWidthM, clearM],
      });
    }
  });
  return slots;
}
