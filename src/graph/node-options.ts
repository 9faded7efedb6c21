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

/** Splits `(options?, ...children)` arguments: a leading object that is not a Skill is the options. */
export function splitNodeOptions(args: readonly (Skill | NodeOptions)[]): [NodeOptions, Skill[]] {
  const first = args[0];
  if (first !== undefined && !('start' in first)) return [first, args.slice(1) as Skill[]];
  return [{}, args as Skill[]];
}

/**
 * Rejects a bad operator argument when the graph is built, not when it runs, with the same error a leaf's
 * invalid input raises, so a task-file compiler reports both alike.
 */
export function requireValid(valid: boolean, kind: string, message: string, detail: Record<string, unknown>): void {
  if (!valid) throw new SkillFailure('invalid-input', `${kind}: ${message}`, { detail });
}
