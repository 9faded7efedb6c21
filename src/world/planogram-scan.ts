import { type Quaternion, Vector3 } from 'three';
import type { Planogram, PlanogramFacing } from './planogram.ts';
import type { KnownObject } from './world-model.ts';

/** A facing's state: its product there, nothing there, or something else there. */
export type FacingStatus = 'full' | 'empty' | 'wrong-item';
/** A slot's state over its facings: all full, some empty, all empty, or holding another product. */
export type SlotStatus = 'full' | 'short' | 'empty' | 'wrong-item';

/** What a scan found in one facing. */
export interface FacingScan {
  readonly facing: PlanogramFacing;
  readonly status: FacingStatus;
  /** Items of the facing's product in the column. */
  readonly itemIds: readonly string[];
  /** Items of other products in the column, or knocked over (tilted more than `FALLEN_TILT_RAD`). */
  readonly wrongIds: readonly string[];
}

/** An item tilted more than this from upright is knocked over: it needs a person, not another item, rad. */
export const FALLEN_TILT_RAD = (30 * Math.PI) / 180;

/** What a scan found in one slot of the planogram. */
export interface SlotScan {
  readonly slotName: string;
  readonly sku: string;
  readonly status: SlotStatus;
  /** Facings holding their product. */
  readonly full: number;
  readonly facings: number;
}

/** The shelves compared with the planogram. */
export interface ShelfScan {
  readonly facings: readonly FacingScan[];
  readonly slots: readonly SlotScan[];
  /** Share of facings holding their product and nothing else, 0..1: planogram compliance. */
  readonly compliance: number;
}

/**
 * Compares the objects on the shelves with a planogram: each object whose centre lies in a facing's column (slot
 * depth, one facing pitch wide, board to the board above) counts for that facing. Pure: the world model (or any
 * list of objects, a camera's detections) goes in, the states come out.
 *
 * @example
 * const scan = scanShelves(world.objects(), planogramOf(world)!);
 * scan.facings.filter((f) => f.status === 'empty').map((f) => f.facing.name);
 */
export function scanShelves(objects: readonly KnownObject[], planogram: Planogram): ShelfScan {
  const columns = planogram.facings.map((facing) => new Column(facing));
  for (const object of objects) {
    for (const column of columns) if (column.take(object)) break;
  }
  const facings = columns.map((c) => c.result());
  const bySlot = new Map<string, FacingScan[]>();
  for (const f of facings) bySlot.set(f.facing.slotName, [...(bySlot.get(f.facing.slotName) ?? []), f]);
  const slots = [...bySlot].map(([slotName, list]): SlotScan => {
    const full = list.filter((f) => f.status === 'full').length;
    const status: SlotStatus = list.some((f) => f.status === 'wrong-item')
      ? 'wrong-item'
      : full === list.length
        ? 'full'
        : full === 0
          ? 'empty'
          : 'short';
    return { slotName, sku: list[0]!.facing.sku, status, full, facings: list.length };
  });
  const compliant = facings.filter((f) => f.status === 'full').length;
  return { facings, slots, compliance: facings.length === 0 ? 1 : compliant / facings.length };
}

/** A facing's column in its own frame, collecting the objects whose centres fall inside it. */
class Column {
  private readonly inverse: Quaternion;
  private readonly items: string[] = [];
  private readonly wrong: string[] = [];

  constructor(readonly facing: PlanogramFacing) {
    this.inverse = facing.poseInWorld.quaternion.clone().invert();
  }

  take(object: KnownObject): boolean {
    const [depthM, widthM, clearM] = this.facing.sizeM;
    const local = new Vector3()
      .subVectors(object.poseInWorld.position, this.facing.poseInWorld.position)
      .applyQuaternion(this.inverse);
    const inside = Math.abs(local.x) <= depthM / 2 && Math.abs(local.y) <= widthM / 2 && local.z >= 0;
    if (!inside || local.z > clearM) return false;
    const up = new Vector3(0, 0, 1).applyQuaternion(object.poseInWorld.quaternion);
    const upright = up.z >= Math.cos(FALLEN_TILT_RAD);
    (object.type === this.facing.sku && upright ? this.items : this.wrong).push(object.id);
    return true;
  }

  result(): FacingScan {
    const status: FacingStatus = this.wrong.length > 0 ? 'wrong-item' : this.items.length > 0 ? 'full' : 'empty';
    return { facing: this.facing, status, itemIds: this.items, wrongIds: this.wrong };
  }
}
