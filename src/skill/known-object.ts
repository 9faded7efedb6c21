import type { KnownObject, WorldModel } from '../world/world-model.ts';
import { SkillFailure } from './failure.ts';

/**
 * The object `id` as the world model knows it. Throws `invalid-input` (fatal) for a name the world never knew, a
 * task's mistake no other branch can mend, and `precondition-failed` (ordinary) for one it knew and has since taken
 * out: in a store that runs for hours an item can fall out or be tidied away between a plan and its execution, and
 * the graph's fallbacks must carry on with the next facing rather than end the run.
 */
export function knownObject(world: WorldModel, id: string): KnownObject {
  const object = world.object(id);
  if (object !== undefined) return object;
  if (world.wasRemoved(id)) {
    throw new SkillFailure('precondition-failed', `object '${id}' was taken out of the world`, {
      detail: { object: id },
    });
  }
  throw new SkillFailure('invalid-input', `no object '${id}' in the world model`, {
    detail: {
      object: id,
      known: world
        .objects()
        .slice(0, 8)
        .map((o) => o.id),
    },
  });
}
