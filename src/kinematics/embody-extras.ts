import type { ArmPosture, EmbodyExtras, Joint, Link, WalkingExtras } from './model.ts';
import { childrenOf, fail, numberAttribute, optionalChild, requiredAttribute, type XmlNode } from './urdf-xml.ts';

/** An `<embody>` with nothing in it: what a plain ROS URDF gets. */
export const NO_EXTRAS: EmbodyExtras = {
  arms: [],
  grippers: [],
  suctionCups: [],
  ftSensors: [],
  cameras: [],
  postures: [],
};

const KNOWN_ELEMENTS = new Set([
  'base',
  'lift',
  'arm',
  'gripper',
  'suction',
  'ft_sensor',
  'camera',
  'posture',
  'leg',
  'walking',
]);
const BASE_KINDS = ['holonomic', 'differential', 'bipedal'] as const;

/** The links and joints an `<embody>` element may refer to. */
export interface RobotTree {
  readonly links: ReadonlyMap<string, Link>;
  readonly joints: ReadonlyMap<string, Joint>;
}

/**
 * Parses the optional `<embody>` child of `<robot>`. Unlike the rest of URDF this tag is ours, so it is
 * strict: unknown elements and references to links, joints or arms that do not exist are errors.
 */
export function parseEmbodyExtras(robot: XmlNode, tree: RobotTree): EmbodyExtras {
  const embody = optionalChild(robot, 'embody');
  if (embody === undefined) return NO_EXTRAS;
  for (const [tag, nodes] of embody.children) {
    if (!KNOWN_ELEMENTS.has(tag))
      fail(
        nodes[0] ?? embody,
        `unknown element <${tag}> in <embody>, expected one of ${[...KNOWN_ELEMENTS].join(', ')}`,
      );
  }
  const link = (node: XmlNode, attribute: string): string => {
    const name = requiredAttribute(node, attribute);
    if (!tree.links.has(name)) fail(node, `${attribute} "${name}" is not a link of this robot`);
    return name;
  };
  const joint = (node: XmlNode, name: string, attribute: string): string => {
    if (!tree.joints.has(name)) fail(node, `${attribute} "${name}" is not a joint of this robot`);
    return name;
  };
  const names = new Set<string>();
  const uniqueName = (node: XmlNode): string => {
    const name = requiredAttribute(node, 'name');
    if (names.has(name)) fail(node, `duplicate name "${name}" in <embody>`);
    names.add(name);
    return name;
  };

  const arms = childrenOf(embody, 'arm').map((node) => {
    const baseLink = link(node, 'base_link');
    const tipLink = link(node, 'tip_link');
    if (!isBelow(tree, tipLink, baseLink)) fail(node, `tip_link "${tipLink}" is not below base_link "${baseLink}"`);
    return { name: uniqueName(node), baseLink, tipLink };
  });
  const armNames = new Set(arms.map((arm) => arm.name));
  const arm = (node: XmlNode): string => {
    const name = requiredAttribute(node, 'arm');
    if (!armNames.has(name)) fail(node, `arm "${name}" is not declared by an <arm> element`);
    return name;
  };

  const grippers = childrenOf(embody, 'gripper').map((node) => ({
    name: uniqueName(node),
    arm: arm(node),
    link: link(node, 'link'),
    fingerJoints: (node.attributes['finger_joints'] ?? '')
      .split(/\s+/)
      .filter((name) => name !== '')
      .map((name) => joint(node, name, 'finger_joints entry')),
    maxWidthM: positive(node, 'max_width'),
    maxForceN: positive(node, 'max_force'),
  }));
  const suctionCups = childrenOf(embody, 'suction').map((node) => ({
    name: uniqueName(node),
    arm: arm(node),
    link: link(node, 'link'),
    diameterM: positive(node, 'diameter'),
    vacuumKPa: positive(node, 'vacuum_kpa'),
  }));
  const ftSensors = childrenOf(embody, 'ft_sensor').map((node) => ({
    name: uniqueName(node),
    arm: arm(node),
    link: link(node, 'link'),
  }));
  const cameras = childrenOf(embody, 'camera').map((node) => {
    const fovYRad = positive(node, 'fov_y');
    if (fovYRad >= Math.PI) fail(node, `fov_y ${fovYRad} must be below π`);
    return {
      name: uniqueName(node),
      link: link(node, 'link'),
      widthPx: pixels(node, 'width'),
      heightPx: pixels(node, 'height'),
      fovYRad,
    };
  });

  const postures = parsePostures(embody, arms, tree);
  const legNames = new Set<string>();
  const legs = childrenOf(embody, 'leg').map((node): NonNullable<EmbodyExtras['legs']>[number] => {
    const name = requiredAttribute(node, 'name');
    if (name !== 'left' && name !== 'right') fail(node, `leg name "${name}" must be left or right`);
    if (legNames.has(name)) fail(node, `duplicate leg "${name}"`);
    legNames.add(name);
    const hipLink = link(node, 'hip_link');
    const soleLink = link(node, 'sole_link');
    if (!isBelow(tree, soleLink, hipLink)) fail(node, `sole_link "${soleLink}" is not below hip_link "${hipLink}"`);
    return { name, hipLink, soleLink };
  });
  const walkingNode = optionalChild(embody, 'walking');

  const baseNode = optionalChild(embody, 'base');
  if (baseNode !== undefined && baseKind(baseNode) === 'bipedal' && (legs.length !== 2 || walkingNode === undefined)) {
    fail(baseNode, 'a bipedal base needs a left and a right <leg> and a <walking> element in <embody>');
  }
  const liftNode = optionalChild(embody, 'lift');
  return {
    arms,
    grippers,
    suctionCups,
    ftSensors,
    cameras,
    postures,
    ...(baseNode === undefined ? {} : { base: { kind: baseKind(baseNode), link: link(baseNode, 'link') } }),
    ...(legs.length === 0 ? {} : { legs }),
    ...(walkingNode === undefined ? {} : { walking: walkingExtras(walkingNode) }),
    ...(liftNode === undefined
      ? {}
      : { lift: { joint: joint(liftNode, requiredAttribute(liftNode, 'joint'), 'joint') } }),
  };
}

/**
 * `<posture name="stow" arm="right"><joint name="right_shoulder_pan_joint" value="0"/>...</posture>`: one value
 * per movable joint of the arm's chain, within the joint's limits; a name once per arm.
 */
function parsePostures(
  embody: XmlNode,
  arms: readonly { readonly name: string; readonly baseLink: string; readonly tipLink: string }[],
  tree: RobotTree,
): ArmPosture[] {
  const seen = new Set<string>();
  return childrenOf(embody, 'posture').map((node) => {
    const name = requiredAttribute(node, 'name');
    const armName = requiredAttribute(node, 'arm');
    const arm = arms.find((a) => a.name === armName);
    if (arm === undefined) fail(node, `arm "${armName}" is not declared by an <arm> element`);
    if (seen.has(`${armName}/${name}`)) fail(node, `duplicate posture "${name}" for arm "${armName}"`);
    seen.add(`${armName}/${name}`);
    const chain = movableJointsBetween(tree, arm.baseLink, arm.tipLink);
    const joints: Record<string, number> = {};
    for (const jointNode of childrenOf(node, 'joint')) {
      const jointName = requiredAttribute(jointNode, 'name');
      const joint = tree.joints.get(jointName);
      if (joint === undefined || !chain.includes(jointName))
        fail(jointNode, `"${jointName}" is not a movable joint of arm "${armName}" (${chain.join(', ')})`);
      if (jointName in joints) fail(jointNode, `joint "${jointName}" is given twice`);
      const value = numberAttribute(jointNode, 'value');
      const limits = joint.limits;
      if (limits !== undefined && joint.type !== 'continuous' && (value < limits.lower || value > limits.upper))
        fail(jointNode, `value ${value} is outside the joint's limits [${limits.lower}, ${limits.upper}]`);
      joints[jointName] = value;
    }
    const missing = chain.filter((j) => !(j in joints));
    if (missing.length > 0) fail(node, `posture "${name}" gives no value for ${missing.join(', ')}`);
    return { name, arm: armName, joints };
  });
}

/** The movable (non-fixed) joints from `baseLink` down to `tipLink`, base first. */
function movableJointsBetween(tree: RobotTree, baseLink: string, tipLink: string): string[] {
  const jointTo = new Map([...tree.joints.values()].map((joint) => [joint.child, joint]));
  const out: string[] = [];
  for (let link = tipLink; link !== baseLink;) {
    const joint = jointTo.get(link);
    if (joint === undefined) break;
    if (joint.type !== 'fixed') out.unshift(joint.name);
    link = joint.parent;
  }
  return out;
}

function walkingExtras(node: XmlNode): WalkingExtras {
  return {
    maxStepLengthM: positive(node, 'max_step_length'),
    maxStepWidthM: positive(node, 'max_step_width'),
    maxTurnPerStepRad: positive(node, 'max_turn_per_step'),
    maxStepHeightM: positive(node, 'max_step_height'),
    stanceWidthM: positive(node, 'stance_width'),
    singleSupportS: positive(node, 'single_support'),
    doubleSupportS: positive(node, 'double_support'),
    swingHeightM: positive(node, 'swing_height'),
  };
}

function baseKind(node: XmlNode): (typeof BASE_KINDS)[number] {
  const kind = requiredAttribute(node, 'kind');
  const found = BASE_KINDS.find((known) => known === kind);
  if (found === undefined) fail(node, `unknown base kind "${kind}", expected one of ${BASE_KINDS.join(', ')}`);
  return found;
}

function positive(node: XmlNode, attribute: string): number {
  const value = numberAttribute(node, attribute);
  if (value <= 0) fail(node, `attribute ${attribute}="${value}" must be positive`);
  return value;
}

function pixels(node: XmlNode, attribute: string): number {
  const value = positive(node, attribute);
  if (!Number.isInteger(value)) fail(node, `attribute ${attribute}="${value}" must be a whole number of pixels`);
  return value;
}

/** True when `link` lies strictly below `ancestor` in the tree. */
function isBelow(tree: RobotTree, link: string, ancestor: string): boolean {
  const parentOf = new Map([...tree.joints.values()].map((joint) => [joint.child, joint.parent]));
  for (let current = parentOf.get(link); current !== undefined; current = parentOf.get(current)) {
    if (current === ancestor) return true;
  }
  return false;
}
