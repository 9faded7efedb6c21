import type { z } from 'zod';
import type { IssueCollector } from './errors.ts';
import type { TaskRegistries } from './registries.ts';
import { placeholders, type Scope } from './template.ts';
import { addZodIssues } from './zod-issues.ts';

type Key = string | number;

/**
 * A compiled piece of a task, built once per scope: once for the whole file, and once per item inside a
 * forEach, whose placeholders are known only at run time. It throws a `SkillFailure` when a templated value
 * turns out invalid.
 */
export type Built<T> = (scope: Scope) => T;

/** Everything a node compiler needs: registries, the issue collector, and the names bound by enclosing forEach nodes. */
export interface CompileEnv {
  readonly registries: TaskRegistries;
  readonly issues: IssueCollector;
  readonly bound: readonly string[];
  /** How many nodes enclose the one being compiled (0 or absent at the root); bounded by `MAX_GRAPH_DEPTH`. */
  readonly depth?: number;
}

/** Parses with a schema, reporting its issues at `path`; undefined when it failed. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  path: readonly Key[],
  env: CompileEnv,
): z.infer<S> | undefined {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  addZodIssues(env.issues, path, result.error, raw);
  return undefined;
}

/** Reports placeholders that name nothing an enclosing forEach binds; true when there were placeholders at all. */
export function checkBound(value: unknown, path: readonly Key[], env: CompileEnv): boolean {
  const found = placeholders(value);
  for (const p of found) {
    if (!env.bound.includes(p.name)) {
      const hint = env.bound.length === 0 ? 'no forEach encloses it' : `bound here: ${env.bound.join(', ')}`;
      env.issues.add([...path, ...p.path], `"\${${p.name}}" is not bound (${hint})`);
    }
  }
  return found.length > 0;
}
