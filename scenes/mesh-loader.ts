import type { BufferGeometry, Mesh, Object3D } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { OBJLoader } from 'three/examples/jsm/loaders/OBJLoader.js';
import { STLLoader } from 'three/examples/jsm/loaders/STLLoader.js';
import { nodeFileSource } from './file-source.ts';
import { meshDataFromPositions, type MeshData } from './mesh-data.ts';

/**
 * Parses an OBJ, ASCII/binary STL or GLB file into raw triangle positions in the file's units and frame.
 * Works in Node: three's loaders' `parse()` needs no DOM for geometry-only files.
 */
export async function parseMeshFile(data: ArrayBuffer, fileName: string): Promise<Float32Array> {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'stl') return trianglePositions(new STLLoader().parse(data));
  if (ext === 'obj') return objectPositions(new OBJLoader().parse(new TextDecoder().decode(data)));
  if (ext === 'glb') {
    const gltf = await new GLTFLoader().parseAsync(data, '');
    return objectPositions(gltf.scene);
  }
  throw new Error(`${fileName}: unsupported mesh format (expected .obj, .stl or .glb)`);
}

/** Reads and parses a mesh file, scales it and centres it on its bounding box. */
export async function loadMesh(path: string, scale: number | readonly [number, number, number] = 1): Promise<MeshData> {
  const data = await nodeFileSource.readBytes(path);
  return meshDataFromPositions(path, await parseMeshFile(data, path), scale);
}

function trianglePositions(geometry: BufferGeometry): Float32Array {
  const soup = geometry.index ? geometry.toNonIndexed() : geometry;
  const attr = soup.getAttribute('position');
  const out = new Float32Array(attr.count * 3);
  for (let i = 0; i < attr.count; i++) {
    out[3 * i] = attr.getX(i);
    out[3 * i + 1] = attr.getY(i);
    out[3 * i + 2] = attr.getZ(i);
  }
  return out;
}

/** Collects every mesh under a loaded scene graph, with node transforms applied. */
function objectPositions(root: Object3D): Float32Array {
  root.updateMatrixWorld(true);
  const parts: Float32Array[] = [];
  root.traverse((node) => {
    const mesh = node as Mesh;
    if (!mesh.isMesh) return;
    const geometry = mesh.geometry.clone().applyMatrix4(mesh.matrixWorld);
    parts.push(trianglePositions(geometry));
  });
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
