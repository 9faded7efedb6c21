import { SkillFailure } from '../skill/failure.ts';
import type { Skill } from '../skill/skill.ts';

/** Options every operator takes. */
export interface NodeOptions {
  /** Name shown in paths and trees (`restock/pick`); defaults to the operator's kind. */
  readonly name?: string;
}

/** The node's name: the one given in its options, else its kind. */
export function nodeName(options: NodeOptions | undefined, kind: string): string {
  return options?.name ?? kind;
}

/** The arguments of an operator with any number of children. */
export type ChildArgs = (Skill | NodeOptions | readonly Skill[])[];

/**
 * Splits `(options?, ...children)` or `(options, children[])` arguments: a leading object that is not a Skill is
 * the options. The array form is for very many children: spreading 100k arguments overflows the stack.
 */
export function splitNodeOptions(args: ChildArgs): [NodeOptions, readonly Skill[]] {
  const [first, second] = args;
  if (first === undefined || isSkillList(first) || 'start' in first) return [{}, args as Skill[]];
  if (args.length === 2 && isSkillList(second)) return [first, second];
  return [first, args.slice(1) as Skill[]];
}

function isSkillList(value: unknown): value is readonly Skill[] {
  return Array.isArray(value);
}

/**
 * Rejects a bad operator argument when the graph is built, not when it runs, with the same error a leaf's
 * invalid input raises, so a task-file compiler reports both alike.
 */
export function requireValid(valid: boolean, kind: string, message: string, detail: Record<string, unknown>): void {
  if (!valid) throw new SkillFailure('invalid-input', `${kind}: ${message}`, { detail });
}
