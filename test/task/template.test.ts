import { describe, expect, it } from 'vitest';
import { SkillFailure } from '../../src/skill/failure.ts';
import { compileTask, createDefaultRegistries } from '../../src/task/index.ts';
import { placeholders, substitute } from '../../src/task/template.ts';
import { progressLines, runOnDouble } from './run-helpers.ts';

describe('placeholders and substitution', () => {
  it('finds placeholders with their paths inside params', () => {
    expect(placeholders({ a: '${item}', b: ['x', 'at ${slot.name} now'], c: 3 })).toEqual([
      { name: 'item', path: ['a'] },
      { name: 'slot', path: ['b', 1] },
    ]);
  });

  it('keeps a whole placeholder as the value and interpolates one inside text', () => {
    const scope = { item: { id: 'can-1', ms: 40, pos: [1, 2] } };
    expect(
      substitute({ ms: '${item.ms}', pos: '${item.pos}', label: 'pick ${item.id} in ${item.ms} ms' }, scope),
    ).toEqual({
      ms: 40,
      pos: [1, 2],
      label: 'pick can-1 in 40 ms',
    });
  });

  it('fails with invalid-input for a missing field', () => {
    expect(() => substitute('${item.slot}', { item: { id: 'a' } })).toThrow(SkillFailure);
    expect(() => substitute('${item.slot}', { item: { id: 'a' } })).toThrow(
      '${item.slot}: {"id":"a"} has no field "slot"',
    );
  });
});

describe('forEach in task files', () => {
  const registries = createDefaultRegistries();

  it('nests loops: an inner list bound from the outer item, both indices available', async () => {
    const task = compileTask(
      [
        'root:',
        '  forEach: { items: [{ shelf: s1, slots: [a, b] }, { shelf: s2, slots: [c] }], as: order }',
        '  node:',
        '    forEach: { items: "${order.slots}", as: slot }',
        '    node: { skill: log, params: { message: "${order.shelf}/${slot} ${orderIndex}.${slotIndex}" } }',
      ].join('\n'),
      't.yaml',
      registries,
    );
    const { outcome, events } = await runOnDouble(task.root);
    expect(outcome.status).toBe('succeeded');
    expect(progressLines(events)).toEqual([
      'forEach/forEach/log s1/a 0.0',
      'forEach/forEach/log s1/b 0.1',
      'forEach/forEach/log s2/c 1.0',
    ]);
  });

  it('an item that makes a templated param invalid fails that item, after the valid ones ran', async () => {
    const task = compileTask(
      'root:\n  forEach: { items: [100, soon] }\n  node: { skill: wait, params: { ms: "${item}" } }\n',
      't.yaml',
      registries,
    );
    const { outcome, events } = await runOnDouble(task.root);
    expect(events.filter((e) => e.kind === 'succeeded').map((e) => e.path)).toEqual(['forEach/wait']);
    expect(outcome.status === 'failed' && outcome.failure.reason).toBe('invalid-input');
    expect(outcome.status === 'failed' && outcome.failure.path).toBe('forEach/wait');
    expect(outcome.simTimeMs).toBe(100);
  });

  it('reports a placeholder bound by no enclosing forEach, naming what is bound there', () => {
    expect(() =>
      compileTask(
        'root:\n  forEach: { items: [1], as: n }\n  node: { skill: log, params: { message: "${item}" } }\n',
        't.yaml',
        registries,
      ),
    ).toThrow('t.yaml: root.node.params.message: "${item}" is not bound (bound here: n, nIndex)');
  });
});
