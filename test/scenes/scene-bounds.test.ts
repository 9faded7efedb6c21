import { describe, expect, it } from 'vitest';
import { parseScene } from '../../scenes/parse-scene.ts';
import { SCENE_LIMITS } from '../../scenes/scene-limits.ts';
import { errorOf } from './scene-error-of.ts';

// What a scene file may ask for: counts, magnitudes and YAML expansion are bounded, and the error names the file,
// the field and the reason before any geometry or physics is built.

const shelf = (extra: string): string =>
  `name: x\nfixtures:\n  - { id: s, kind: shelf, pose: { position: [0, 0, 0] }, widthM: 1, depthM: 0.4, boardHeightsM: [0.1]${extra} }\n`;

describe('scene bounds', () => {
  it('refuses ten million slots at once, naming the field and the limit', () => {
    const started = performance.now();
    const e = errorOf(shelf(', slots: 10000000'));
    expect(e.path).toBe('fixtures[0].slots');
    expect(e.reason).toBe(
      `10000000 is more than the ${SCENE_LIMITS.maxShelfSlots} slots per board allowed (SCENE_LIMITS in scenes/scene-limits.ts)`,
    );
    // Refused by the schema, not after laying out the slots (which ran the heap out).
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses fills that expand past the object limit, at the fill', () => {
    // 64 slots × 40 items on each of 2 levels is 5120 objects, over the limit of 2000.
    const e = errorOf(
      `name: x\nfixtures:\n  - id: s\n    kind: shelf\n    pose: { position: [0, 0, 0] }\n    widthM: 100\n    depthM: 4\n    boardHeightsM: [0.1, 0.5]\n    slots: 64\n    fill:\n      - { level: 1, product: can-330ml, count: 40 }\n      - { level: 2, product: can-330ml, count: 40 }\n`,
    );
    expect(e.path).toMatch(/^fixtures\[0\]\.fill\[[01]\]\.count$/);
    expect(e.reason).toMatch(/fills would put more than 2000 objects in the scene \(SCENE_LIMITS\.maxObjects\)/);
  });

  it('refuses sizes beyond float32 and absurd magnitudes with the field named', () => {
    const f32 = errorOf(`name: x\nfixtures:\n  - { id: floor, kind: floor, sizeM: [1e39, 1e39] }\n`);
    expect(f32.path).toBe('fixtures[0].sizeM[0]');
    expect(f32.reason).toMatch(/^1e\+39 is out of range: expected a number between 0\.0001 and 1000 m/);
    const far = errorOf(
      `name: x\nobjects:\n  - { id: a, product: can-330ml, pose: { position: [1e300, 0, 0.0575] } }\n`,
    );
    expect(far.path).toBe('objects[0].pose.position[0]');
    expect(far.reason).toMatch(/^1e\+300 is out of range: expected a number between -1000 and 1000 m$/);
    const heavy = errorOf(
      `name: x\nobjects:\n  - { id: a, product: can-330ml, massKg: 1e300, pose: { position: [0, 0, 0.0575] } }\n`,
    );
    expect(heavy.path).toBe('objects[0].massKg');
    expect(heavy.reason).toMatch(/out of range: expected a number between 0\.000001 and 10000 kg/);
  });

  it('says "not a finite number" for .nan and .inf', () => {
    const nan = errorOf(`name: x\nobjects:\n  - { id: a, product: can-330ml, pose: { position: [.nan, 0, 0] } }\n`);
    expect(nan.path).toBe('objects[0].pose.position[0]');
    expect(nan.reason).toBe('not a finite number');
    const inf = errorOf(
      `name: x\nobjects:\n  - { id: a, product: can-330ml, pose: { position: [0, 0, 0.1], yawDeg: -.inf } }\n`,
    );
    expect(inf.path).toBe('objects[0].pose.yawDeg');
    expect(inf.reason).toBe('not a finite number');
  });

  it('names the file for a YAML alias bomb', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const e = errorOf(`name: x\n${lines.join('\n')}\n`, 'scenes/bomb.yaml');
    expect(e.file).toBe('scenes/bomb.yaml');
    expect(e.message).toMatch(/^scenes\/bomb\.yaml: YAML aliases expand too far .* alias bomb/);
  });

  it('still loads a scene at the limits', () => {
    const scene = parseScene(
      shelf(`, slots: ${SCENE_LIMITS.maxShelfSlots}, widthM: 20`).replace('widthM: 1, ', ''),
      'ok.yaml',
    );
    expect(scene.places.filter((p) => p.tags.includes('shelf-slot'))).toHaveLength(SCENE_LIMITS.maxShelfSlots);
  });
});
