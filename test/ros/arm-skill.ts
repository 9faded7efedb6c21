import type { Observable } from 'rxjs';
import type { Robot } from '../../hardware/robot.ts';
import { seededRandom } from '../../src/math/random.ts';
import type { SkillProgress } from '../../src/skill/events.ts';
import { runSkill } from '../../src/skill/run.ts';
import { moveArmJointsSkill } from '../../src/task/builtin-skills.ts';
import { NULL_SINK } from '../../src/telemetry/bus.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { asyncScheduler } from 'rxjs';

/** The task files' `moveArmJoints` leaf on a robot, on the wall clock: a skill exactly as a task runs it. */
export function moveArmJoints(
  robot: Robot,
  positions: readonly number[],
  velocityScale: number,
): Observable<SkillProgress> {
  return runSkill(moveArmJointsSkill({ arm: 0, positions: [...positions], velocityScale }), {
    robot,
    world: new InMemoryWorldModel(),
    scheduler: asyncScheduler,
    random: seededRandom(1),
    telemetry: NULL_SINK,
  });
}
