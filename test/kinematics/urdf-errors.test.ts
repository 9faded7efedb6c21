import { describe, expect, it } from 'vitest';
import { parseUrdf } from '../../src/kinematics/urdf-parser.ts';
import { UrdfError } from '../../src/kinematics/urdf-error.ts';

const LIMIT = '<limit lower="-1" upper="1" velocity="1" effort="1"/>';
/** A valid 2-joint arm; each case below breaks one thing in it. */
const GOOD = `<?xml version="1.0"?>
<robot name="bad">
  <link name="base"/>
  <link name="upper"><visual><geometry><box size="0.1 0.1 0.5"/></geometry></visual></link>
  <link name="fore"/>
  <joint name="shoulder" type="revolute"><parent link="base"/><child link="upper"/><axis xyz="0 0 1"/>${LIMIT}</joint>
  <joint name="elbow" type="revolute"><parent link="upper"/><child link="fore"/><origin xyz="0.5 0 0" rpy="0 0 0"/><axis xyz="0 0 1"/>${LIMIT}</joint>
  <!--EXTRA-->
</robot>`;
const EXTRAS = `<embody>
    <arm name="right" base_link="base" tip_link="fore"/>
    <!--EMBODY-->
  </embody>`;

const ELBOW = /<joint name="elbow".*<\/joint>/;
const withExtra = (xml: string): string => GOOD.replace('<!--EXTRA-->', xml);
const withEmbody = (xml: string): string => withExtra(EXTRAS.replace('<!--EMBODY-->', xml));
const editElbow = (edit: (elbow: string) => string): string => GOOD.replace(ELBOW, (elbow) => edit(elbow));

function parseError(xml: string): UrdfError {
  try {
    parseUrdf(xml, 'robot.urdf');
  } catch (error) {
    if (error instanceof UrdfError) return error;
    throw error;
  }
  throw new Error('expected parseUrdf to throw a UrdfError');
}

describe('parseUrdf on malformed URDF', () => {
  it('accepts the unbroken base document (so each failure below comes from its one edit)', () => {
    expect(parseUrdf(GOOD, 'robot.urdf').joints.size).toBe(2);
    expect(parseUrdf(withEmbody(''), 'robot.urdf').extras.arms).toHaveLength(1);
  });

  it('reports the line and column of an XML syntax error', () => {
    const error = parseError(GOOD.replace('<link name="fore"/>', '<link name="fore">'));
    expect(error.element).toMatch(/^line \d+, column \d+$/);
    expect(error.reason).toMatch(/closing tag/i);
    expect(error.message).toBe(`robot.urdf: ${error.element}: ${error.reason}`);
  });

  const cases: readonly (readonly [string, string, string, RegExp])[] = [
    ['no <robot> root', '<model name="x"/>', 'robot', /exactly one <robot> root/],
    [
      'unknown joint type',
      editElbow((j) => j.replace('type="revolute"', 'type="hinge"')),
      'joint[name="elbow"]',
      /^unknown joint type "hinge", expected one of revolute, continuous/,
    ],
    [
      'missing parent link',
      editElbow((j) => j.replace('<parent link="upper"/>', '<parent link="upper_arm"/>')),
      'joint[name="elbow"]',
      /^parent link "upper_arm" is not defined$/,
    ],
    [
      'missing child link',
      editElbow((j) => j.replace('<child link="fore"/>', '<child link="hand"/>')),
      'joint[name="elbow"]',
      /^child link "hand" is not defined$/,
    ],
    [
      'missing <parent> element',
      editElbow((j) => j.replace('<parent link="upper"/>', '')),
      'joint[name="elbow"]',
      /^missing <parent> element$/,
    ],
    [
      'link with two parents',
      withExtra(`<joint name="extra" type="fixed"><parent link="base"/><child link="fore"/></joint>`),
      'joint[name="extra"]',
      /^link "fore" already has parent joint "elbow"/,
    ],
    [
      'cyclic tree',
      withExtra(`<joint name="loop" type="fixed"><parent link="fore"/><child link="base"/></joint>`),
      'joint[name="shoulder"]',
      /^joints form a cycle: base -> upper -> fore -> base$/,
    ],
    [
      'self loop',
      withExtra(
        `<link name="spin"/><joint name="spin_joint" type="fixed"><parent link="spin"/><child link="spin"/></joint>`,
      ),
      'joint[name="spin_joint"]',
      /^joints form a cycle: spin -> spin$/,
    ],
    ['multiple roots', withExtra('<link name="orphan"/>'), 'robot', /^has 2 root links \(base, orphan\)/],
    [
      'missing limits on a revolute joint',
      editElbow((j) => j.replace(LIMIT, '')),
      'joint[name="elbow"]',
      /^a revolute joint needs a <limit> element/,
    ],
    [
      'inverted limits',
      editElbow((j) => j.replace('lower="-1" upper="1"', 'lower="2" upper="1"')),
      'joint[name="elbow"]/limit',
      /^lower limit 2 is above upper limit 1$/,
    ],
    [
      'missing limit attribute',
      editElbow((j) => j.replace('velocity="1" ', '')),
      'joint[name="elbow"]/limit',
      /^missing attribute "velocity"$/,
    ],
    [
      'negative velocity limit',
      editElbow((j) => j.replace('velocity="1"', 'velocity="-2"')),
      'joint[name="elbow"]/limit',
      /^velocity -2 must not be negative$/,
    ],
    [
      'non-numeric limit',
      editElbow((j) => j.replace('upper="1"', 'upper="1.5rad"')),
      'joint[name="elbow"]/limit',
      /^attribute upper="1.5rad" is not a finite number$/,
    ],
    [
      'non-numeric origin',
      editElbow((j) => j.replace('xyz="0.5 0 0"', 'xyz="0.5 zero 0"')),
      'joint[name="elbow"]/origin',
      /^attribute xyz="0.5 zero 0" is not 3 finite numbers$/,
    ],
    [
      'origin with two numbers',
      editElbow((j) => j.replace('rpy="0 0 0"', 'rpy="0 0"')),
      'joint[name="elbow"]/origin',
      /^attribute rpy="0 0" is not 3 finite numbers$/,
    ],
    [
      'zero axis',
      editElbow((j) => j.replace('<axis xyz="0 0 1"/>', '<axis xyz="0 0 0"/>')),
      'joint[name="elbow"]/axis',
      /^axis xyz="0 0 0" has zero length$/,
    ],
    ['duplicate link name', withExtra('<link name="upper"/>'), 'link[name="upper"]', /^duplicate link name "upper"$/],
    [
      'duplicate joint name',
      withExtra(`<link name="tip"/><joint name="elbow" type="fixed"><parent link="fore"/><child link="tip"/></joint>`),
      'joint[name="elbow"]',
      /^duplicate joint name "elbow"$/,
    ],
    [
      'joint without a name',
      withExtra(`<link name="tip"/><joint type="fixed"><parent link="fore"/><child link="tip"/></joint>`),
      'joint[2]',
      /^missing attribute "name"$/,
    ],
    [
      'mimic of an unknown joint',
      editElbow((j) => j.replace('</joint>', '<mimic joint="wrist"/></joint>')),
      'joint[name="elbow"]',
      /^mimic refers to joint "wrist", which is not defined$/,
    ],
    [
      'mimic loop',
      editElbow((j) => j.replace('</joint>', '<mimic joint="elbow"/></joint>')),
      'joint[name="elbow"]',
      /^mimic joints form a loop through "elbow"$/,
    ],
    [
      'negative box size',
      GOOD.replace('size="0.1 0.1 0.5"', 'size="0.1 -0.1 0.5"'),
      'link[name="upper"]/visual/geometry/box',
      /^box size must be positive/,
    ],
    [
      'visual without geometry',
      GOOD.replace('<geometry><box size="0.1 0.1 0.5"/></geometry>', ''),
      'link[name="upper"]/visual',
      /^missing <geometry> element$/,
    ],
    [
      'unsupported geometry',
      GOOD.replace('<box size="0.1 0.1 0.5"/>', '<capsule radius="0.1" length="0.5"/>'),
      'link[name="upper"]/visual/geometry/capsule',
      /^unsupported geometry <capsule>/,
    ],
    [
      'embody arm with an unknown link',
      withEmbody('').replace('tip_link="fore"', 'tip_link="hand"'),
      'embody/arm[name="right"]',
      /^tip_link "hand" is not a link of this robot$/,
    ],
    [
      'embody arm whose tip is not below its base',
      withEmbody('').replace('base_link="base" tip_link="fore"', 'base_link="fore" tip_link="upper"'),
      'embody/arm[name="right"]',
      /^tip_link "upper" is not below base_link "fore"$/,
    ],
    [
      'embody gripper on an undeclared arm',
      withEmbody('<gripper name="g" arm="left" link="fore" finger_joints="" max_width="0.1" max_force="10"/>'),
      'embody/gripper[name="g"]',
      /^arm "left" is not declared by an <arm> element$/,
    ],
    [
      'embody gripper with an unknown finger joint',
      withEmbody(
        '<gripper name="g" arm="right" link="fore" finger_joints="elbow finger" max_width="0.1" max_force="10"/>',
      ),
      'embody/gripper[name="g"]',
      /^finger_joints entry "finger" is not a joint of this robot$/,
    ],
    [
      'embody lift with an unknown joint',
      withEmbody('<lift joint="torso"/>'),
      'embody/lift',
      /^joint "torso" is not a joint of this robot$/,
    ],
    [
      'embody base of unknown kind',
      withEmbody('<base kind="tracked" link="base"/>'),
      'embody/base',
      /^unknown base kind "tracked"/,
    ],
    [
      'embody camera with fractional pixels',
      withEmbody('<camera name="cam" link="fore" width="160.5" height="120" fov_y="0.9"/>'),
      'embody/camera[name="cam"]',
      /^attribute width="160.5" must be a whole number of pixels$/,
    ],
    [
      'embody suction without a diameter',
      withEmbody('<suction name="s" arm="right" link="fore" vacuum_kpa="60"/>'),
      'embody/suction[name="s"]',
      /^missing attribute "diameter"$/,
    ],
    [
      'unknown element in embody',
      withEmbody('<grippr name="g"/>'),
      'embody/grippr[name="g"]',
      /^unknown element <grippr> in <embody>/,
    ],
    [
      'duplicate names in embody',
      withEmbody('<ft_sensor name="right" arm="right" link="fore"/>'),
      'embody/ft_sensor[name="right"]',
      /^duplicate name "right" in <embody>$/,
    ],
  ];

  it.each(cases)('%s', (_title, xml, element, reason) => {
    const error = parseError(xml);
    expect(error.file).toBe('robot.urdf');
    expect(error.element).toBe(element);
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(`robot.urdf: ${element}: ${error.reason}`);
  });
});
