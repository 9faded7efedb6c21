import type { z } from 'zod';
import { fallback, forEach, guard, parallel, repeat, retry, sequence, timeout } from '../graph/index.ts';
import type { SkillContext } from '../skill/context.ts';
import { NOT_RETRIED_REASONS } from '../skill/failure.ts';
import { MAX_GRAPH_DEPTH, type Skill } from '../skill/skill.ts';
import {
  CompositeSchema,
  DECORATOR_KINDS,
  ForEachOptionsSchema,
  GuardOptionsSchema,
  NODE_KINDS,
  ParallelSchema,
  RepeatOptionsSchema,
  RetryOptionsSchema,
  SkillNodeSchema,
  TimeoutOptionsSchema,
  type NodeKind,
} from './node-schemas.ts';
import { checkBound, parseWith, type Built, type CompileEnv } from './compile-env.ts';
import { buildSkillLeaf, compileCall, failingLeaf } from './compile-leaf.ts';
import { substitute } from './template.ts';
import { typeName } from './zod-issues.ts';

type Key = string | number;

/** What compiling one node yields: its display name and a builder run with the forEach scope it sits in. */
export interface CompiledNode {
  readonly name: string;
  readonly build: Built<Skill>;
}

/** Compiles one node of a task file, adding every issue found in it (and below it) to `env.issues`. */
export function compileNode(raw: unknown, path: readonly Key[], outer: CompileEnv): CompiledNode | undefined {
  const depth = (outer.depth ?? 0) + 1;
  if (depth > MAX_GRAPH_DEPTH) {
    outer.issues.add(path, `nested too deep: a task file may nest at most ${MAX_GRAPH_DEPTH} nodes, root included`);
    return undefined;
  }
  const env: CompileEnv = { ...outer, depth };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    env.issues.add(path, `expected a node (a mapping with one of ${NODE_KINDS.join(', ')}), got ${typeName(raw)}`);
    return undefined;
  }
  const keys = Object.keys(raw);
  const kinds = keys.filter((k): k is NodeKind => (NODE_KINDS as readonly string[]).includes(k));
  if (kinds.length !== 1) {
    const extra = keys.filter((k) => k !== 'node' && k !== 'name' && k !== 'params');
    const message =
      kinds.length > 1
        ? `a node has exactly one kind, got ${kinds.join(' and ')}`
        : extra.length > 0
          ? `unknown node kind "${extra[0]}" (known: ${NODE_KINDS.join(', ')})`
          : `missing node kind (one of ${NODE_KINDS.join(', ')})`;
    env.issues.add(path, message);
    return undefined;
  }
  const kind = kinds[0] as NodeKind;
  const record = raw as Record<string, unknown>;
  if (kind === 'skill') return compileSkill(record, path, env);
  if ((DECORATOR_KINDS as readonly string[]).includes(kind)) return compileDecorator(kind, record, path, env);
  if (keys.length > 1) {
    env.issues.add(
      [...path, keys.find((k) => k !== kind) ?? kind],
      `unknown key beside ${kind} (its options go inside it)`,
    );
  }
  return compileComposite(kind as 'sequence' | 'fallback' | 'parallel', record[kind], [...path, kind], env);
}

function compileSkill(raw: Record<string, unknown>, path: readonly Key[], env: CompileEnv): CompiledNode | undefined {
  const parsed = parseWith(SkillNodeSchema, raw, path, env);
  if (parsed === undefined) return undefined;
  const factory = env.registries.skills.get(parsed.skill);
  if (factory === undefined) {
    env.issues.add([...path, 'skill'], env.registries.skills.unknownMessage(parsed.skill));
    return undefined;
  }
  const build = buildSkillLeaf(factory, parsed.params ?? {}, [...path, 'params'], env);
  if (build === undefined) return undefined;
  const name = parsed.name ?? factory.skillName;
  return { name, build: parsed.name === undefined ? build : (scope) => ({ ...build(scope), name }) };
}

function compileComposite(
  kind: 'sequence' | 'fallback' | 'parallel',
  body: unknown,
  path: readonly Key[],
  env: CompileEnv,
): CompiledNode | undefined {
  // `sequence: [a, b]` is shorthand for `sequence: { nodes: [a, b] }`.
  const shorthand = Array.isArray(body);
  const options = shorthand ? { nodes: body } : body;
  const parsed = parseWith(kind === 'parallel' ? ParallelSchema : CompositeSchema, options, path, env);
  if (parsed === undefined) return undefined;
  const childPath = shorthand ? path : [...path, 'nodes'];
  const children = parsed.nodes.map((child, i) => compileNode(child, [...childPath, i], env));
  const name = parsed.name ?? kind;
  if (parsed.nodes.length === 0) env.issues.add(childPath, `${kind} needs at least one node`);
  const policy = kind === 'parallel' ? (parsed as z.infer<typeof ParallelSchema>).policy : 'all';
  if (typeof policy === 'object' && policy.succeed > parsed.nodes.length) {
    env.issues.add(
      [...path, 'policy', 'succeed'],
      `needs ${policy.succeed} successes but has ${parsed.nodes.length} nodes`,
    );
  }
  if (children.some((c) => c === undefined)) return undefined;
  const builds = (children as CompiledNode[]).map((c) => c.build);
  const options$ = { name };
  return {
    name,
    build: (scope) => {
      // The array forms: a spread of 100k children would overflow the stack.
      const built = builds.map((b) => b(scope));
      if (kind === 'sequence') return sequence(options$, built);
      if (kind === 'fallback') return fallback(options$, built);
      return parallel({ ...options$, policy }, built);
    },
  };
}

function compileDecorator(
  kind: NodeKind,
  raw: Record<string, unknown>,
  path: readonly Key[],
  env: CompileEnv,
): CompiledNode | undefined {
  for (const key of Object.keys(raw)) {
    if (key !== kind && key !== 'node')
      env.issues.add([...path, key], `unknown key beside ${kind} (allowed: ${kind}, node)`);
  }
  const optionsPath = [...path, kind];
  const childEnv = kind === 'forEach' ? withBound(raw[kind], env) : env;
  const child = raw.node === undefined ? undefined : compileNode(raw.node, [...path, 'node'], childEnv);
  if (raw.node === undefined) env.issues.add([...path, 'node'], `${kind} needs the node it wraps under "node"`);
  switch (kind) {
    case 'retry': {
      const o = parseWith(RetryOptionsSchema, raw[kind], optionsPath, env);
      if (o === undefined) return undefined;
      const reasons = o.when;
      reasons?.forEach((reason, i) => {
        if (NOT_RETRIED_REASONS.includes(reason))
          env.issues.add([...optionsPath, 'when', i], `${reason} is never retried (${NOT_RETRIED_REASONS.join(', ')})`);
      });
      if (child === undefined) return undefined;
      return decorated(o.name ?? kind, child, (c) =>
        retry(
          {
            name: o.name ?? kind,
            attempts: o.attempts,
            ...(o.backoffMs === undefined ? {} : { backoffMs: o.backoffMs }),
            ...(reasons === undefined ? {} : { when: (f) => reasons.includes(f.reason) }),
          },
          c,
        ),
      );
    }
    case 'timeout': {
      const o = parseWith(TimeoutOptionsSchema, raw[kind], optionsPath, env);
      if (o === undefined || child === undefined) return undefined;
      return decorated(o.name ?? kind, child, (c) => timeout({ name: o.name ?? kind, ms: o.ms }, c));
    }
    case 'repeat': {
      const o = parseWith(RepeatOptionsSchema, raw[kind], optionsPath, env);
      if (o === undefined || child === undefined) return undefined;
      return decorated(o.name ?? kind, child, (c) => repeat({ name: o.name ?? kind, count: o.count }, c));
    }
    case 'guard': {
      const o = parseWith(GuardOptionsSchema, raw[kind], optionsPath, env);
      if (o === undefined) return undefined;
      const condition = compileCall(env.registries.conditions, o.condition, [...optionsPath, 'condition'], env);
      if (condition === undefined || child === undefined) return undefined;
      const name = o.name ?? kind;
      return {
        name,
        build: (scope) => {
          const { definition, params } = condition(scope);
          return guard({ name, onFalse: o.onFalse }, (ctx) => definition.evaluate(params, ctx), child.build(scope));
        },
      };
    }
    case 'forEach':
      return compileForEach(raw[kind], optionsPath, child, env);
    default:
      return undefined;
  }
}

function compileForEach(
  raw: unknown,
  path: readonly Key[],
  child: CompiledNode | undefined,
  env: CompileEnv,
): CompiledNode | undefined {
  const o = parseWith(ForEachOptionsSchema, raw, path, env);
  if (o === undefined) return undefined;
  const items = compileItems(o.items, [...path, 'items'], env);
  if (items === undefined || child === undefined) return undefined;
  const name = o.name ?? 'forEach';
  return {
    name,
    build: (scope) => {
      const list = items(scope);
      const body = (item: unknown, index: number): Skill => {
        try {
          return child.build({ ...scope, [o.as]: item, [`${o.as}Index`]: index });
        } catch (error) {
          // A templated param that fails validation for one item fails that item's node, not the whole build.
          return failingLeaf(child.name, error);
        }
      };
      return forEach({ name }, list, body);
    },
  };
}

type ItemsBuilder = Built<(ctx: SkillContext) => readonly unknown[]>;

function compileItems(items: unknown, path: readonly Key[], env: CompileEnv): ItemsBuilder | undefined {
  if (Array.isArray(items)) {
    checkBound(items, path, env);
    return (scope) => {
      const list = substitute(items, scope) as unknown[];
      return () => list;
    };
  }
  if (typeof items === 'string' && items.startsWith('${')) {
    checkBound(items, path, env);
    return (scope) => {
      const list: unknown = substitute(items, scope);
      return () => {
        if (!Array.isArray(list)) throw new Error(`${items} is ${typeName(list)}, not a list`);
        return list as unknown[];
      };
    };
  }
  const query = compileCall(env.registries.itemQueries, items, path, env);
  if (query === undefined) return undefined;
  return (scope) => {
    const { definition, params } = query(scope);
    return (ctx) => definition.query(params, ctx);
  };
}

function decorated(name: string, child: CompiledNode, wrap: (child: Skill) => Skill): CompiledNode {
  return { name, build: (scope) => wrap(child.build(scope)) };
}

function withBound(options: unknown, env: CompileEnv): CompileEnv {
  const as =
    options !== null && typeof options === 'object' && 'as' in options && typeof options.as === 'string'
      ? options.as
      : 'item';
  return { ...env, bound: [...env.bound, as, `${as}Index`] };
}
