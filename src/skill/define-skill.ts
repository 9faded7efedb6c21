import { Observable, map } from 'rxjs';
import type { z } from 'zod';
import type { BlackboardWrite, SkillPorts } from './blackboard.ts';
import type { SkillContext } from './context.ts';
import type { ProgressUpdate, SkillProgress } from './events.ts';
import { SkillFailure } from './failure.ts';
import type { Skill } from './skill.ts';

export interface SkillDefinition<Schema extends z.ZodType> {
  readonly name: string;
  readonly description?: string;
  /** Validates the skill's input once, where it enters (TypeScript call or task file). */
  readonly input: Schema;
  /**
   * The blackboard keys the skill reads and writes, from its input (`held/<object>` for the object it grasps).
   * At run time the skill's `ctx.blackboard` allows only these; the task compiler checks that every input can
   * have been written by an earlier node. No ports: the skill touches no blackboard key.
   */
  readonly ports?: (input: z.infer<Schema>) => SkillPorts;
  /**
   * Builds the skill's cold Observable. Its teardown is the skill's halt: it must stop what the skill moved.
   * Emit `ProgressUpdate`s; complete on success; error with a `SkillFailure`.
   */
  readonly run: (input: z.infer<Schema>, ctx: SkillContext) => Observable<ProgressUpdate>;
}

/** A leaf-skill factory: call it with raw input to get a graph node; it keeps its definition for registries. */
export interface SkillFactory<Schema extends z.ZodType> {
  (input: z.input<Schema>): Skill;
  readonly skillName: string;
  readonly description: string | undefined;
  readonly input: Schema;
}

/** A blackboard write as the progress update telemetry records: `set held/can-1` with the value's summary. */
function writeUpdate(write: BlackboardWrite): ProgressUpdate {
  return { message: `${write.deleted ? 'cleared' : 'set'} ${write.key}`, data: { blackboard: write } };
}

/**
 * What a registry holds: any `defineSkill` factory. The call takes `never` so a factory of any input type fits;
 * the compiler calls it only with params its own `input` schema accepted.
 */
export interface RegisteredSkill {
  (input: never): Skill;
  readonly skillName: string;
  readonly description: string | undefined;
  readonly input: z.ZodType;
}

/**
 * Defines a leaf skill with a typed, validated input.
 *
 * @example
 * export const wait = defineSkill({
 *   name: 'wait',
 *   input: z.object({ durationMs: z.number().nonnegative() }),
 *   run: ({ durationMs }, ctx) => timer(durationMs, ctx.scheduler).pipe(ignoreElements()),
 * });
 */
export function defineSkill<Schema extends z.ZodType>(definition: SkillDefinition<Schema>): SkillFactory<Schema> {
  const factory = (raw: z.input<Schema>): Skill => {
    const parsed = definition.input.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((issue) => `${issue.path.length ? issue.path.join('.') : '(input)'}: ${issue.message}`)
        .join('; ');
      throw new SkillFailure('invalid-input', `${definition.name}: ${issues}`, { detail: { input: raw } });
    }
    const input = parsed.data;
    const ports = definition.ports?.(input) ?? {};
    return {
      kind: definition.name,
      name: definition.name,
      children: [],
      params: input,
      ports,
      start: (ctx: SkillContext): Observable<SkillProgress> =>
        new Observable<SkillProgress>((subscriber) => {
          // Progress of a child the skill runs itself (`runChild`) already carries the child's id: pass it on.
          const stamp = (update: ProgressUpdate): SkillProgress =>
            'nodeId' in update ? (update as SkillProgress) : { ...update, nodeId: ctx.node.id, path: ctx.node.path };
          // Writes show up as progress of this node, so the trace and the live tree see what it handed on.
          const blackboard = ctx.blackboard.scoped(`${definition.name} (${ctx.node.path})`, ports, (write) =>
            subscriber.next(stamp(writeUpdate(write))),
          );
          return definition
            .run(input, { ...ctx, blackboard })
            .pipe(map(stamp))
            .subscribe(subscriber);
        }),
    };
  };
  return Object.assign(factory, {
    skillName: definition.name,
    description: definition.description,
    input: definition.input,
  });
}
