import { describe, expect, it } from 'vitest';
import { SKILLS } from '../../skills/index.ts';
import { createDefaultRegistries } from '../../src/task/default-registries.ts';
import { compileTask, TaskFileError } from '../../src/task/index.ts';

const registries = createDefaultRegistries(SKILLS);

function issuesOf(source: string): string[] {
  try {
    compileTask(source, 'tasks/flow.yaml', registries);
    return [];
  } catch (error) {
    if (!(error instanceof TaskFileError)) throw error;
    return error.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

// The blackboard ports of each skill, checked when a task file compiles: what `place` needs (`held/<object>`)
// must be something an earlier node can have written.
describe('task files: data flow between nodes (blackboard ports)', () => {
  it('accepts a place after the grasp of the same object, and a pickAndPlace on its own', () => {
    expect(
      issuesOf(`
root:
  sequence:
    - skill: grasp
      params: { object: can-1 }
    - skill: place
      params: { object: can-1, target: target/a }
    - skill: pickAndPlace
      params: { object: can-2, target: target/b }
`),
    ).toEqual([]);
  });

  it('reports a place that no earlier node can have handed an object to, with the file path of the node', () => {
    const issues = issuesOf(`
root:
  sequence:
    nodes:
      - skill: grasp
        params: { object: can-1 }
      - skill: place
        params: { object: can-2, target: target/a }
`);
    expect(issues).toEqual([
      "root.sequence.nodes[1]: place needs 'held/can-2' on the blackboard, and no node before it can have written it",
    ]);
    expect(() => compileTask('root: { skill: place, params: { object: x, target: t } }', 'a.yaml', registries)).toThrow(
      /^a\.yaml: root: place needs 'held\/x' on the blackboard/,
    );
  });

  it('does not count a parallel sibling, nor a node that runs after, as having written a key', () => {
    expect(
      issuesOf(`
root:
  parallel:
    - skill: grasp
      params: { object: can-1 }
    - skill: stowForCarry
      params: { object: can-1 }
`),
    ).toEqual([
      "root.parallel[1]: stowForCarry needs 'held/can-1' on the blackboard, and no node before it can have written it",
    ]);
    expect(
      issuesOf(`
root:
  sequence:
    - skill: goWithinReach
      params: { kind: place, object: can-1, target: target/a }
    - skill: grasp
      params: { object: can-1 }
`),
    ).toHaveLength(1);
  });

  it('counts a fallback branch tried earlier and a loop run before, and templated keys as their family', () => {
    expect(
      issuesOf(`
root:
  sequence:
    - fallback:
        - skill: grasp
          params: { object: can-1, effector: gripper }
        - skill: grasp
          params: { object: can-1, effector: suction }
    - skill: place
      params: { object: can-1, target: target/a }
`),
    ).toEqual([]);
    expect(
      issuesOf(`
root:
  forEach:
    items: [can-1, can-2]
    as: item
  node:
    sequence:
      - skill: pick
        params: { object: "\${item}" }
      - skill: place
        params: { object: "\${item}", target: target/a }
`),
    ).toEqual([]);
  });
});
