import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand, type CliIo, type RunBackend } from '../../apps/cli/run-command.ts';
import { readTrace, replayTrace } from '../../src/telemetry/trace.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { createScriptedRobot } from '../../hardware/scripted/scripted-robot.ts';

// eslint-disable-next-line no-control-regex -- the escape sequences are what the test strips
const ANSI_COLOUR = /\x1b\[\d+m/g;
import { can } from '../task/run-helpers.ts';

const FIXTURES = new URL('../fixtures/tasks/', import.meta.url);
const DEMO = new URL('../../tasks/demo.yaml', import.meta.url);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embody-run-'));
  for (const name of ['failing.yaml', 'bad-types.yaml', 'restock.yaml', 'restock.json', 'stock-scene.yaml'])
    await copyFile(new URL(name, FIXTURES), join(dir, name));
  await copyFile(DEMO, join(dir, 'demo.yaml'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Io that records what a command writes; paths resolve against the temp dir. */
function captureIo(isTTY = false): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => void (out += text), isTTY },
    stderr: { write: (text: string) => void (err += text) },
    cwd: dir,
    out: () => out,
    err: () => err,
  };
}

const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

describe('embody run', () => {
  it('runs the demo task on the double and prints one plain line per change', async () => {
    const io = captureIo();
    const code = await runCommand(['demo.yaml', '--speed', 'max'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toBe('demo-wave: backend double, seed 7, speed max');
    expect(lines).toContain('[  0.000s] running   demo/log  starting');
    expect(lines).toContain('[  0.600s] succeeded demo/raise-arms');
    expect(lines).toContain('[  3.500s] failed    demo/recover/retry/fail  missed: scripted miss');
    expect(lines.at(-3)).toBe('[  4.200s] succeeded demo');
    // One retried skill failed on the way and the fallback recovered: the summary counts leaves as they ended.
    expect(lines.at(-2)).toMatch(
      /^summary: skills 14 succeeded, 1 failed, 0 cancelled; 4\.200 s sim in \d+\.\d s wall/,
    );
    expect(lastLine(io.out())).toBe('succeeded in 4.200 s sim time');
  });

  it('exits 1 with the failure reason and path for a failing task', async () => {
    const io = captureIo();
    const code = await runCommand(['failing.yaml'], io);
    expect(code).toBe(1);
    expect(io.err()).toBe('failed: slipped at restock/pick/grasp: payload force dropped\n');
    expect(io.out()).toContain('[  1.250s] failed    restock/pick/grasp  slipped: payload force dropped\n');
    expect(io.out()).not.toContain('restock/pick/log');
  });

  it('exits 2 with every issue of a bad task file, named as the user typed it', async () => {
    const io = captureIo();
    const code = await runCommand(['bad-types.yaml'], io);
    expect(code).toBe(2);
    expect(io.out()).toBe('');
    const issues = io.err().trimEnd().split('\n');
    expect(issues).toHaveLength(5);
    expect(issues[0]).toBe('bad-types.yaml: root.sequence.nodes[2].params.positions[1]: expected number, got string');
  });

  it('exits 2 for a missing file, bad options and a sim run without a scene', async () => {
    const missing = captureIo();
    expect(await runCommand(['nope.yaml'], missing)).toBe(2);
    expect(missing.err()).toMatch(/^embody run: cannot read nope\.yaml: ENOENT/);

    const bad = captureIo();
    expect(await runCommand(['demo.yaml', '--seed', 'seven', '--colour', 'red'], bad)).toBe(2);
    expect(bad.err()).toContain('embody run: unknown option --colour\nembody run: --seed: ');
    expect(bad.err()).toContain('usage: embody run');

    const none = captureIo();
    expect(await runCommand([], none)).toBe(2);
    expect(none.err()).toContain('embody run: missing task file');

    const sim = captureIo();
    expect(await runCommand(['demo.yaml', '--backend', 'sim'], sim)).toBe(2);
    expect(sim.err()).toBe('embody run: backend sim: the sim backend needs a scene: add --scene <file>\n');
  });

  it('writes a trace that replays to the final tree', async () => {
    const io = captureIo();
    expect(await runCommand(['failing.yaml', '--trace', 'out.jsonl', '--seed', '9'], io)).toBe(1);
    const events = await readTrace(join(dir, 'out.jsonl'));
    expect(io.out()).toContain(`trace: out.jsonl (${events.length} events)`);
    expect(io.out()).toContain('failing: backend double, seed 9, speed max');
    const root = replayTrace(events).snapshot();
    expect(root).toMatchObject({ name: 'restock', status: 'failed', endSimTimeMs: 1250 });
    expect(root.children.map((c) => `${c.name}:${c.status}`)).toEqual(['wait:succeeded', 'pick:failed']);
  });

  it('on a TTY redraws the tree and ends with the final one', async () => {
    const io = captureIo(true);
    expect(await runCommand(['failing.yaml', '--speed', 'max'], io)).toBe(1);
    const drawings = io.out().split('\x1b[J');
    expect(drawings).toHaveLength(2);
    // The first drawing is the static tree, all idle, before anything ran.
    expect(drawings[0]?.replace(ANSI_COLOUR, '')).toContain('[  0.000s] restock\n○ restock (sequence)\n  ○ wait\n');
    const final = drawings.at(-1) ?? '';
    const plain = final.replace(ANSI_COLOUR, '');
    expect(plain.split('\n').slice(0, 6)).toEqual([
      '[  1.250s] restock',
      '✗ restock (sequence)  slipped: payload force dropped',
      '  ✓ wait',
      '  ✗ pick (sequence)  slipped: payload force dropped',
      '    ✗ grasp (fail)  slipped: payload force dropped',
      '    ○ log',
    ]);
  });

  it('runs against a backend it is given: the world it supplies feeds item queries', async () => {
    const stocked: RunBackend = {
      create: async ({ scheduler }) => ({
        robot: createScriptedRobot(scheduler),
        world: new InMemoryWorldModel([can('can-1', 'stock'), can('can-2', 'stock')]),
      }),
    };
    const io = captureIo();
    expect(await runCommand(['restock.yaml', '--backend', 'stocked'], io, { backends: { stocked } })).toBe(0);
    expect(io.out()).toContain('restock/each-stock/retry/visit  visiting can-2 (#1)');
    expect(lastLine(io.out())).toBe('succeeded in 0.600 s sim time');
  });

  it('--scene gives the double the world of a scene file', async () => {
    const io = captureIo();
    expect(await runCommand(['restock.yaml', '--scene', 'stock-scene.yaml'], io)).toBe(0);
    expect(io.out()).toContain('[  0.000s] running   restock/each-stock/retry/visit  visiting can-1 (#0)\n');
    expect(io.out()).toContain('visiting can-2 (#1)');

    const missing = captureIo();
    expect(await runCommand(['restock.yaml', '--scene', 'nope.yaml'], missing)).toBe(2);
    expect(missing.err()).toMatch(/^embody run: backend double: ENOENT.*nope\.yaml/);
  });

  it('gives the same trace for the same seed (wall time aside)', async () => {
    const strip = async (name: string) =>
      (await readTrace(join(dir, name))).map(({ wallTimeMs: _wall, ...rest }) => rest);
    await runCommand(['demo.yaml', '--trace', 'a.jsonl'], captureIo());
    await runCommand(['demo.yaml', '--trace', 'b.jsonl'], captureIo());
    const [a, b] = [await strip('a.jsonl'), await strip('b.jsonl')];
    expect(a.length).toBeGreaterThan(50);
    expect(a).toEqual(b);
  });
});

describe('embody run --help', () => {
  it('prints the usage and exits 0', async () => {
    const io = captureIo();
    expect(await runCommand(['--help'], io)).toBe(0);
    expect(io.out()).toContain('--speed realtime|max');
    expect(await readFile(join(dir, 'demo.yaml'), 'utf8')).toContain('demo-wave');
  });
});
