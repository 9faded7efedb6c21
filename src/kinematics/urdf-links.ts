import type { Geometry, Inertial, Link, LinkShape } from './model.ts';
import {
  childrenOf,
  fail,
  numberAttribute,
  optionalChild,
  originOf,
  requiredAttribute,
  requiredChild,
  vectorAttribute,
  type XmlNode,
} from './urdf-xml.ts';

/**
 * Rewrites a mesh filename (e.g. resolves `package://` against the URDF's folder); identity by default. It may throw
 * to refuse a name; the parser reports that at the `<mesh>` element.
 */
export type MeshPathResolver = (filename: string) => string;

/** Parses one `<link>` element: its visuals, collisions and inertial. */
export function parseLink(node: XmlNode, resolveMesh: MeshPathResolver): Link {
  const name = requiredAttribute(node, 'name');
  const visuals = childrenOf(node, 'visual').map((shape) => parseShape(shape, resolveMesh));
  const collisions = childrenOf(node, 'collision').map((shape) => parseShape(shape, resolveMesh));
  const inertialNode = optionalChild(node, 'inertial');
  const inertial = inertialNode === undefined ? undefined : parseInertial(inertialNode);
  return inertial === undefined ? { name, visuals, collisions } : { name, visuals, collisions, inertial };
}

function parseShape(node: XmlNode, resolveMesh: MeshPathResolver): LinkShape {
  return { origin: originOf(node), geometry: parseGeometry(requiredChild(node, 'geometry'), resolveMesh) };
}

const GEOMETRY_KINDS = ['box', 'cylinder', 'sphere', 'mesh'];

function parseGeometry(node: XmlNode, resolveMesh: MeshPathResolver): Geometry {
  const kinds = [...node.children.keys()];
  if (kinds.length !== 1 || childrenOf(node, kinds[0] ?? '').length !== 1) {
    fail(
      node,
      `expected exactly one of <box>, <cylinder>, <sphere>, <mesh>, found ${kinds.length === 0 ? 'none' : kinds.join(', ')}`,
    );
  }
  const shape = requiredChild(node, kinds[0] ?? '');
  switch (shape.tag) {
    case 'box': {
      const [x = 0, y = 0, z = 0] = vectorAttribute(shape, 'size', 3);
      if (!(x > 0 && y > 0 && z > 0)) fail(shape, `box size must be positive, got "${shape.attributes['size']}"`);
      return { kind: 'box', sizeM: [x, y, z] };
    }
    case 'cylinder': {
      const radiusM = positive(shape, 'radius');
      return { kind: 'cylinder', radiusM, lengthM: positive(shape, 'length') };
    }
    case 'sphere':
      return { kind: 'sphere', radiusM: positive(shape, 'radius') };
    case 'mesh': {
      const [sx = 1, sy = 1, sz = 1] = vectorAttribute(shape, 'scale', 3, [1, 1, 1]);
      return { kind: 'mesh', filename: resolvedMesh(shape, resolveMesh), scale: [sx, sy, sz] };
    }
    default:
      return fail(shape, `unsupported geometry <${shape.tag}>, expected one of ${GEOMETRY_KINDS.join(', ')}`);
  }
}

/** The resolver's answer, or a `UrdfError` at the `<mesh>` element when it refuses the name (a path outside the allowed folders). */
function resolvedMesh(shape: XmlNode, resolveMesh: MeshPathResolver): string {
  const filename = requiredAttribute(shape, 'filename');
  try {
    return resolveMesh(filename);
  } catch (error) {
    return fail(shape, (error as Error).message);
  }
}

function positive(node: XmlNode, attribute: string): number {
  const value = numberAttribute(node, attribute);
  if (value <= 0) fail(node, `attribute ${attribute}="${value}" must be positive`);
  return value;
}

function parseInertial(node: XmlNode): Inertial {
  const massKg = numberAttribute(requiredChild(node, 'mass'), 'value');
  if (massKg < 0) fail(node, `mass ${massKg} must not be negative`);
  const inertiaNode = requiredChild(node, 'inertia');
  const inertia = (['ixx', 'ixy', 'ixz', 'iyy', 'iyz', 'izz'] as const).map((key) => numberAttribute(inertiaNode, key));
  const [ixx = 0, ixy = 0, ixz = 0, iyy = 0, iyz = 0, izz = 0] = inertia;
  return { origin: originOf(node), massKg, inertia: [ixx, ixy, ixz, iyy, iyz, izz] };
}
