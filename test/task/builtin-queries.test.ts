import { describe, expect, it } from 'vitest';
import { compileTask, createDefaultRegistries } from '../../src/task/index.ts';
import { can, progressLines, runOnDouble } from './run-helpers.ts';

const registries = createDefaultRegistries();
const compile = (source: string) => compileTask(source, 't.yaml', registries).root;

describe('built-in conditions and item queries', () => {
  it('objectsTagged takes a tag or { tag } and lists ids in world order', async () => {
    const world = [can('b', 'stock'), can('x'), can('a', 'stock', 'cold')];
    for (const items of ['{ objectsTagged: stock }', '{ objectsTagged: { tag: stock } }']) {
      const { events } = await runOnDouble(
        compile(`root:\n  forEach: { items: ${items} }\n  node: { skill: log, params: { message: "\${item}" } }\n`),
        world,
      );
      expect(progressLines(events)).toEqual(['forEach/log b', 'forEach/log a']);
    }
  });

  it('gripperHolding waits (onFalse: wait) until the double gripper stalls on an object', async () => {
    const root = compile(
      'root:\n  guard: { condition: gripperHolding, onFalse: wait }\n  node: { skill: wait, params: { ms: 100 } }\n',
    );
    const { outcome } = await runOnDouble(root, [], (robot) => {
      const gripper = robot.parts.grippers[0]!;
      gripper.objectWidthM = 0.05;
      // Closing from 0.1 m to 0.05 m at 0.1 m/s takes 500 ms; the guarded wait starts when it stalls.
      gripper.close(20).execution$.subscribe();
    });
    expect(outcome).toEqual({ status: 'succeeded', simTimeMs: 600 });
  });

  it('gripperHolding fails with precondition-failed for a gripper the robot does not have', async () => {
    const root = compile(
      'root:\n  guard: { condition: { gripperHolding: { gripper: 3 } } }\n  node: { skill: wait, params: { ms: 1 } }\n',
    );
    const { outcome } = await runOnDouble(root);
    expect(outcome.status === 'failed' && outcome.failure.message).toBe('robot has no gripper 3');
  });

  it('objectKnown takes its object from a forEach item at run time', async () => {
    const root = compile(
      'root:\n  forEach: { items: [can-1, can-9] }\n  node:\n    guard: { condition: { objectKnown: { object: "${item}" } } }\n    node: { skill: log, params: { message: "${item} is known" } }\n',
    );
    const { outcome, events } = await runOnDouble(root, [can('can-1')]);
    expect(progressLines(events)).toEqual(['forEach/guard/log can-1 is known']);
    expect(outcome.status === 'failed' && outcome.failure.describe()).toBe(
      'precondition-failed at forEach/guard: guard condition was false at start',
    );
  });
});
