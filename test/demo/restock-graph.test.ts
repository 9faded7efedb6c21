import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { restockRegistries } from '../../apps/restock/registries.ts';
import { RESTOCK_RETRY_REASONS, restock, restockFacing } from '../../skills/restock.ts';
import { compileTask } from '../../src/task/compile-task.ts';
import { TaskFileError } from '../../src/task/errors.ts';
import type { Skill } from '../../src/skill/skill.ts';

const TASK = new URL('../../tasks/restock.yaml', import.meta.url);

/** The static shape of a graph: kind and name of every node, children in order. */
function shape(node: Skill): unknown {
  return { kind: node.kind, name: node.name, children: node.children.map(shape) };
}

describe('the restock graph (tasks/restock.yaml and skills/restock.ts)', () => {
  it('compiles the shipped task file to the same graph the TypeScript composite builds', () => {
    const task = compileTask(readFileSync(TASK, 'utf8'), 'tasks/restock.yaml', restockRegistries());
    expect(shape(task.root)).toEqual(shape(restock({ stock: 'stock-tote' })));
    expect(shape(task.root)).toMatchObject({
      kind: 'sequence',
      children: [{ kind: 'scanShelves' }, { kind: 'forEach', name: 'facings' }],
    });
  });

  it('retries the same failure reasons in the file as in TypeScript, and never a bug or a missing stock item', () => {
    const file = parse(readFileSync(TASK, 'utf8')) as Record<string, any>;
    const facing = file['root'].sequence.nodes[1].node.fallback;
    expect(facing.nodes[0].retry.when).toEqual([...RESTOCK_RETRY_REASONS]);
    expect(RESTOCK_RETRY_REASONS).not.toContain('internal-error');
    expect(RESTOCK_RETRY_REASONS).not.toContain('invalid-input');
    expect(RESTOCK_RETRY_REASONS).not.toContain('precondition-failed');
  });

  it('gives up a facing after its tries with a skip, so a bad facing never stops the round', () => {
    const node = restockFacing({ facing: 'aisle-a/level-1/slot-1/facing-1', attempts: 3 });
    expect(shape(node)).toMatchObject({
      kind: 'fallback',
      children: [{ kind: 'retry', name: 'attempts' }, { kind: 'skipFacing' }],
    });
  });

  it('reports a misspelt facing query with the file and path', () => {
    const text = readFileSync(TASK, 'utf8').replace('planogramGaps', 'planogramGap');
    expect(() => compileTask(text, 'tasks/restock.yaml', restockRegistries())).toThrow(TaskFileError);
    expect(() => compileTask(text, 'tasks/restock.yaml', restockRegistries())).toThrow(
      /tasks\/restock\.yaml.*planogramGap/,
    );
  });
});
