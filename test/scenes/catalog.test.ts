import { describe, expect, it } from 'vitest';
import { CATALOG, findProduct } from '../../scenes/catalog.ts';
import { BUILTIN_MATERIALS } from '../../scenes/materials.ts';
import { shapeBoundsM, shapeVolumeM3 } from '../../scenes/shape-geometry.ts';

describe('product catalog', () => {
  it('has the 20+ SKUs a store demo needs, with the sizes and masses of real packs', () => {
    expect(CATALOG.size).toBeGreaterThanOrEqual(20);
    expect(findProduct('can-330ml')).toMatchObject({
      shape: { kind: 'cylinder', radiusM: 0.033, heightM: 0.115 },
      massKg: 0.35,
    });
    expect(findProduct('bottle-500ml')).toMatchObject({
      shape: { kind: 'cylinder', radiusM: 0.0325, heightM: 0.205 },
      massKg: 0.53,
    });
    expect(findProduct('caviar')).toBeUndefined();
  });

  it.each([...CATALOG.values()])(
    '$name: plausible bulk density, a known material, a gripper pick is at most 0.1 m across',
    (p) => {
      // Packed goods range from an air-filled bag (~40 kg/m³) to a full can (~800 kg/m³); nothing is denser than water x 1.5.
      const density = p.massKg / shapeVolumeM3(p.shape);
      expect(density).toBeGreaterThan(30);
      expect(density).toBeLessThan(1500);
      expect(BUILTIN_MATERIALS[p.material]).toBeDefined();
      expect(p.friction).toBeGreaterThan(0);
      if (p.preferredEffector === 'gripper')
        expect(Math.min(...shapeBoundsM(p.shape).slice(0, 2))).toBeLessThanOrEqual(0.1);
    },
  );
});
