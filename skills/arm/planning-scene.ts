import type { Robot } from '../../hardware/robot.ts';
import type { WorldServices } from '../../src/world/services.ts';
import type { WorldModel } from '../../src/world/world-model.ts';

/**
 * What manipulation planning reads: the robot (its model and present state), the world model and the backend's
 * services (scene query, mounts, navigation map). A `SkillContext` is one, so skills pass `ctx`.
 */
export interface PlanningScene {
  readonly robot: Robot;
  readonly world: WorldModel;
  readonly services: WorldServices;
}
