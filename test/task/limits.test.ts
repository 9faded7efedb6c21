import { describe, expect, it } from 'vitest';
import { MAX_GRAPH_DEPTH } from '../../src/skill/skill.ts';
import { compileTask, createDefaultRegistries, TaskFileError } from '../../src/task/index.ts';
import { runOnDouble } from './run-helpers.ts';

const registries = createDefaultRegistries();

/** A block-YAML task whose root is `levels` nested sequences around one `wait` leaf (so `levels + 1` nodes deep). */
function nestedTask(levels: number): string {
  const lines = ['name: deep', 'root:'];
  let indent = '  ';
  for (let i = 0; i < levels; i++) {
    lines.push(`${indent}sequence:`, `${indent}  -`);
    indent += '    ';
  }
  lines.push(`${indent}skill: wait`, `${indent}params: { ms: 1 }`);
  return `${lines.join('\n')}\n`;
}

/** The path the compiler names for the node `depth` levels down a `nestedTask` (the root is depth 1). */
function nestedPath(depth: number): string {
  return `root${'.sequence[0]'.repeat(depth - 1)}`;
}

/** Compiling `source` as `fileName`, for `expect(...).toThrow(...)`. */
function compiling(source: string, fileName: string): () => unknown {
  return () => compileTask(source, fileName, registries);
}

describe('task files: nesting depth', () => {
  it(`compiles and runs a file nested exactly ${MAX_GRAPH_DEPTH} nodes deep`, async () => {
    const task = compileTask(nestedTask(MAX_GRAPH_DEPTH - 1), 'tasks/deep.yaml', registries);
    const { outcome } = await runOnDouble(task.root);
    expect(outcome).toEqual({ status: 'succeeded', simTimeMs: 1 });
  });

  it('refuses a file nested deeper than the YAML parser can follow with the same limit, not a stack overflow', () => {
    const compile = compiling(nestedTask(2000), 'tasks/deeper.yaml');
    expect(compile).toThrow(TaskFileError);
    expect(compile).toThrow(
      /tasks\/deeper\.yaml.*nested too deep for the YAML parser: a task file may nest at most 64/,
    );
  });

  for (const levels of [MAX_GRAPH_DEPTH, 400]) {
    it(`refuses a file nested ${levels + 1} nodes deep at compile time, naming the file and the path`, () => {
      const compile = compiling(nestedTask(levels), 'tasks/deep.yaml');
      expect(compile).toThrow(TaskFileError);
      // One issue (the first node too deep), not a RangeError from a stack overflow.
      const message =
        `tasks/deep.yaml: ${nestedPath(MAX_GRAPH_DEPTH + 1)}: nested too deep: a task file may nest at most ` +
        `${MAX_GRAPH_DEPTH} nodes, root included`;
      expect(compile).toThrow(expect.objectContaining({ message }));
    });
  }
});

describe('task files: retry reasons', () => {
  it('refuses a retry `when` that lists a reason retry never retries, at its path', () => {
    const source = [
      'root:',
      '  retry: { attempts: 3, when: [missed, precondition-failed] }',
      '  node: { skill: wait, params: { ms: 1 } }',
    ].join('\n');
    const message =
      'tasks/r.yaml: root.retry.when[1]: precondition-failed is never retried ' +
      '(internal-error, invalid-input, preempted, precondition-failed)';
    expect(compiling(source, 'tasks/r.yaml')).toThrow(expect.objectContaining({ message }));
  });
});

describe('task files: long sequences', () => {
  it('compiles and runs a sequence of 20,000 nodes (children are passed as a list, not spread as arguments)', async () => {
    const count = 20_000;
    const nodes = Array.from({ length: count }, () => ({ skill: 'wait', params: { ms: 1 } }));
    const task = compileTask(JSON.stringify({ name: 'long', root: { sequence: nodes } }), 'long.json', registries);
    expect(task.root.children).toHaveLength(count);
    const { outcome } = await runOnDouble(task.root);
    expect(outcome).toEqual({ status: 'succeeded', simTimeMs: count });
  });
});
