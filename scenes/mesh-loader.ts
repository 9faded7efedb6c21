import { readFile, stat } from 'node:fs/promises';
import type { BufferGeometry, Mesh, Object3D } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { OBJLoader } from 'three/examples/jsm/loaders/OBJLoader.js';
import { STLLoader } from 'three/examples/jsm/loaders/STLLoader.js';
import { captureConsole, captureConsoleSync } from './console-capture.ts';
import { checkMeshPositions, meshDataFromPositions, MeshError, type MeshData } from './mesh-data.ts';
import { SCENE_LIMITS } from './scene-limits.ts';

/** More than this share of an OBJ's statements unknown to the loader: the file is not an OBJ mesh. */
const MAX_UNKNOWN_OBJ_LINES = 0.1;

/**
 * Parses an OBJ, ASCII/binary STL or GLB file into raw triangle positions in the file's units and frame, checked
 * by `checkMeshPositions`. Works in Node: three's loaders' `parse()` needs no DOM for geometry-only files. What the
 * loaders print (three's OBJ loader echoes every line it cannot parse) is kept off the terminal; a file that is
 * mostly not OBJ is refused as "not an OBJ mesh".
 */
export async function parseMeshFile(data: ArrayBuffer, fileName: string): Promise<Float32Array> {
  const ext = fileName.toLowerCase().split('.').pop();
  let raw: Float32Array;
  if (ext === 'stl') {
    raw = (await captureConsole(() => trianglePositions(new STLLoader().parse(data)))).value;
  } else if (ext === 'obj') {
    raw = parseObj(new TextDecoder().decode(data), fileName);
  } else if (ext === 'glb') {
    const parsed = await captureConsole(() => new GLTFLoader().parseAsync(data, ''));
    raw = objectPositions(parsed.value.scene);
  } else {
    throw new MeshError(fileName, 'unsupported mesh format (expected .obj, .stl or .glb)');
  }
  checkMeshPositions(fileName, raw);
  return raw;
}

/**
 * Reads a mesh file (refusing one over `SCENE_LIMITS.maxMeshFileBytes` before reading it) and parses it.
 */
export async function readMeshFile(path: string): Promise<Float32Array> {
  const { size } = await stat(path);
  if (size > SCENE_LIMITS.maxMeshFileBytes) {
    throw new MeshError(
      path,
      `${(size / 2 ** 20).toFixed(0)} MiB, more than the ${SCENE_LIMITS.maxMeshFileBytes / 2 ** 20} MiB a mesh file may ` +
        'have (SCENE_LIMITS.maxMeshFileBytes)',
    );
  }
  const buffer = await readFile(path);
  return parseMeshFile(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength), path);
}

/** Reads and parses a mesh file, scales it and centres it on its bounding box. */
export async function loadMesh(path: string, scale: number | readonly [number, number, number] = 1): Promise<MeshData> {
  return meshDataFromPositions(path, await readMeshFile(path), scale);
}

function parseObj(text: string, fileName: string): Float32Array {
  const { value, lines } = captureConsoleSync(() => objectPositions(new OBJLoader().parse(text)));
  const unknown = lines.filter((l) => l.startsWith('THREE.OBJLoader: Unexpected line'));
  const statements = text.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#')).length;
  if (unknown.length > 0 && (value.length === 0 || unknown.length > MAX_UNKNOWN_OBJ_LINES * statements)) {
    // Quoted from an untrusted file: keep control characters (terminal escapes) out of the message.
    const quoted = /Unexpected line: "(.*)"$/s.exec(unknown[0]!)?.[1] ?? '';
    const first = [...quoted.slice(0, 40)].map((c) => (isControl(c) ? '?' : c)).join('');
    throw new MeshError(
      fileName,
      `not an OBJ mesh (${unknown.length} of ${statements} lines are not OBJ, the first: "${first}")`,
    );
  }
  return value;
}

function isControl(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
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
