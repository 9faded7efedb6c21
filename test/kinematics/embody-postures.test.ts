import { describe, expect, it } from 'vitest';
import { loadUrdf, parseUrdf } from '../../src/kinematics/urdf-parser.ts';
import { UrdfError } from '../../src/kinematics/urdf-error.ts';

const LIMIT = '<limit lower="-1" upper="1" velocity="1" effort="1"/>';
const ROBOT = (postures: string): string => `<?xml version="1.0"?>
<robot name="two-link">
  <link name="base"/>
  <link name="upper"/>
  <link name="fore"/>
  <link name="tool"/>
  <joint name="shoulder" type="revolute"><parent link="base"/><child link="upper"/><axis xyz="0 0 1"/>${LIMIT}</joint>
  <joint name="elbow" type="revolute"><parent link="upper"/><child link="fore"/><origin xyz="0.5 0 0" rpy="0 0 0"/><axis xyz="0 0 1"/>${LIMIT}</joint>
  <joint name="flange" type="fixed"><parent link="fore"/><child link="tool"/><origin xyz="0.3 0 0" rpy="0 0 0"/></joint>
  <embody>
    <arm name="arm" base_link="base" tip_link="tool"/>
    ${postures}
  </embody>
</robot>`;
const posture = (name: string, joints: string, arm = 'arm'): string =>
  `<posture name="${name}" arm="${arm}">${joints}</posture>`;
const both = '<joint name="shoulder" value="0.2"/><joint name="elbow" value="-0.4"/>';

function parseError(xml: string): UrdfError {
  try {
    parseUrdf(xml, 'robot.urdf');
  } catch (error) {
    if (error instanceof UrdfError) return error;
    throw error;
  }
  throw new Error('expected a UrdfError');
}

describe('named arm postures in <embody> (SRDF group_state style)', () => {
  it('parses one value per movable joint of the arm, by name', () => {
    const model = parseUrdf(ROBOT(posture('home', both) + posture('stow', both)), 'robot.urdf');
    expect(model.extras.postures).toEqual([
      { name: 'home', arm: 'arm', joints: { shoulder: 0.2, elbow: -0.4 } },
      { name: 'stow', arm: 'arm', joints: { shoulder: 0.2, elbow: -0.4 } },
    ]);
  });

  it.each([
    ['an undeclared arm', posture('home', both, 'left'), 'embody/posture[name="home"]', /^arm "left" is not declared/],
    [
      'a joint outside the arm',
      posture('home', `${both}<joint name="flange" value="0"/>`),
      'embody/posture[name="home"]/joint[name="flange"]',
      /^"flange" is not a movable joint of arm "arm" \(shoulder, elbow\)$/,
    ],
    [
      'a value outside the limits',
      posture('home', '<joint name="shoulder" value="1.5"/><joint name="elbow" value="0"/>'),
      'embody/posture[name="home"]/joint[name="shoulder"]',
      /^value 1.5 is outside the joint's limits \[-1, 1\]$/,
    ],
    [
      'a joint left out',
      posture('home', '<joint name="shoulder" value="0"/>'),
      'embody/posture[name="home"]',
      /^posture "home" gives no value for elbow$/,
    ],
    [
      'a name given twice for one arm',
      posture('home', both) + posture('home', both),
      'embody/posture[name="home"]',
      /^duplicate posture "home" for arm "arm"$/,
    ],
  ])('names the element and the reason for %s', (_title, postures, element, reason) => {
    const error = parseError(ROBOT(postures));
    expect(error.element).toBe(element);
    expect(error.reason).toMatch(reason);
  });

  it('gives every arm of both shipped robots home, stow and ready', async () => {
    for (const file of ['wheeled-humanoid', 'ur-arm']) {
      const model = await loadUrdf(new URL(`../../hardware/robots/${file}.urdf`, import.meta.url).pathname);
      for (const arm of model.extras.arms) {
        const names = model.extras.postures.filter((p) => p.arm === arm.name).map((p) => p.name);
        expect(names.sort(), `${file} arm ${arm.name}`).toEqual(['home', 'ready', 'stow']);
      }
    }
  });
});
