import { Euler } from 'three';
import type { Pose, Pose2D } from '../../src/math/pose.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { WorldModel } from '../../src/world/world-model.ts';

/** A goal as the skill takes it: a floor pose, or the name of a place in the world model. */
export type NavigationGoal = Pose2D | string;

/** The floor pose of a goal; a named place gives its x, y and its heading about z. */
export function resolveGoal(goal: NavigationGoal, world: WorldModel): Pose2D {
  if (typeof goal !== 'string') return goal;
  const place = world.place(goal);
  if (!place) {
    const known = world
      .places()
      .map((p) => p.name)
      .slice(0, 8);
    throw new SkillFailure('invalid-input', `navigate: no place named '${goal}' in the world model`, {
      detail: { goal, known },
    });
  }
  return goalPose2D(place.poseInWorld);
}

/** Projects a 3D pose onto the floor: x, y and the yaw of a z-y-x Euler decomposition. */
export function goalPose2D(pose: Pose): Pose2D {
  const euler = new Euler().setFromQuaternion(pose.quaternion, 'ZYX');
  return { x: pose.position.x, y: pose.position.y, yawRad: euler.z };
}
