import { BUILTIN_SKILLS } from './builtin-skills.ts';
import { registerBuiltinConditions, registerBuiltinItemQueries } from './builtin-queries.ts';
import { ConditionRegistry, ItemQueryRegistry, SkillRegistry, type TaskRegistries } from './registries.ts';
import type { RegisteredSkill } from '../skill/define-skill.ts';

/** Registries with the built-in skills, conditions and item queries, plus any extra skills (`grasp`, `place` ...). */
export function createDefaultRegistries(extraSkills: readonly RegisteredSkill[] = []): TaskRegistries {
  return {
    skills: new SkillRegistry([...BUILTIN_SKILLS, ...extraSkills]),
    conditions: registerBuiltinConditions(new ConditionRegistry()),
    itemQueries: registerBuiltinItemQueries(new ItemQueryRegistry()),
  };
}
