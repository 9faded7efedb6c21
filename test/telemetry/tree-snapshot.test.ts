import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTask, createDefaultRegistries } from '../../src/task/index.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import { JsonlRecorder } from '../../src/telemetry/jsonl-recorder.ts';
import { readTrace, replayTrace } from '../../src/telemetry/trace.ts';
import { TreeSnapshot, type TreeNodeSnapshot } from '../../src/telemetry/tree-snapshot.ts';
import { runTask } from '../../src/task/run-task.ts';
import { seededRandom } from '../../src/math/random.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { createScriptedRobot } from '../../hardware/scripted/scripted-robot.ts';

const TASK = `
name: snapshot
root:
  sequence:
    name: restock
    nodes:
      - skill: wait
        params: { ms: 100 }
      - forEach: { name: slots, items: [a, b] }
        node: { skill: log, params: { message: "slot \${item}" } }
      - fallback:
          name: pick
          nodes:
            - retry: { attempts: 2, backoffMs: 50 }
              node: { skill: fail, name: grasp, params: { reason: slipped, message: payload dropped } }
            - skill: moveArmJoints
              name: nudge
              params: { arm: right, positions: [0.1, 0, 0, 0] }
      - parallel:
          name: both
          policy: any
          nodes:
            - { skill: wait, params: { ms: 30 } }
            - { skill: wait, name: long, params: { ms: 5000 } }
`;

/** `status name` lines of a snapshot, indented by depth: what the tree shows, compact enough to compare. */
function outline(node: TreeNodeSnapshot, depth = 0): string[] {
  return [
    `${'  '.repeat(depth)}${node.status} ${node.name}${node.starts > 1 ? ` x${node.starts}` : ''}`,
    ...node.children.flatMap((c) => outline(c, depth + 1)),
  ];
}

async function recordRun(
  tracePath: string,
): Promise<{ live: TreeSnapshot; seeded: TreeSnapshot; root: ReturnType<typeof compileTask>['root'] }> {
  const { root } = compileTask(TASK, 'snapshot.yaml', createDefaultRegistries());
  const scheduler = new SimScheduler();
  const bus = new TelemetryBus(() => 0);
  const live = new TreeSnapshot();
  const seeded = TreeSnapshot.fromSkill(root);
  live.attach(bus.events$);
  seeded.attach(bus.events$);
  const recorder = JsonlRecorder.create(tracePath);
  recorder.attach(bus.events$);
  const outcome = await runTask(root, {
    robot: createScriptedRobot(scheduler),
    world: new InMemoryWorldModel(),
    random: seededRandom(1),
    telemetry: bus,
    scheduler,
    speed: 'max',
    limitMs: 60_000,
  });
  recorder.close();
  expect(outcome.status).toBe('succeeded');
  return { live, seeded, root };
}

describe('TreeSnapshot', () => {
  it('seeds the static tree as idle, with the ids the runner assigns', () => {
    const { root } = compileTask(TASK, 'snapshot.yaml', createDefaultRegistries());
    const snapshot = TreeSnapshot.fromSkill(root).snapshot();
    expect(outline(snapshot)).toEqual([
      'idle restock',
      '  idle wait',
      '  idle slots',
      '  idle pick',
      '    idle retry',
      '      idle grasp',
      '    idle nudge',
      '  idle both',
      '    idle wait',
      '    idle long',
    ]);
    expect(snapshot.children[2]?.children[0]?.children[0]).toMatchObject({
      id: '0/2/0/0',
      path: 'restock/pick/retry/grasp',
    });
  });

  it('folds a run into the final tree: statuses, retries, run-time children, failures and times', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'embody-tree-'));
    try {
      const { live } = await recordRun(join(dir, 'run.jsonl'));
      const snapshot = live.snapshot();
      expect(outline(snapshot)).toEqual([
        'succeeded restock',
        '  succeeded wait',
        '  succeeded slots',
        '    succeeded log',
        '    succeeded log',
        '  succeeded pick',
        '    failed retry',
        '      failed grasp x2',
        '    succeeded nudge',
        '  succeeded both',
        '    succeeded wait',
        '    cancelled long',
      ]);
      const grasp = live.node('0/2/0/0');
      expect(grasp).toMatchObject({
        failure: { reason: 'slipped', message: 'payload dropped', path: 'restock/pick/retry/grasp' },
        startSimTimeMs: 150,
        endSimTimeMs: 150,
      });
      expect(live.node('0/1/1')).toMatchObject({ message: 'slot b', kind: 'log', parentId: '0/1' });
      expect(live.node('0/3/1')).toMatchObject({
        status: 'cancelled',
        startSimTimeMs: snapshot.children[3]?.startSimTimeMs,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a replayed trace file gives the same tree as the live one, seeded or not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'embody-tree-'));
    try {
      const path = join(dir, 'run.jsonl');
      const { live, seeded, root } = await recordRun(path);
      const events = await readTrace(path);
      expect(events.length).toBe(live.eventCount);
      expect(replayTrace(events).snapshot()).toEqual(live.snapshot());
      expect(replayTrace(events, root).snapshot()).toEqual(seeded.snapshot());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows a retried child fresh when its parent starts it again', () => {
    const tree = new TreeSnapshot();
    const event = (seq: number, kind: 'start' | 'failed' | 'progress', nodeId: string, extra = {}) =>
      tree.apply({
        seq,
        wallTimeMs: 0,
        simTimeMs: seq * 10,
        kind,
        nodeId,
        path: nodeId,
        nodeKind: 'k',
        name: nodeId,
        ...(nodeId === '0' ? {} : { parentId: nodeId.slice(0, nodeId.lastIndexOf('/')) }),
        ...extra,
      });
    event(0, 'start', '0');
    event(1, 'start', '0/0');
    event(2, 'start', '0/0/0');
    event(3, 'progress', '0/0/0', { message: 'approach' });
    event(4, 'start', '0/0');
    expect(tree.node('0/0/0')).toMatchObject({ status: 'idle', starts: 1 });
    expect(tree.node('0/0/0')?.message).toBeUndefined();
    expect(tree.node('0/0')).toMatchObject({ status: 'running', starts: 2, startSimTimeMs: 40 });
  });

  it('orders children by the index in their id, not by arrival or as text', () => {
    const tree = new TreeSnapshot();
    for (const index of [10, 2, 0]) {
      tree.apply({
        seq: index,
        wallTimeMs: 0,
        simTimeMs: 0,
        kind: 'start',
        nodeId: `0/${index}`,
        parentId: '0',
        path: 'x',
        nodeKind: 'k',
        name: `c${index}`,
      });
    }
    expect(() => tree.snapshot()).toThrow(/no node known yet/);
    tree.apply({
      seq: 99,
      wallTimeMs: 0,
      simTimeMs: 0,
      kind: 'start',
      nodeId: '0',
      path: 'r',
      nodeKind: 'k',
      name: 'r',
    });
    // Children that arrived before their parent are attached when it appears.
    expect(tree.snapshot().children.map((c) => c.name)).toEqual(['c0', 'c2', 'c10']);
  });
});
