import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { SkillFailure } from './failure.ts';

/** The arm called `name`, or the arm whose end effector is called `name`; undefined when there is none. */
export function findArm(robot: Robot, name: string): Arm | undefined {
  return robot.parts.arms.find((a) => a.name === name || a.endEffector?.name === name);
}

/**
 * The arm a task names by name or by index into `robot.parts.arms`; a `precondition-failed` failure naming the
 * robot's arms when there is none.
 */
export function requireArm(robot: Robot, which: string | number): Arm {
  const arms = robot.parts.arms;
  const arm = typeof which === 'number' ? arms[which] : findArm(robot, which);
  if (arm === undefined) {
    const known = arms.map((a) => a.name).join(', ') || 'none';
    throw new SkillFailure('precondition-failed', `robot has no arm ${JSON.stringify(which)} (arms: ${known})`);
  }
  return arm;
}
