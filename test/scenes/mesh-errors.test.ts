import { closeSync, copyFileSync, ftruncateSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vector3 } from 'three';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hullPointsM } from '../../scenes/hull-points.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import { checkMeshPositions, meshDataFromPositions } from '../../scenes/mesh-data.ts';
import { readMeshFile } from '../../scenes/mesh-loader.ts';
import { SCENE_LIMITS } from '../../scenes/scene-limits.ts';
import { createSimulation } from '../../sim/build-scene.ts';
import { sphereSoup, writeBinaryStl } from './mesh-files.ts';

// Meshes named by scene files: what is wrong with one is said with the scene, the field and the mesh file named,
// and nothing a loader parses is echoed to the terminal.

const ROOT = new URL('../..', import.meta.url).pathname;
const CUBE = join(ROOT, 'test/fixtures/scenes/cube.obj');

function sceneDir(): string {
  return mkdtempSync(join(tmpdir(), 'embody-mesh-errors-'));
}

function meshScene(dir: string, object: string, name = 'scene.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, `name: m\nfixtures:\n  - { id: floor, kind: floor }\nobjects:\n  - ${object}\n`);
  return path;
}

afterEach(() => vi.restoreAllMocks());

describe('mesh errors in scenes', () => {
  it('refuses a text file named .obj as "not an OBJ mesh" without printing its lines', async () => {
    const dir = sceneDir();
    copyFileSync(join(ROOT, 'README.md'), join(dir, 'notes.obj'));
    const scene = meshScene(
      dir,
      '{ id: a, shape: { kind: mesh, file: notes.obj }, massKg: 1, pose: { position: [0, 0, 1] } }',
    );
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    await expect(loadScene(scene)).rejects.toThrow(
      new RegExp(
        `^${scene}: objects\\[0\\]\\.shape\\.file: cannot load mesh .*notes\\.obj: not an OBJ mesh \\(\\d+ of \\d+ lines`,
      ),
    );
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('names the scene and the field for an empty .obj', async () => {
    const dir = sceneDir();
    writeFileSync(join(dir, 'empty.obj'), '');
    const scene = meshScene(
      dir,
      '{ id: a, shape: { kind: mesh, file: empty.obj }, massKg: 1, pose: { position: [0, 0, 1] } }',
    );
    await expect(loadScene(scene)).rejects.toThrow(
      new RegExp(`^${scene}: objects\\[0\\]\\.shape\\.file: cannot load mesh .*empty\\.obj: the mesh has no triangles`),
    );
  });

  it('names the triangle with a NaN vertex instead of an "Infinity mm" intersection', async () => {
    const dir = sceneDir();
    writeFileSync(join(dir, 'nan.obj'), 'v 0 0 0\nv nan 0 0\nv 0 1 0\nv 0 0 1\nf 1 2 3\nf 1 2 4\nf 1 3 4\nf 2 3 4\n');
    const scene = meshScene(
      dir,
      '{ id: a, shape: { kind: mesh, file: nan.obj, scale: 0.1 }, massKg: 1, pose: { position: [0, 0, 1] } }',
    );
    const failure = loadScene(scene);
    await expect(failure).rejects.toThrow(
      /objects\[0\]\.shape\.file: .*nan\.obj: triangle 1 has a vertex coordinate that is not a finite number/,
    );
    await expect(failure).rejects.not.toThrow(/Infinity/);
  });

  it('tells a one-triangle mesh with densityKgM3 that it encloses no volume, not that it needs densityKgM3', async () => {
    const dir = sceneDir();
    writeFileSync(join(dir, 'tri.obj'), 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
    const scene = meshScene(
      dir,
      '{ id: a, shape: { kind: mesh, file: tri.obj, scale: 0.1 }, densityKgM3: 500, pose: { position: [0, 0, 1] } }',
    );
    await expect(loadScene(scene)).rejects.toThrow(
      /objects\[0\]\.densityKgM3: mesh .*tri\.obj encloses no volume \(1 triangle\(s\), open or flat\), so a density gives it no mass: give massKg/,
    );
  });

  it('refuses a mesh over the triangle limit and a file over the size limit before parsing it', async () => {
    expect(() => checkMeshPositions('big.stl', new Float32Array((SCENE_LIMITS.maxMeshTriangles + 1) * 9))).toThrow(
      `big.stl: ${SCENE_LIMITS.maxMeshTriangles + 1} triangles, more than the ${SCENE_LIMITS.maxMeshTriangles} a mesh may have`,
    );
    const huge = join(sceneDir(), 'huge.stl');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, SCENE_LIMITS.maxMeshFileBytes + 1); // sparse: no disk used
    closeSync(fd);
    await expect(readMeshFile(huge)).rejects.toThrow(/huge\.stl: 256 MiB, more than the 256 MiB a mesh file may have/);
  });

  it('builds a dense mesh as a bounded hull of its extreme points, close to the true surface', async () => {
    const soup = sphereSoup(0.03, 160, 100); // 32,000 triangles
    const points = hullPointsM(soup);
    expect(points.length / 3).toBeLessThanOrEqual(SCENE_LIMITS.hullPoints);
    // Along any direction the kept points reach the sphere to within 0.1 mm.
    const dirs = [new Vector3(1, 2, 3), new Vector3(-1, 0.2, 0), new Vector3(0.3, -0.7, -0.1)].map((d) =>
      d.normalize(),
    );
    for (const d of dirs) {
      let reach = -Infinity;
      for (let i = 0; i < points.length; i += 3) reach = Math.max(reach, d.dot(new Vector3().fromArray(points, i)));
      expect(reach).toBeGreaterThan(0.03 - 1e-4);
      expect(reach).toBeLessThanOrEqual(0.03 + 1e-6);
    }
    // A small mesh keeps every vertex (so existing scenes and datasets do not change).
    const cube = meshDataFromPositions('cube', await readMeshFile(CUBE), 0.05).verticesM;
    expect(hullPointsM(cube)).toBe(cube);
  });

  it('loads a scene with a 200k-triangle mesh into the simulator through a bounded hull', async () => {
    const dir = sceneDir();
    writeBinaryStl(join(dir, 'ball.stl'), sphereSoup(0.03, 400, 250));
    const scene = await loadScene(
      meshScene(
        dir,
        '{ id: ball, shape: { kind: mesh, file: ball.stl }, massKg: 0.1, pose: { position: [0, 0, 0.05] } }',
      ),
    );
    // The physics hull is built from a bounded set of points, not from all 600,000 soup vertices.
    expect(scene.objects[0]!.meshVerticesM!.length / 3).toBeLessThanOrEqual(SCENE_LIMITS.hullPoints);
    const simulation = await createSimulation(scene, { seed: 1 });
    try {
      expect(simulation.objects.has('ball')).toBe(true);
      simulation.sim.runFor(60);
    } finally {
      simulation.free();
    }
  }, 60_000);
});
