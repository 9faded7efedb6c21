import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replayCommand } from '../../apps/cli/replay-command.ts';
import { runCommand } from '../../apps/cli/run-command.ts';
import { captureIo as capture } from './capture-io.ts';

const FIXTURES = new URL('../fixtures/tasks/', import.meta.url);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embody-replay-'));
  for (const name of ['failing.yaml', 'fallback-failing.yaml'])
    await copyFile(new URL(name, FIXTURES), join(dir, name));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const captureIo = () => capture(dir);

/** Runs a fixture on the double with a trace; returns the run's own final tree as it printed it. */
async function traced(task: string): Promise<string> {
  const io = captureIo();
  await runCommand([task, '--backend', 'double', '--trace', 'run.jsonl'], io);
  return io.out();
}

describe('embody replay', () => {
  it('renders the final tree a run ended with, the summary and the root cause', async () => {
    const run = await traced('fallback-failing.yaml');
    const io = captureIo();
    // With the task file, the nodes that never started are in the tree too.
    expect(await replayCommand(['run.jsonl', '--task', 'fallback-failing.yaml'], io)).toBe(1);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toBe('[  0.100s] pick-any: 12 events from run.jsonl');
    // The same tree the run printed at its end.
    const tree = lines.slice(
      1,
      lines.findIndex((l) => l.startsWith('legend:')),
    );
    expect(run).toContain(`${tree.join('\n')}\n`);
    expect(tree[0]).toMatch(/^✗ pick-any \(fallback\) {2}all-failed/);
    expect(lines.at(-2)).toBe(
      'summary: failed; skills 1 succeeded, 2 failed, 0 cancelled, 1 not run (never started); 0.100 s sim',
    );
    // Without it, the trace alone: only the nodes that started.
    const bare = captureIo();
    expect(await replayCommand(['run.jsonl'], bare)).toBe(1);
    expect(bare.out()).not.toMatch(/^ *○ /m);
    expect(bare.out()).toContain('summary: failed; skills 1 succeeded, 2 failed, 0 cancelled; 0.100 s sim\n');
    expect(lines.at(-1)).toBe('cause: no-grasp at pick-any/pick-gripper/grasp: no grasp fits can-1 with the gripper');
  });

  it('--step shows the tree after each change, in order', async () => {
    await traced('failing.yaml');
    const io = captureIo();
    expect(await replayCommand(['run.jsonl', '--step'], io)).toBe(1);
    const steps = io.out().split('\nstep ').slice(1);
    expect(steps[0]?.split('\n').slice(0, 2)).toEqual(['1/8  [  0.000s] running   restock', '▶ restock (sequence)']);
    const grasp = steps.find((s) => s.includes('failed    restock/pick/grasp'));
    expect(grasp).toContain('    ✗ grasp (fail)  slipped: payload force dropped\n');
    expect(steps.at(-1)).toMatch(/^8\/8 {2}\[ {2}1\.250s\] failed {4}restock {2}slipped/);
  });

  it('--json prints the outcome as one object', async () => {
    await traced('failing.yaml');
    const io = captureIo();
    expect(await replayCommand(['run.jsonl', '--json'], io)).toBe(1);
    expect(JSON.parse(io.out())).toMatchObject({
      command: 'replay',
      task: 'restock',
      status: 'failed',
      events: 8,
      simTimeS: 1.25,
      rootCause: { reason: 'slipped', message: 'payload force dropped', path: 'restock/pick/grasp' },
    });
  });

  it('names the file and line of a bad trace, and exits 2', async () => {
    await writeFile(join(dir, 'bad.jsonl'), '{"seq":0}\n');
    const io = captureIo();
    expect(await replayCommand(['bad.jsonl'], io)).toBe(2);
    expect(io.err()).toMatch(/^embody replay: bad\.jsonl:1: kind: /);
    const missing = captureIo();
    expect(await replayCommand(['nope.jsonl'], missing)).toBe(2);
    expect(missing.err()).toMatch(/^embody replay: cannot read nope\.jsonl: ENOENT/);
  });
});
