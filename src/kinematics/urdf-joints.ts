import { Vector3 } from 'three';
import type { Joint, JointLimits, JointType } from './model.ts';
import {
  fail,
  numberAttribute,
  optionalChild,
  originOf,
  requiredAttribute,
  requiredChild,
  vectorAttribute,
  type XmlNode,
} from './urdf-xml.ts';

const JOINT_TYPES: readonly JointType[] = ['revolute', 'continuous', 'prismatic', 'fixed', 'floating', 'planar'];

/** Parses one `<joint>` element. Link references are checked later, once all links are known. */
export function parseJoint(node: XmlNode): Joint {
  const name = requiredAttribute(node, 'name');
  const typeText = requiredAttribute(node, 'type');
  if (!(JOINT_TYPES as readonly string[]).includes(typeText)) {
    fail(node, `unknown joint type "${typeText}", expected one of ${JOINT_TYPES.join(', ')}`);
  }
  const type = typeText as JointType;
  const parent = requiredAttribute(requiredChild(node, 'parent'), 'link');
  const child = requiredAttribute(requiredChild(node, 'child'), 'link');
  const limits = parseLimits(node, type);
  const mimic = parseMimic(node);
  return {
    name,
    type,
    parent,
    child,
    origin: originOf(node),
    axis: parseAxis(node),
    ...(limits === undefined ? {} : { limits }),
    ...(mimic === undefined ? {} : { mimic }),
  };
}

function parseAxis(node: XmlNode): Vector3 {
  const axisNode = optionalChild(node, 'axis');
  // URDF's default axis is x.
  if (axisNode === undefined) return new Vector3(1, 0, 0);
  const [x = 0, y = 0, z = 0] = vectorAttribute(axisNode, 'xyz', 3);
  const axis = new Vector3(x, y, z);
  if (axis.length() < 1e-9) fail(axisNode, `axis xyz="${axisNode.attributes['xyz']}" has zero length`);
  return axis.normalize();
}

/**
 * Revolute and prismatic joints must give all four limits. A continuous joint has no position limits
 * (±Infinity) but keeps the velocity and effort its `<limit>` gives, if any.
 */
function parseLimits(node: XmlNode, type: JointType): JointLimits | undefined {
  const limitNode = optionalChild(node, 'limit');
  const bounded = type === 'revolute' || type === 'prismatic';
  if (limitNode === undefined) {
    if (bounded) fail(node, `a ${type} joint needs a <limit> element with lower, upper, effort and velocity`);
    return undefined;
  }
  const velocity = numberAttribute(limitNode, 'velocity', bounded ? undefined : Infinity);
  const effort = numberAttribute(limitNode, 'effort', bounded ? undefined : Infinity);
  if (velocity < 0) fail(limitNode, `velocity ${velocity} must not be negative`);
  if (effort < 0) fail(limitNode, `effort ${effort} must not be negative`);
  if (!bounded) return { lower: -Infinity, upper: Infinity, velocity, effort };
  const lower = numberAttribute(limitNode, 'lower');
  const upper = numberAttribute(limitNode, 'upper');
  if (lower > upper) fail(limitNode, `lower limit ${lower} is above upper limit ${upper}`);
  return { lower, upper, velocity, effort };
}

function parseMimic(node: XmlNode): Joint['mimic'] {
  const mimicNode = optionalChild(node, 'mimic');
  if (mimicNode === undefined) return undefined;
  return {
    joint: requiredAttribute(mimicNode, 'joint'),
    multiplier: numberAttribute(mimicNode, 'multiplier', 1),
    offset: numberAttribute(mimicNode, 'offset', 0),
  };
}
