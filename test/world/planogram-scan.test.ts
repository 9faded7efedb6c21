import { Quaternion, Vector3 } from 'three';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadPlanogram } from '../../scenes/load-planogram.ts';
import { shapeBoundsM } from '../../scenes/shape-geometry.ts';
import { findProduct } from '../../scenes/catalog.ts';
import type { Planogram, PlanogramFacing } from '../../src/world/planogram.ts';
import { scanShelves } from '../../src/world/planogram-scan.ts';
import type { KnownObject } from '../../src/world/world-model.ts';

const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
let planogram: Planogram;
beforeAll(async () => {
  ({ planogram } = await loadPlanogram(PLANOGRAM));
});

/** An item of `sku` standing in a facing, `tiltRad` about x, shifted along the shelf by `lateralM`. */
function item(id: string, facing: PlanogramFacing, sku = facing.sku, tiltRad = 0, lateralM = 0): KnownObject {
  const product = findProduct(sku)!;
  const along = new Vector3(0, 1, 0).applyQuaternion(facing.poseInWorld.quaternion);
  const position = facing.poseInWorld.position
    .clone()
    .addScaledVector(along, lateralM)
    .add(new Vector3(0, 0, shapeBoundsM(product.shape)[2] / 2));
  return {
    id,
    type: sku,
    shape: product.shape,
    poseInWorld: { position, quaternion: new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), tiltRad) },
    massKg: product.massKg,
    friction: product.friction,
    tags: [],
  };
}

describe('scanShelves (planogram against the world model)', () => {
  it('finds every facing empty on empty shelves, full when stocked, and compliance between', () => {
    expect(scanShelves([], planogram).compliance).toBe(0);
    const all = planogram.facings.map((f, i) => item(`i${i}`, f));
    const full = scanShelves(all, planogram);
    expect(full.compliance).toBe(1);
    expect(full.slots.every((s) => s.status === 'full')).toBe(true);
    const missing = all.filter((_, i) => i % 4 !== 0);
    const scan = scanShelves(missing, planogram);
    expect(scan.compliance).toBeCloseTo(missing.length / all.length, 9);
    expect(scan.facings.filter((f) => f.status === 'empty').map((f) => f.facing.name)).toEqual(
      planogram.facings.filter((_, i) => i % 4 === 0).map((f) => f.name),
    );
  });

  it('tells a short slot from an empty one, and flags another product or a knocked-over item as wrong', () => {
    const slotName = planogram.facings.find((f) => f.facing === 2)!.slotName;
    const [first, second] = planogram.facings.filter((f) => f.slotName === slotName);
    const slotOf = (objects: KnownObject[]) =>
      scanShelves(objects, planogram).slots.find((s) => s.slotName === slotName)!;
    expect(slotOf([]).status).toBe('empty');
    expect(slotOf([item('a', first!)])).toMatchObject({ status: 'short', full: 1, facings: 2 });
    expect(slotOf([item('a', first!), item('b', second!)]).status).toBe('full');
    const other = first!.sku === 'jar' ? 'can-330ml' : 'jar';
    const wrong = scanShelves([item('a', first!), item('b', second!, other)], planogram);
    expect(wrong.slots.find((s) => s.slotName === slotName)!.status).toBe('wrong-item');
    expect(wrong.facings.find((f) => f.facing.name === second!.name)!.wrongIds).toEqual(['b']);
    const fallen = scanShelves([item('a', first!), item('b', second!, second!.sku, Math.PI / 2)], planogram);
    expect(fallen.facings.find((f) => f.facing.name === second!.name)!.status).toBe('wrong-item');
  });

  it('counts an item for the facing whose column holds its centre, not its neighbour', () => {
    const facing = planogram.facings.find(
      (f) => f.facing === 1 && planogram.facings.some((g) => g.slotName === f.slotName && g.facing === 2),
    )!;
    const pitchM = facing.sizeM[1];
    const nudged = scanShelves([item('a', facing, facing.sku, 0, 0.4 * pitchM)], planogram);
    expect(nudged.facings.find((f) => f.facing.name === facing.name)!.itemIds).toEqual(['a']);
    const over = scanShelves([item('a', facing, facing.sku, 0, 0.6 * pitchM)], planogram);
    expect(over.facings.find((f) => f.facing.name === facing.name)!.status).toBe('empty');
  });
});
