import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Euler, Matrix4, Quaternion, Vector3 } from 'three';
import { UrdfError } from './urdf-error.ts';

/** An XML element with its attributes, children by tag, and a readable path for error messages. */
export interface XmlNode {
  readonly tag: string;
  readonly file: string;
  /** Where this element is, e.g. `joint[name="elbow"]/origin`; used as `UrdfError.element`. */
  readonly path: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: ReadonlyMap<string, readonly XmlNode[]>;
}

type RawElement = { readonly [key: string]: unknown };

const ATTRIBUTES = '$';
const TEXT = '#text';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: ATTRIBUTES,
  // Keep every value a string: numbers are parsed by us so a bad one can be reported with its element.
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every element becomes an array, so a tag that occurs once looks like one that occurs twice.
  isArray: (_tag, _path, _leaf, isAttribute) => !isAttribute,
});

/** Validates and parses a URDF document and returns its `<robot>` element. */
export function parseRobotElement(xml: string, file: string): XmlNode {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    throw new UrdfError(file, `line ${line}, column ${col}`, msg);
  }
  const document = parser.parse(xml) as RawElement;
  const robots = document['robot'];
  if (!Array.isArray(robots) || robots.length !== 1) {
    throw new UrdfError(file, 'robot', 'the document must have exactly one <robot> root element');
  }
  return toNode('robot', robots[0], file, 'robot', '');
}

function toNode(tag: string, raw: unknown, file: string, path: string, childPrefix: string): XmlNode {
  const element: RawElement = typeof raw === 'object' && raw !== null ? (raw as RawElement) : {};
  const attributes = (element[ATTRIBUTES] ?? {}) as Record<string, string>;
  const children = new Map<string, XmlNode[]>();
  for (const [childTag, value] of Object.entries(element)) {
    if (childTag === ATTRIBUTES || childTag === TEXT || !Array.isArray(value)) continue;
    const nodes = value.map((childRaw: unknown, index) => {
      const childElement = typeof childRaw === 'object' && childRaw !== null ? (childRaw as RawElement) : {};
      const name = (childElement[ATTRIBUTES] as Record<string, string> | undefined)?.['name'];
      const selector = name !== undefined ? `[name="${name}"]` : value.length > 1 ? `[${index}]` : '';
      const childPath = `${childPrefix}${childTag}${selector}`;
      return toNode(childTag, childRaw, file, childPath, `${childPath}/`);
    });
    children.set(childTag, nodes);
  }
  return { tag, file, path, attributes, children };
}

/** Throws a `UrdfError` located at `node`. */
export function fail(node: XmlNode, reason: string): never {
  throw new UrdfError(node.file, node.path, reason);
}

/** All children with this tag, in document order. */
export function childrenOf(node: XmlNode, tag: string): readonly XmlNode[] {
  return node.children.get(tag) ?? [];
}

/** The single child with this tag, or undefined; more than one is an error. */
export function optionalChild(node: XmlNode, tag: string): XmlNode | undefined {
  const found = childrenOf(node, tag);
  if (found.length > 1) fail(node, `has ${found.length} <${tag}> elements, expected at most one`);
  return found[0];
}

/** The single child with this tag; missing or repeated is an error. */
export function requiredChild(node: XmlNode, tag: string): XmlNode {
  const found = optionalChild(node, tag);
  if (found === undefined) fail(node, `missing <${tag}> element`);
  return found;
}

/** A required, non-empty string attribute. */
export function requiredAttribute(node: XmlNode, name: string): string {
  const value = node.attributes[name];
  if (value === undefined || value.trim() === '') fail(node, `missing attribute "${name}"`);
  return value.trim();
}

/** A finite number attribute; `fallback` when absent (absent without fallback is an error). */
export function numberAttribute(node: XmlNode, name: string, fallback?: number): number {
  const text = node.attributes[name];
  if (text === undefined) {
    if (fallback === undefined) fail(node, `missing attribute "${name}"`);
    return fallback;
  }
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) fail(node, `attribute ${name}="${text}" is not a finite number`);
  return value;
}

/** A whitespace-separated list of exactly `count` finite numbers. */
export function vectorAttribute(node: XmlNode, name: string, count: number, fallback?: readonly number[]): number[] {
  const text = node.attributes[name];
  if (text === undefined) {
    if (fallback === undefined) fail(node, `missing attribute "${name}"`);
    return [...fallback];
  }
  const parts = text
    .trim()
    .split(/\s+/)
    .filter((part) => part !== '');
  const values = parts.map(Number);
  if (values.length !== count || values.some((value) => !Number.isFinite(value))) {
    fail(node, `attribute ${name}="${text}" is not ${count} finite numbers`);
  }
  return values;
}

const UNIT_SCALE = new Vector3(1, 1, 1);

/**
 * The `<origin xyz rpy>` child of `node` as a matrix (identity when absent). URDF rpy is fixed-axis
 * roll-pitch-yaw, R = Rz(yaw)·Ry(pitch)·Rx(roll), which is three's intrinsic 'ZYX' Euler order.
 */
export function originOf(node: XmlNode): Matrix4 {
  const origin = optionalChild(node, 'origin');
  if (origin === undefined) return new Matrix4();
  const [x = 0, y = 0, z = 0] = vectorAttribute(origin, 'xyz', 3, [0, 0, 0]);
  const [roll = 0, pitch = 0, yaw = 0] = vectorAttribute(origin, 'rpy', 3, [0, 0, 0]);
  const rotation = new Quaternion().setFromEuler(new Euler(roll, pitch, yaw, 'ZYX'));
  return new Matrix4().compose(new Vector3(x, y, z), rotation, UNIT_SCALE);
}
