import type { z } from 'zod';
import { SkillFailure } from './failure.ts';
import type { Skill } from './skill.ts';

/** A composite skill factory, shaped like a `defineSkill` factory so task-file registries take it. */
export interface CompositeFactory<Schema extends z.ZodType> {
  (input: z.input<Schema>): Skill;
  readonly skillName: string;
  readonly description: string | undefined;
  readonly input: Schema;
}

/**
 * Defines a skill that is a graph of other nodes: validates its input as `defineSkill` does (an
 * `invalid-input` SkillFailure) and builds the graph from it.
 *
 * @example
 * export const pick = defineComposite({ name: 'pick', input: PickInput, build: (i) => sequence(...) });
 */
export function defineComposite<Schema extends z.ZodType>(definition: {
  readonly name: string;
  readonly description?: string;
  readonly input: Schema;
  readonly build: (input: z.infer<Schema>) => Skill;
}): CompositeFactory<Schema> {
  const factory = (raw: z.input<Schema>): Skill => {
    const parsed = definition.input.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`)
        .join('; ');
      throw new SkillFailure('invalid-input', `${definition.name}: ${issues}`, { detail: { input: raw } });
    }
    return definition.build(parsed.data);
  };
  return Object.assign(factory, {
    skillName: definition.name,
    description: definition.description,
    input: definition.input,
  });
}
