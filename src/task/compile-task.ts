import { readFile } from 'node:fs/promises';
import type { Skill } from '../skill/skill.ts';
import { parseWith } from './compile-env.ts';
import { compileNode } from './compile-node.ts';
import { checkPorts } from './check-ports.ts';
import { IssueCollector, TaskFileError, type TaskIssue } from './errors.ts';
import { TaskFileSchema } from './node-schemas.ts';
import { parseSource } from './parse-source.ts';
import type { TaskRegistries } from './registries.ts';

/** A task file turned into a graph, ready for `runSkill`. */
export interface CompiledTask {
  readonly fileName: string;
  /** The file's `name`, else its root node's name. */
  readonly name: string;
  readonly description?: string;
  /** The file's seed for the run's random source, when it gives one. */
  readonly seed?: number;
  /** The file's `scene`, relative to the folder of the task file (as written, not resolved). */
  readonly scene?: string;
  readonly root: Skill;
}

/**
 * Compiles a YAML or JSON task file into `Skill` nodes. Reports every problem at once: throws a
 * `TaskFileError` whose issues each name the path inside the file.
 *
 * @example
 * const task = compileTask(readFileSync('tasks/demo.yaml', 'utf8'), 'tasks/demo.yaml', createDefaultRegistries());
 * runSkill(task.root, base).subscribe(...)
 */
export function compileTask(source: string, fileName: string, registries: TaskRegistries): CompiledTask {
  const parsed = parseSource(source, fileName);
  const issues = new IssueCollector(parsed.locate);
  const env = { registries, issues, bound: [] };
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    issues.add([], 'expected a mapping with name, seed and root');
    throw new TaskFileError(fileName, issues.issues);
  }
  const header = parseWith(TaskFileSchema, parsed.value, [], env);
  const rawRoot = (parsed.value as { root?: unknown }).root;
  const root = rawRoot === undefined ? undefined : compileNode(rawRoot, ['root'], env);
  if (rawRoot === undefined) issues.add(['root'], 'required node is missing');
  // Data flow between nodes (blackboard ports) is checked once every node compiled on its own.
  if (root !== undefined && issues.ok) checkPorts(rawRoot, registries, issues);
  if (header === undefined || root === undefined || !issues.ok)
    throw new TaskFileError(fileName, inFileOrder(issues.issues));
  const skill = root.build({});
  return {
    fileName,
    name: header.name ?? skill.name,
    ...(header.description === undefined ? {} : { description: header.description }),
    ...(header.seed === undefined ? {} : { seed: header.seed }),
    ...(header.scene === undefined ? {} : { scene: header.scene }),
    root: skill,
  };
}

/** Reads and compiles a task file; `fileName` in messages is `path` as given. */
export async function loadTask(path: string, registries: TaskRegistries): Promise<CompiledTask> {
  const source = await readFile(path, 'utf8');
  return compileTask(source, path, registries);
}

/** Issues in the order their places appear in the file, so a long list reads top to bottom. */
function inFileOrder(issues: readonly TaskIssue[]): TaskIssue[] {
  const key = (issue: TaskIssue): number => (issue.line ?? 0) * 1e6 + (issue.column ?? 0);
  return [...issues].sort((a, b) => key(a) - key(b));
}
