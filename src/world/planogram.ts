import type { Pose } from '../math/pose.ts';
import type { WorldModel } from './world-model.ts';

/** Which face of a product looks at the aisle: its wide face (`front`) or its narrow side (`side`). */
export type FacingOrientation = 'front' | 'side';

/**
 * One facing of a planogram: the column of a shelf slot where one item of `sku` stands, label to the aisle. Each
 * facing is also a named place of the world model (tagged `shelf-slot`), so `place` can put an item into it.
 */
export interface PlanogramFacing {
  /** `<unit>/level-<i>/slot-<j>/facing-<k>`, 1-based: the facing's place name. */
  readonly name: string;
  /** The scene's slot place the facing sits in (`<unit>/level-<i>/slot-<j>`). */
  readonly slotName: string;
  readonly unit: string;
  readonly level: number;
  readonly slot: number;
  readonly facing: number;
  /** Catalog product that belongs here. */
  readonly sku: string;
  readonly orientation: FacingOrientation;
  /** Heading about world z the product's own +x (its depth axis) must point along, rad (mod π: a box turned round still shows a face). */
  readonly productYawRad: number;
  /**
   * The column: frame on the board's top surface at the slot's depth centre and the facing's lateral centre, +x out
   * of the shelf front (as the slot's place), z up.
   */
  readonly poseInWorld: Pose;
  /** Column depth (the slot's), width (one facing pitch) and clear height up to the next board, m. */
  readonly sizeM: readonly [number, number, number];
}

/** A planogram resolved against a scene: every facing with its pose in the world. */
export interface Planogram {
  readonly name: string;
  readonly fileName: string;
  readonly facings: readonly PlanogramFacing[];
}

const planograms = new WeakMap<WorldModel, Planogram>();

/**
 * Registers the planogram a world's shelves should follow, beside the world model (as the navigation map is): the
 * restocking skills read it with `planogramOf`.
 */
export function setPlanogram(world: WorldModel, planogram: Planogram): void {
  planograms.set(world, planogram);
}

/** The planogram registered for a world model, if any. */
export function planogramOf(world: WorldModel): Planogram | undefined {
  return planograms.get(world);
}

/** The named place a facing registers in the world model: a slot-like column that `place` enters from the front. */
export function facingPlace(facing: PlanogramFacing): {
  name: string;
  poseInWorld: Pose;
  sizeM: readonly [number, number, number];
  tags: string[];
} {
  return {
    name: facing.name,
    poseInWorld: facing.poseInWorld,
    sizeM: facing.sizeM,
    tags: ['shelf-slot', 'planogram-facing', facing.unit, `level-${facing.level}`, facing.sku],
  };
}
