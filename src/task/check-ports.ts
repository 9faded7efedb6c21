import { portCovers } from '../skill/blackboard.ts';
import type { Skill } from '../skill/skill.ts';
import type { IssueCollector } from './errors.ts';
import { DECORATOR_KINDS, NODE_KINDS } from './node-schemas.ts';
import type { TaskRegistries } from './registries.ts';

type Key = string | number;

/** Node kinds whose child may run again, seeing what its earlier runs wrote. */
const LOOPS = new Set(['retry', 'repeat', 'forEach', 'until']);

/**
 * Checks the data flow of a compiled task file, as BehaviorTree.CPP checks its ports: for every node that needs a
 * blackboard key (a `place` needs `held/<object>`), some node that runs before it (earlier in a sequence or a
 * fallback, or an earlier run of a loop) must be able to write that key. Each violation is added to `issues` at
 * the path of the task-file node (and, inside a composite skill, the inner node's path).
 *
 * It is a "may" analysis: a key counts as available when any earlier node can write it, even one that may fail
 * first, so it reports only flows that cannot work. Keys templated by a `forEach` (`held/${item}`) stand for
 * every key of their family.
 */
export function checkPorts(rawRoot: unknown, registries: TaskRegistries, issues: IssueCollector): void {
  walk(rawRoot, ['root'], new Set(), registries, issues);
}

/** Walks one task-file node with the keys available before it; returns the keys it (or a child) may write. */
function walk(
  raw: unknown,
  path: readonly Key[],
  available: ReadonlySet<string>,
  registries: TaskRegistries,
  issues: IssueCollector | undefined,
): Set<string> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return new Set();
  const record = raw as Record<string, unknown>;
  const kind = Object.keys(record).find((k) => (NODE_KINDS as readonly string[]).includes(k));
  if (kind === undefined) return new Set();
  if (kind === 'skill') return walkSkill(record, path, available, registries, issues);
  if ((DECORATOR_KINDS as readonly string[]).includes(kind)) {
    const childPath = [...path, 'node'];
    if (!LOOPS.has(kind)) return walk(record.node, childPath, available, registries, issues);
    // A loop's later runs see what its earlier runs wrote: find that first, quietly, then check.
    const first = walk(record.node, childPath, available, registries, undefined);
    return walk(record.node, childPath, union(available, first), registries, issues);
  }
  const body = record[kind];
  const shorthand = Array.isArray(body);
  const nodes = shorthand ? body : (body as { nodes?: unknown } | undefined)?.nodes;
  if (!Array.isArray(nodes)) return new Set();
  const childPath = shorthand ? [...path, kind] : [...path, kind, 'nodes'];
  const produced = new Set<string>();
  let before = new Set(available);
  nodes.forEach((child, i) => {
    const wrote = walk(child, [...childPath, i], kind === 'parallel' ? available : before, registries, issues);
    for (const k of wrote) produced.add(k);
    if (kind !== 'parallel') before = union(before, wrote);
  });
  return produced;
}

function walkSkill(
  record: Record<string, unknown>,
  path: readonly Key[],
  available: ReadonlySet<string>,
  registries: TaskRegistries,
  issues: IssueCollector | undefined,
): Set<string> {
  const factory = typeof record.skill === 'string' ? registries.skills.get(record.skill) : undefined;
  if (factory === undefined) return new Set();
  let skill: Skill;
  try {
    // Templated params (`${item}`) are passed as written; a key built from one stands for its whole family.
    skill = (factory as unknown as (input: unknown) => Skill)(record.params ?? {});
  } catch {
    // Params that only validate once templates are filled in: nothing to check before the run.
    return new Set();
  }
  const result = analyseSkill(skill, available);
  for (const { key, innerPath } of result.missing) {
    const where = innerPath === skill.name ? '' : ` (inside it, at ${innerPath})`;
    issues?.add(
      path,
      `${skill.name} needs '${key}' on the blackboard${where}, and no node before it can have written it`,
    );
  }
  return result.produced;
}

/** What analysing a skill tree finds: inputs no earlier node can have written, and every key it may write. */
export interface PortAnalysis {
  readonly missing: readonly { readonly key: string; readonly innerPath: string }[];
  readonly produced: Set<string>;
}

/**
 * The same "may" analysis over a built skill tree (a composite skill's graph): each node's required inputs against
 * what is available before it, children by their operator (sequence and fallback in order, parallel children
 * each from the start, loops twice).
 */
export function analyseSkill(root: Skill, available: ReadonlySet<string>): PortAnalysis {
  const missing: { key: string; innerPath: string }[] = [];
  const visit = (skill: Skill, path: string, before: ReadonlySet<string>, report: boolean): Set<string> => {
    if (report) {
      for (const key of skill.ports?.inputs ?? []) {
        if (!isAvailable(key, before)) missing.push({ key, innerPath: path });
      }
    }
    const produced = new Set<string>((skill.ports?.outputs ?? []).map(asPattern));
    let flowing = union(before, produced);
    const loop = LOOPS.has(skill.kind);
    for (const child of skill.children) {
      const childPath = `${path}/${child.name}`;
      const from = skill.kind === 'parallel' ? before : flowing;
      const first = loop ? visit(child, childPath, from, false) : new Set<string>();
      const wrote = visit(child, childPath, union(from, first), report);
      for (const k of wrote) produced.add(k);
      if (skill.kind !== 'parallel') flowing = union(flowing, wrote);
    }
    return produced;
  };
  const produced = visit(root, root.name, available, true);
  return { missing, produced };
}

/** A key written with a template in it (`held/${item}`) stands for its whole family (`held/*`). */
function asPattern(key: string): string {
  const at = key.indexOf('${');
  if (at < 0) return key;
  const slash = key.lastIndexOf('/', at);
  return `${key.slice(0, slash + 1)}*`;
}

function isAvailable(key: string, available: ReadonlySet<string>): boolean {
  const wanted = asPattern(key);
  for (const have of available) {
    if (portCovers(have, wanted) || portCovers(wanted, have)) return true;
  }
  return false;
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a, ...b]);
}
