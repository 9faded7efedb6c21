import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileTask, createDefaultRegistries, TaskFileError } from '../../src/task/index.ts';
import { can, progressLines, runOnDouble } from './run-helpers.ts';

const FIXTURES = new URL('../fixtures/tasks/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const registries = createDefaultRegistries();

/** The TaskFileError a source compiles to (the test fails when it compiles). */
function compileError(source: string, fileName = 'tasks/t.yaml'): TaskFileError {
  try {
    compileTask(source, fileName, registries);
  } catch (error) {
    if (error instanceof TaskFileError) return error;
    throw error;
  }
  throw new Error('expected a TaskFileError');
}

describe('compileTask: good files', () => {
  it('compiles YAML into the static tree the operators build', () => {
    const task = compileTask(fixture('restock.yaml'), 'restock.yaml', registries);
    expect(task.name).toBe('restock');
    expect(task.seed).toBe(3);
    expect(task.root.kind).toBe('sequence');
    expect(task.root.children.map((c) => `${c.kind}:${c.name}`)).toEqual([
      'log:log',
      'forEach:each-stock',
      'forEach:lines',
      'guard:guard',
    ]);
    const reach = task.root.children[3]?.children[0]?.children[0];
    expect(reach).toMatchObject({
      kind: 'moveArmJoints',
      name: 'reach',
      params: { arm: 'right', positions: [0.2, -0.4, 0.6, 0.1] },
    });
  });

  it('runs a YAML task on the double: item queries, ${item.field} values, guard and arm motion', async () => {
    const task = compileTask(fixture('restock.yaml'), 'restock.yaml', registries);
    const { outcome, events, robot } = await runOnDouble(task.root, [
      can('can-1', 'stock'),
      can('box-9'),
      can('can-2', 'stock'),
    ]);
    expect(outcome.status).toBe('succeeded');
    expect(progressLines(events).filter((line) => !line.includes('moving'))).toEqual([
      'restock/log begin',
      'restock/each-stock/retry/visit visiting can-1 (#0)',
      'restock/each-stock/retry/visit visiting can-2 (#1)',
      'restock/lines/line/log slot a1',
      'restock/lines/line/log slot a2',
    ]);
    // `${item.ms}` stayed a number: the two waits took 100 + 200 ms before the arm moved.
    const reachStart = events.find((e) => e.path === 'restock/guard/timeout/reach' && e.kind === 'start');
    expect(reachStart?.simTimeMs).toBe(300);
    expect(robot.log.of('arm/right', 'moveJoints')).toHaveLength(1);
  });

  it('fails the guard when the condition is false at the start', async () => {
    const task = compileTask(fixture('restock.yaml'), 'restock.yaml', registries);
    const { outcome } = await runOnDouble(task.root, [can('can-2', 'stock')]);
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.failure.describe()).toBe(
      'precondition-failed at restock/guard: guard condition was false at start',
    );
  });

  it('compiles JSON the same way and runs it to the expected sim time', async () => {
    const task = compileTask(fixture('restock.json'), 'restock.json', registries);
    expect(task.name).toBe('restock-json');
    expect(task.root.kind).toBe('parallel');
    const { outcome } = await runOnDouble(task.root);
    expect(outcome).toEqual({ status: 'succeeded', simTimeMs: 300 });
  });

  it('accepts the shorthand list form and skill display names', () => {
    const task = compileTask(
      'root:\n  fallback:\n    - { skill: fail, name: first, params: { reason: missed, message: m } }\n    - skill: wait\n      params: { ms: 1 }\n',
      't.yaml',
      registries,
    );
    expect(task.name).toBe('fallback');
    expect(task.root.children.map((c) => c.name)).toEqual(['first', 'wait']);
  });
});

describe('compileTask: bad files', () => {
  it('names line and column of a YAML syntax error', () => {
    const error = compileError(fixture('syntax.yaml'), 'tasks/syntax.yaml');
    expect(error.issues[0]).toMatchObject({ path: '', line: 4, column: 3 });
    expect(error.message).toMatch(/^tasks\/syntax\.yaml:4:3: syntax error: /);
  });

  it('names line and column of a JSON syntax error', () => {
    const error = compileError(fixture('syntax.json'), 'tasks/syntax.json');
    expect(error.message).toMatch(/^tasks\/syntax\.json:7:1: syntax error: /);
  });

  it('checks skill params with the skill schema at compile time, at their exact path', () => {
    const error = compileError('root:\n  sequence:\n    nodes:\n      - skill: wait\n        params: { ms: "soon" }\n');
    expect(error.message).toBe('tasks/t.yaml: root.sequence.nodes[0].params.ms: expected number, got string');
    expect(error.issues[0]).toMatchObject({ line: 5, column: 23 });
  });

  it('lists the known skills for an unknown one', () => {
    const error = compileError('root: { skill: grap }\n');
    expect(error.message).toBe(
      'tasks/t.yaml: root.skill: unknown skill "grap" (known: fail, log, moveArmJoints, wait)',
    );
  });

  it('rejects an unknown node kind and a node with two kinds', () => {
    expect(compileError('root: { seqence: [] }\n').message).toBe(
      'tasks/t.yaml: root: unknown node kind "seqence" (known: sequence, fallback, parallel, retry, timeout, guard, repeat, forEach, skill)',
    );
    expect(compileError('root: { sequence: [], fallback: [] }\n').message).toContain(
      'root: a node has exactly one kind, got sequence and fallback',
    );
  });

  it('reports every issue of a file, in file order', () => {
    const error = compileError(fixture('bad-types.yaml'), 'tasks/bad-types.yaml');
    expect(error.message.split('\n')).toEqual([
      'tasks/bad-types.yaml: root.sequence.nodes[2].params.positions[1]: expected number, got string',
      'tasks/bad-types.yaml: root.sequence.nodes[3].skill: unknown skill "grap" (known: fail, log, moveArmJoints, wait)',
      'tasks/bad-types.yaml: root.sequence.nodes[4]: unknown node kind "seqence" (known: sequence, fallback, parallel, retry, timeout, guard, repeat, forEach, skill)',
      'tasks/bad-types.yaml: root.sequence.nodes[5].retry.attempts: too small: expected number to be >0',
      'tasks/bad-types.yaml: root.sequence.nodes[5].node.params.message: "${item}" is not bound (no forEach encloses it)',
    ]);
  });

  it('reports unknown keys, unknown conditions and queries, and impossible policies at their paths', () => {
    const source = [
      'root:',
      '  parallel:',
      '    policy: { succeed: 4 }',
      '    nodes:',
      '      - { skill: wait, params: { ms: 1 }, extra: 1 }',
      '      - guard: { condition: { nope: {} } }',
      '        node: { skill: wait, params: { ms: 1 } }',
      '      - forEach: { items: { objectsTagged: 3 } }',
      '        node: { skill: wait, params: { ms: 1 } }',
      'colour: blue',
      '',
    ].join('\n');
    expect(compileError(source).message.split('\n')).toEqual([
      'tasks/t.yaml: root.parallel.policy.succeed: needs 4 successes but has 3 nodes',
      'tasks/t.yaml: root.parallel.nodes[0].extra: unknown key',
      'tasks/t.yaml: root.parallel.nodes[1].guard.condition.nope: unknown condition "nope" (known: gripperHolding, objectKnown)',
      'tasks/t.yaml: root.parallel.nodes[2].forEach.items.objectsTagged: expected a tag name or { tag: <name> }',
      'tasks/t.yaml: colour: unknown key',
    ]);
  });

  it('requires a root node and a mapping at the top', () => {
    expect(compileError('name: x\n').message).toBe('tasks/t.yaml: root: required node is missing');
    expect(compileError('- a\n').message).toBe('tasks/t.yaml:1:1: expected a mapping with name, seed and root');
  });
});
