import { describe, expect, it } from 'vitest';
import { meshDataFromPositions } from '../../scenes/mesh-data.ts';
import { loadMesh, parseMeshFile } from '../../scenes/mesh-loader.ts';

/** A GLB with one triangle mesh node translated by (0, 0, 2): what a CAD export of a single part looks like. */
function tetraGlb(): ArrayBuffer {
  const positions = new Float32Array([
    0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1,
  ]);
  const json = JSON.stringify({
    asset: { version: '2.0' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0, translation: [0, 0, 2] }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0 } }] }],
    accessors: [{ bufferView: 0, componentType: 5126, count: 12, type: 'VEC3', min: [0, 0, 0], max: [1, 1, 1] }],
    bufferViews: [{ buffer: 0, byteOffset: 0, byteLength: positions.byteLength }],
    buffers: [{ byteLength: positions.byteLength }],
  });
  const jsonBytes = new TextEncoder().encode(json + ' '.repeat((4 - (json.length % 4)) % 4));
  const bin = new Uint8Array(positions.buffer);
  const total = 12 + 8 + jsonBytes.length + 8 + bin.length;
  const out = new DataView(new ArrayBuffer(total));
  out.setUint32(0, 0x46546c67, true); // 'glTF'
  out.setUint32(4, 2, true);
  out.setUint32(8, total, true);
  out.setUint32(12, jsonBytes.length, true);
  out.setUint32(16, 0x4e4f534a, true); // 'JSON'
  new Uint8Array(out.buffer, 20, jsonBytes.length).set(jsonBytes);
  out.setUint32(20 + jsonBytes.length, bin.length, true);
  out.setUint32(24 + jsonBytes.length, 0x004e4942, true); // 'BIN'
  new Uint8Array(out.buffer, 28 + jsonBytes.length, bin.length).set(bin);
  return out.buffer;
}

describe('mesh loading', () => {
  it('loads an OBJ cube: quads triangulated, scaled, centred on its bounds, volume measured', async () => {
    const mesh = await loadMesh('test/fixtures/scenes/cube.obj', 0.05);
    expect(mesh.verticesM.length).toBe(6 * 2 * 9);
    expect(mesh.boundsM).toEqual([expect.closeTo(0.1, 7), expect.closeTo(0.1, 7), expect.closeTo(0.1, 7)]);
    expect(Math.min(...mesh.verticesM)).toBeCloseTo(-0.05, 7);
    expect(mesh.volumeM3).toBeCloseTo(0.001, 9);
  });

  it('loads an ASCII STL tetrahedron with a per-axis scale', async () => {
    const mesh = await loadMesh('test/fixtures/scenes/tetra.stl', [0.1, 0.2, 0.3]);
    expect(mesh.verticesM.length).toBe(4 * 9);
    expect(mesh.boundsM).toEqual([expect.closeTo(0.1, 7), expect.closeTo(0.2, 7), expect.closeTo(0.3, 7)]);
    expect(mesh.volumeM3).toBeCloseTo((0.1 * 0.2 * 0.3) / 6, 9);
  });

  it('parses a GLB in Node, applying node transforms', async () => {
    const raw = await parseMeshFile(tetraGlb(), 'part.glb');
    expect(raw.length).toBe(4 * 9);
    const zs = Array.from(raw).filter((_, i) => i % 3 === 2);
    expect(Math.min(...zs)).toBeCloseTo(2, 7);
    expect(meshDataFromPositions('part.glb', raw).volumeM3).toBeCloseTo(1 / 6, 7);
  });

  it('rejects unknown formats and empty meshes', async () => {
    await expect(parseMeshFile(new ArrayBuffer(4), 'part.ply')).rejects.toThrow(/unsupported mesh format/);
    expect(() => meshDataFromPositions('x.obj', new Float32Array(0))).toThrow(/no triangles/);
  });
});
