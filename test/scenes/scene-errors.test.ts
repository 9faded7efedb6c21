import { describe, expect, it } from 'vitest';
import { loadScene } from '../../scenes/load-scene.ts';
import { parseScene } from '../../scenes/parse-scene.ts';
import { errorOf } from './scene-error-of.ts';

const floor = `fixtures:\n  - { id: floor, kind: floor }\n`;

describe('scene file errors', () => {
  it('reports YAML syntax errors with line and column', () => {
    const e = errorOf('name: x\nobjects:\n  - id: a\n    pose: { position: [0, 0, 1]\n');
    expect(e.file).toBe('scenes/bad.yaml');
    expect(e.path).toMatch(/^line \d+, column \d+$/);
    expect(e.message).toMatch(/^scenes\/bad\.yaml: line \d+, column \d+: YAML syntax error/);
  });

  it('names the file, the path inside it and the reason for a wrong type', () => {
    const text = `name: x\n${floor}objects:\n${[0, 1, 2].map((i) => `  - { id: o${i}, product: can-330ml, pose: { position: [${i * 0.2}, 0, 0.0575] } }`).join('\n')}\n  - id: o3\n    product: can-330ml\n    pose: { position: 1.5 }\n`;
    const e = errorOf(text);
    expect(e.path).toBe('objects[3].pose.position');
    expect(e.message).toMatch(
      /^scenes\/bad\.yaml: objects\[3\]\.pose\.position: expected array of 3 numbers \(line 10, column \d+\)$/,
    );
    expect(e.line).toBe(10);
    expect(e.reason).toBe('expected array of 3 numbers');
  });

  it('rejects unknown keys and an unknown fixture kind', () => {
    expect(errorOf(`name: x\ncolour: red\n`).message).toMatch(/colour/);
    const e = errorOf(`name: x\nfixtures:\n  - { id: s, kind: sofa }\n`);
    expect(e.path).toBe('fixtures[0].kind');
  });

  it('lists the known products for an unknown one', () => {
    const e = errorOf(`name: x\n${floor}objects:\n  - { id: a, product: caviar, pose: { position: [0, 0, 1] } }\n`);
    expect(e.path).toBe('objects[0].product');
    expect(e.reason).toMatch(/unknown product 'caviar' \(known: can-330ml, bottle-500ml, .*tea-box/);
  });

  it('rejects an unknown product in a shelf fill, at the fill path', () => {
    const e = errorOf(
      `name: x\nfixtures:\n  - id: s\n    kind: shelf\n    pose: { position: [0, 0, 0] }\n    widthM: 1\n    depthM: 0.4\n    boardHeightsM: [0.1, 0.5]\n    fill:\n      - { level: 2, product: caviar, count: 2 }\n`,
    );
    expect(e.path).toBe('fixtures[0].fill[0].product');
  });

  it('rejects duplicate object ids, duplicate fixture ids and duplicate places', () => {
    const dupObject = errorOf(
      `name: x\n${floor}objects:\n  - { id: a, product: can-330ml, pose: { position: [0, 0, 0.0575] } }\n  - { id: a, product: can-330ml, pose: { position: [1, 0, 0.0575] } }\n`,
    );
    expect(dupObject.path).toBe('objects[1].id');
    expect(dupObject.reason).toBe("duplicate object id 'a'");
    expect(errorOf(`name: x\nfixtures:\n  - { id: f, kind: floor }\n  - { id: f, kind: floor }\n`).path).toBe(
      'fixtures[1].id',
    );
    const dupPlace = errorOf(
      `name: x\nplaces:\n  - { name: p, pose: { position: [0, 0, 0] } }\n  - { name: p, pose: { position: [1, 0, 0] } }\n`,
    );
    expect(dupPlace.path).toBe('places[1].name');
  });

  it('rejects a place whose frame is an unknown fixture', () => {
    const e = errorOf(`name: x\n${floor}places:\n  - { name: p, pose: { frame: table, position: [0, 0, 0] } }\n`);
    expect(e.path).toBe('places[0].pose.frame');
    expect(e.reason).toMatch(/unknown fixture or place 'table' \(known: floor\)/);
  });

  it('rejects an object intersecting a fixture, naming both', () => {
    const text = `name: x\n${floor}  - { id: table, kind: table, pose: { position: [0, 0, 0] }, topSizeM: [1, 1], heightM: 0.7 }\nobjects:\n  - { id: ok, product: can-330ml, pose: { position: [0.3, 0, 0.7575] } }\n  - { id: sunk, product: can-330ml, pose: { position: [0, 0, 0.74] } }\n`;
    const e = errorOf(text);
    expect(e.path).toBe('objects[1]');
    expect(e.reason).toMatch(/^object 'sunk' intersects fixture 'table\/top' by 17\.5 mm at start/);
  });

  it('rejects two objects intersecting each other', () => {
    const text = `name: x\n${floor}objects:\n  - { id: a, product: tea-box, pose: { position: [0, 0, 0.035] } }\n  - { id: b, product: tea-box, pose: { position: [0.05, 0.05, 0.035], yawDeg: 30 } }\n`;
    expect(errorOf(text).reason).toMatch(/^object 'a' intersects object 'b'/);
  });

  it('rejects a fill that does not fit the slot or the clear height', () => {
    const shelf = (fill: string) =>
      `name: x\nfixtures:\n  - id: s\n    kind: shelf\n    pose: { position: [0, 0, 0] }\n    widthM: 1\n    depthM: 0.4\n    boardHeightsM: [0.1, 0.3, 0.7]\n    slots: 4\n    fill:\n      - ${fill}\n`;
    const tooMany = errorOf(shelf('{ level: 3, product: can-330ml, count: 40 }'));
    expect(tooMany.path).toBe('fixtures[0].fill[0].count');
    expect(tooMany.reason).toMatch(/do not fit a slot \(at most 3 across × 5 deep\)/);
    const tooTall = errorOf(shelf('{ level: 1, product: cereal-box, count: 1 }'));
    expect(tooTall.reason).toMatch(/does not fit under the next board of level 1/);
  });

  it('rejects boards that overlap', () => {
    const e = errorOf(
      `name: x\nfixtures:\n  - { id: s, kind: shelf, pose: { position: [0, 0, 0] }, widthM: 1, depthM: 0.4, boardHeightsM: [0.1, 0.11] }\n`,
    );
    expect(e.path).toBe('fixtures[0].boardHeightsM[1]');
  });

  it('rejects an explicit shape with no way to know its mass, and an unknown material', () => {
    const noMass = errorOf(
      `name: x\nobjects:\n  - { id: a, shape: { kind: sphere, radiusM: 0.1 }, pose: { position: [0, 0, 1] } }\n`,
    );
    expect(noMass.path).toBe('objects[0].massKg');
    const badMaterial = errorOf(
      `name: x\nobjects:\n  - { id: a, shape: { kind: sphere, radiusM: 0.1 }, material: cheese, pose: { position: [0, 0, 1] } }\n`,
    );
    expect(badMaterial.path).toBe('objects[0].material');
    expect(badMaterial.reason).toMatch(/unknown material 'cheese' \(known: default, floor, wood/);
  });

  it('rejects an initial joint position for a joint the URDF does not have', async () => {
    await expect(loadScene('test/fixtures/scenes/bad-joint.yaml')).rejects.toThrow(
      /bad-joint\.yaml: robots\[0\]\.initialJointPositions\.knee_joint: 'knee_joint' is not a movable joint/,
    );
  });

  it('rejects a missing mesh file at the object path', async () => {
    await expect(loadScene('test/fixtures/scenes/missing-mesh.yaml')).rejects.toThrow(
      /missing-mesh\.yaml: objects\[0\]\.shape\.file: cannot load mesh test\/fixtures\/scenes\/nowhere\.stl/,
    );
  });

  it('accepts JSON as well as YAML', () => {
    const scene = parseScene(JSON.stringify({ name: 'j', fixtures: [{ id: 'floor', kind: 'floor' }] }), 'j.json');
    expect(scene.fixtures[0]!.poseInWorld.position.toArray()).toEqual([0, 0, 0]);
    expect(scene.fixtures[0]!.material).toBe('floor');
  });
});
