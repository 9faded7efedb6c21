import { throwError } from 'rxjs';
import type { z } from 'zod';
import { SkillFailure, toSkillFailure } from '../skill/failure.ts';
import type { Skill } from '../skill/skill.ts';
import { checkBound, parseWith, type Built, type CompileEnv } from './compile-env.ts';
import type { NamedRegistry } from './registries.ts';
import type { RegisteredSkill } from '../skill/define-skill.ts';
import { substitute } from './template.ts';
import { addZodIssues } from './zod-issues.ts';
import { CallSchema } from './node-schemas.ts';

type Key = string | number;

/**
 * Compiles a skill leaf. Params without placeholders are validated now with the skill's own schema, so a wrong
 * type is reported at its path in the file; templated params are validated when their forEach item is known.
 */
export function buildSkillLeaf(
  factory: RegisteredSkill,
  params: Readonly<Record<string, unknown>>,
  path: readonly Key[],
  env: CompileEnv,
): Built<Skill> | undefined {
  const create = factory as unknown as (input: unknown) => Skill;
  if (checkBound(params, path, env)) return (scope) => create(substitute(params, scope));
  const result = factory.input.safeParse(params);
  if (!result.success) {
    addZodIssues(env.issues, path, result.error, params);
    return undefined;
  }
  return () => create(params);
}

/** A condition or item query with its params, once validated. */
export interface BoundCall<Definition> {
  readonly definition: Definition;
  readonly params: unknown;
}

/** Compiles `name` or `{ name: params }` against a registry whose entries carry a params schema. */
export function compileCall<Definition extends { readonly params: z.ZodType }>(
  registry: NamedRegistry<Definition>,
  raw: unknown,
  path: readonly Key[],
  env: CompileEnv,
): Built<BoundCall<Definition>> | undefined {
  if (parseWith(CallSchema, raw, path, env) === undefined) return undefined;
  const entries =
    typeof raw === 'string' ? [[raw, undefined] as const] : Object.entries(raw as Record<string, unknown>);
  const [entry] = entries;
  if (entry === undefined || entries.length !== 1) {
    env.issues.add(
      path,
      `expected one ${registry.noun} name, or a mapping with one key (${registry.noun} name: params), got ${entries.length} keys`,
    );
    return undefined;
  }
  const [name, params] = entry;
  const definition = registry.get(name);
  if (definition === undefined) {
    env.issues.add(typeof raw === 'string' ? path : [...path, name], registry.unknownMessage(name));
    return undefined;
  }
  const paramsPath = typeof raw === 'string' ? path : [...path, name];
  const validate = (value: unknown): unknown => {
    const result = definition.params.safeParse(value);
    if (result.success) return result.data;
    const reasons = result.error.issues.map((i) => i.message).join('; ');
    throw new SkillFailure('invalid-input', `${registry.noun} ${name}: ${reasons} (got ${JSON.stringify(value)})`);
  };
  if (checkBound(params, paramsPath, env)) {
    return (scope) => ({ definition, params: validate(substitute(params, scope)) });
  }
  const result = definition.params.safeParse(params);
  if (!result.success) {
    addZodIssues(env.issues, paramsPath, result.error, params);
    return undefined;
  }
  const bound = { definition, params: result.data };
  return () => bound;
}

/** A leaf that fails at once: what a forEach body becomes when its item made a templated value invalid. */
export function failingLeaf(name: string, error: unknown): Skill {
  const failure = toSkillFailure(error);
  return { kind: 'invalid', name, children: [], start: () => throwError(() => failure) };
}
