import type { Observable } from 'rxjs';
import type { z } from 'zod';
import type { SkillContext } from '../skill/context.ts';
import type { RegisteredSkill } from '../skill/define-skill.ts';

/** A condition a `guard` node can watch: its params are validated when the task file is compiled. */
export interface ConditionDefinition<Schema extends z.ZodType = z.ZodType> {
  readonly description?: string;
  readonly params: Schema;
  readonly evaluate: (params: z.infer<Schema>, ctx: SkillContext) => Observable<boolean>;
}

/** A query that lists the items a `forEach` node iterates over, read when the node starts. */
export interface ItemQueryDefinition<Schema extends z.ZodType = z.ZodType> {
  readonly description?: string;
  readonly params: Schema;
  readonly query: (params: z.infer<Schema>, ctx: SkillContext) => readonly unknown[];
}

/** Name → entry, with the sorted list of names that error messages offer as alternatives. */
export class NamedRegistry<Entry> {
  private readonly entries = new Map<string, Entry>();

  constructor(
    /** What an entry is called in messages: `skill`, `condition`, `item query`. */
    readonly noun: string,
  ) {}

  register(name: string, entry: Entry): this {
    if (this.entries.has(name)) throw new Error(`${this.noun} "${name}" is already registered`);
    this.entries.set(name, entry);
    return this;
  }

  get(name: string): Entry | undefined {
    return this.entries.get(name);
  }

  names(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** `unknown skill "grap" (known: grasp, place, wait)`. */
  unknownMessage(name: string): string {
    const known = this.names();
    return `unknown ${this.noun} "${name}" (known: ${known.length === 0 ? 'none' : known.join(', ')})`;
  }
}

/** Skill name → the factory `defineSkill` returned. */
export class SkillRegistry extends NamedRegistry<RegisteredSkill> {
  constructor(factories: readonly RegisteredSkill[] = []) {
    super('skill');
    for (const factory of factories) this.add(factory);
  }

  /** Registers a factory under its own `skillName`. */
  add(factory: RegisteredSkill): this {
    return this.register(factory.skillName, factory);
  }
}

/** Condition name → definition, for `guard` nodes. */
export class ConditionRegistry extends NamedRegistry<ConditionDefinition> {
  constructor() {
    super('condition');
  }
}

/** Item query name → definition, for `forEach` nodes. */
export class ItemQueryRegistry extends NamedRegistry<ItemQueryDefinition> {
  constructor() {
    super('item query');
  }
}

/** What a task file is compiled against. */
export interface TaskRegistries {
  readonly skills: SkillRegistry;
  readonly conditions: ConditionRegistry;
  readonly itemQueries: ItemQueryRegistry;
}

/** Keeps a definition's params and callback typed together when registering it. */
export function defineCondition<Schema extends z.ZodType>(
  definition: ConditionDefinition<Schema>,
): ConditionDefinition {
  return definition;
}

/** Keeps an item query's params and callback typed together when registering it. */
export function defineItemQuery<Schema extends z.ZodType>(
  definition: ItemQueryDefinition<Schema>,
): ItemQueryDefinition {
  return definition;
}
