import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { Vector3 } from 'three';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlanogram, parsePlanogram } from '../../scenes/load-planogram.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import { SceneFileError } from '../../scenes/scene-error.ts';
import type { ResolvedScene } from '../../scenes/schema.ts';

const STORE = fileURLToPath(new URL('../../scenes/store.yaml', import.meta.url));
const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
const RESET = fileURLToPath(new URL('../../scenes/store-planogram-reset.yaml', import.meta.url));

let scene: ResolvedScene;
beforeAll(async () => {
  scene = await loadScene(STORE);
});

/** A planogram of one slot line, so each test changes one field. */
function planogram(slot: string, unit = 'aisle-a', level = 2): string {
  return [
    'name: p',
    'scene: store.yaml',
    'units:',
    `  - unit: ${unit}`,
    '    levels:',
    `      - level: ${level}`,
    '        slots:',
    `          - ${slot}`,
    '',
  ].join('\n');
}

function errorOf(text: string): SceneFileError {
  try {
    parsePlanogram(text, 'scenes/bad-planogram.yaml', scene);
  } catch (e) {
    if (e instanceof SceneFileError) return e;
    throw e;
  }
  throw new Error('expected a SceneFileError');
}

describe('planogram files', () => {
  it('lays the store planogram onto its scene: 23 products, every facing inside its slot, facing front', async () => {
    const { planogram, scene: loaded } = await loadPlanogram(PLANOGRAM);
    expect(loaded.name).toBe('store');
    const skus = new Set(planogram.facings.map((f) => f.sku));
    expect(skus.size).toBeGreaterThanOrEqual(20);
    const units = new Set(planogram.facings.map((f) => f.unit));
    expect([...units]).toEqual(['aisle-a', 'aisle-b']);
    expect(new Set(planogram.facings.map((f) => f.level))).toEqual(new Set([1, 2, 3, 4]));
    for (const facing of planogram.facings) {
      const slot = loaded.places.find((p) => p.name === facing.slotName)!;
      expect(slot).toBeDefined();
      // The column lies within the slot's width, on its board.
      const offset = facing.poseInWorld.position.clone().sub(slot.poseInWorld.position);
      expect(Math.abs(offset.z)).toBeLessThan(1e-9);
      expect(offset.length() + facing.sizeM[1] / 2).toBeLessThanOrEqual(slot.sizeM![1] / 2 + 1e-9);
      expect(facing.name).toBe(`${facing.slotName}/facing-${facing.facing}`);
      // Facing front: the product's depth axis points out of the slot, as the slot's own +x does.
      const out = new Vector3(1, 0, 0).applyQuaternion(slot.poseInWorld.quaternion);
      expect(Math.cos(facing.productYawRad - Math.atan2(out.y, out.x))).toBeCloseTo(
        facing.orientation === 'front' ? 1 : 0,
        9,
      );
    }
  });

  it('lays the store reset onto the same aisle: the same products and facings, most in another slot', async () => {
    const usual = (await loadPlanogram(PLANOGRAM)).planogram;
    const { planogram: reset } = await loadPlanogram(RESET);
    const count = (p: typeof usual): Map<string, number> => {
      const counts = new Map<string, number>();
      for (const f of p.facings) counts.set(f.sku, (counts.get(f.sku) ?? 0) + 1);
      return counts;
    };
    expect(count(reset)).toEqual(count(usual));
    const usualSku = new Map(usual.facings.map((f) => [f.name, f.sku]));
    const moved = reset.facings.filter((f) => usualSku.get(f.name) !== f.sku).length;
    expect(moved / reset.facings.length).toBeGreaterThan(0.8);
  });

  it('names the file, the field and the reason for an unknown product', () => {
    const e = errorOf(planogram('{ slot: 1, sku: caviar, facings: 2 }'));
    expect(e.file).toBe('scenes/bad-planogram.yaml');
    expect(e.path).toBe('units[0].levels[0].slots[0].sku');
    expect(e.reason).toMatch(/^unknown product 'caviar' \(known: .*can-330ml/);
    expect(e.line).toBe(8);
  });

  it('refuses a unit that is not a shelf of the scene, naming the shelves', () => {
    const e = errorOf(planogram('{ slot: 1, sku: can-330ml, facings: 1 }', 'cart'));
    expect(e.path).toBe('units[0].unit');
    expect(e.reason).toMatch(/'cart' is not a shelving unit of scene .*store\.yaml \(shelves: aisle-a, aisle-b\)/);
  });

  it('refuses levels and slots the unit does not have', () => {
    expect(errorOf(planogram('{ slot: 1, sku: can-330ml, facings: 1 }', 'aisle-a', 5)).message).toMatch(
      /units\[0\]\.levels\[0\]\.level: level 5 does not exist \(aisle-a has 4 levels\)/,
    );
    expect(errorOf(planogram('{ slot: 7, sku: can-330ml, facings: 1 }')).message).toMatch(
      /units\[0\]\.levels\[0\]\.slots\[0\]\.slot: slot 7 does not exist \(aisle-a has 6 slots per level\)/,
    );
  });

  it('refuses a slot planned twice, naming the first entry', () => {
    const text =
      planogram('{ slot: 2, sku: can-330ml, facings: 1 }') + '          - { slot: 2, sku: jar, facings: 1 }\n';
    const e = errorOf(text);
    expect(e.path).toBe('units[0].levels[0].slots[1].slot');
    expect(e.reason).toBe('aisle-a/level-2/slot-2 is already planned at units[0].levels[0].slots[0]');
  });

  it('refuses more facings than the slot is wide, with the widths', () => {
    const e = errorOf(planogram('{ slot: 1, sku: cereal-box, facings: 2 }'));
    expect(e.path).toBe('units[0].levels[0].slots[0].facings');
    expect(e.reason).toMatch(
      /^2 facings of cereal-box need 0\.450 m \(0\.195 m \+ 0\.03 m gap each\), the slot is 0\.29\d m wide$/,
    );
  });

  it('refuses a product too tall for the level', async () => {
    const tall = await loadScene(STORE);
    const low = {
      ...tall,
      fixtures: tall.fixtures.map((f) => (f.kind === 'shelf' ? { ...f, boardHeightsM: [0.15, 0.35, 1.05, 1.5] } : f)),
    };
    expect(() =>
      parsePlanogram(
        planogram('{ slot: 1, sku: cereal-box, facings: 1 }', 'aisle-a', 1),
        'p.yaml',
        low as ResolvedScene,
      ),
    ).toThrow(
      /units\[0\]\.levels\[0\]\.slots\[0\]\.sku: cereal-box \(0\.290 m tall\) does not fit under the board above level 1 \(0\.175 m clear\)/,
    );
  });

  it('checks values against the schema and YAML syntax, with lines', () => {
    const zero = errorOf(planogram('{ slot: 1, sku: can-330ml, facings: 0 }'));
    expect(zero.path).toBe('units[0].levels[0].slots[0].facings');
    expect(zero.reason).toBe('expected 1 or more');
    const side = errorOf(planogram('{ slot: 1, sku: can-330ml, facings: 1, orientation: upside-down }'));
    expect(side.path).toBe('units[0].levels[0].slots[0].orientation');
    expect(side.reason).toBe('expected front or side');
    const syntax = errorOf('name: p\nunits: [\n');
    expect(syntax.message).toMatch(/^scenes\/bad-planogram\.yaml: line \d+, column \d+: YAML syntax error/);
  });

  it('reports a scene it cannot read against its scene field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'planogram-'));
    await writeFile(
      join(dir, 'q.yaml'),
      planogram('{ slot: 1, sku: jar, facings: 1 }').replace('store.yaml', 'nowhere.yaml'),
    );
    await expect(loadPlanogram(join(dir, 'q.yaml'))).rejects.toThrow(
      /q\.yaml: scene: cannot read scene .*nowhere\.yaml: ENOENT/,
    );
  });
});
