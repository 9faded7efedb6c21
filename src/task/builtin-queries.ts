import { defer, of, throwError } from 'rxjs';
import { z } from 'zod';
import { SkillFailure } from '../skill/failure.ts';
import { type ConditionRegistry, type ItemQueryRegistry, defineCondition, defineItemQuery } from './registries.ts';

/** `objectsTagged: stock` or `objectsTagged: { tag: stock }`: ids of the world's objects with a tag, in world order. */
export const objectsTagged = defineItemQuery({
  description: 'ids of the known objects that carry a tag',
  params: z.union([z.string(), z.strictObject({ tag: z.string() })], {
    error: 'expected a tag name or { tag: <name> }',
  }),
  query: (params, ctx) => {
    const tag = typeof params === 'string' ? params : params.tag;
    return ctx.world
      .objects()
      .filter((o) => o.tags.includes(tag))
      .map((o) => o.id);
  },
});

/** `objectKnown: { object: can-1 }`: true while the world model knows the object. */
export const objectKnown = defineCondition({
  description: 'the world model knows an object',
  params: z.strictObject({ object: z.string() }),
  evaluate: ({ object }, ctx) => defer(() => of(ctx.world.object(object) !== undefined)),
});

/** `gripperHolding` or `gripperHolding: { gripper: 1 }`: true while the gripper's fingers stall on an object. */
export const gripperHolding = defineCondition({
  description: 'a parallel gripper has stalled on an object',
  params: z.strictObject({ gripper: z.number().int().nonnegative().default(0) }).default({ gripper: 0 }),
  evaluate: ({ gripper }, ctx) => {
    const part = ctx.robot.parts.grippers[gripper];
    if (part === undefined) {
      return throwError(() => new SkillFailure('precondition-failed', `robot has no gripper ${gripper}`));
    }
    return part.objectDetected$;
  },
});

/** Registers the built-in item queries. */
export function registerBuiltinItemQueries(registry: ItemQueryRegistry): ItemQueryRegistry {
  return registry.register('objectsTagged', objectsTagged);
}

/** Registers the built-in conditions. */
export function registerBuiltinConditions(registry: ConditionRegistry): ConditionRegistry {
  return registry.register('objectKnown', objectKnown).register('gripperHolding', gripperHolding);
}
