/* eslint-disable no-control-regex -- these tests look for escape sequences and control characters */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunBackend } from '../../apps/cli/backend-session.ts';
import { runCommand } from '../../apps/cli/run-command.ts';
import { captureIo as capture, type CapturedIo } from './capture-io.ts';
import { readTrace, replayTrace } from '../../src/telemetry/trace.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { createScriptedRobot } from '../../hardware/scripted/scripted-robot.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { can } from '../task/run-helpers.ts';

const ANSI_COLOUR = /\x1b\[\d+m/g;
const DOUBLE = ['--backend', 'double'];

const FIXTURES = new URL('../fixtures/tasks/', import.meta.url);
const DEMO = new URL('../../tasks/demo.yaml', import.meta.url);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embody-run-'));
  for (const name of [
    'failing.yaml',
    'bad-types.yaml',
    'restock.yaml',
    'restock.json',
    'stock-scene.yaml',
    'fallback-failing.yaml',
  ])
    await copyFile(new URL(name, FIXTURES), join(dir, name));
  await copyFile(DEMO, join(dir, 'demo.yaml'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Io that records what a command writes; paths resolve against the temp dir; a terminal when given a size. */
function captureIo(isTTY = false, size: { rows?: number; columns?: number } = {}): CapturedIo {
  return capture(dir, isTTY ? size : undefined);
}

const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

describe('embody run', () => {
  it('runs the demo task on the double and prints one plain line per change', async () => {
    const io = captureIo();
    const code = await runCommand(['demo.yaml', ...DOUBLE, '--speed', 'max'], io);
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

  it('exits 1 with the failure reason and path for a failing task, and prints the final tree with a legend', async () => {
    const io = captureIo();
    const code = await runCommand(['failing.yaml', ...DOUBLE], io);
    expect(code).toBe(1);
    expect(io.err()).toBe('failed: slipped at restock/pick/grasp: payload force dropped\n');
    expect(io.out()).toContain('[  1.250s] failed    restock/pick/grasp  slipped: payload force dropped\n');
    expect(io.out()).not.toContain('restock/pick/log');
    expect(io.out()).toContain('    ✗ grasp (fail)  slipped: payload force dropped\n    ○ log\n');
    expect(io.out()).toContain('○ not run (never started: an earlier step failed');
    expect(io.out()).toContain('1 not run (never started)');
  });

  it('ends a failed run with the root cause when it lies below the failing node', async () => {
    const io = captureIo();
    expect(await runCommand(['fallback-failing.yaml', ...DOUBLE], io)).toBe(1);
    expect(io.err().trimEnd().split('\n')).toEqual([
      'failed: all-failed at pick-any: all 2 children failed (pick-gripper: no-grasp; pick-suction: missed)',
      'cause: no-grasp at pick-any/pick-gripper/grasp: no grasp fits can-1 with the gripper',
    ]);
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
    expect(bad.err()).toBe(
      'embody run: unknown option --colour\n' +
        'embody run: --seed: expected an integer from 0 to 4294967295, got "seven" (embody run -h for usage)\n',
    );

    const empty = captureIo();
    expect(await runCommand(['demo.yaml', '--seed=', '--limit-s', '0'], empty)).toBe(2);
    expect(empty.err().trimEnd().split('\n')).toEqual([
      'embody run: --seed: expected an integer from 0 to 4294967295, got ""',
      'embody run: --limit-s: expected a number > 0 and ≤ 86400, got "0" (embody run -h for usage)',
    ]);

    const none = captureIo();
    expect(await runCommand([], none)).toBe(2);
    expect(none.err()).toContain('embody run: missing task file');

    const sim = captureIo();
    expect(await runCommand(['demo.yaml', '--backend', 'sim'], sim)).toBe(2);
    expect(sim.err()).toBe('embody run: backend sim: the sim backend needs a scene: add --scene <file>\n');

    // No silent default robot: a run without a world says how to pick one.
    const nothing = captureIo();
    expect(await runCommand(['demo.yaml'], nothing)).toBe(2);
    expect(nothing.err()).toBe(
      'embody run: no robot to run on: give --scene <file> (or a scene in the task file) to run in the sim, or --backend double for the scripted double\n',
    );
  });

  it('writes a trace that replays to the final tree, into folders it creates', async () => {
    const io = captureIo();
    expect(await runCommand(['failing.yaml', ...DOUBLE, '--trace', 'out/deep/run.jsonl', '--seed', '9'], io)).toBe(1);
    const events = await readTrace(join(dir, 'out/deep/run.jsonl'));
    expect(io.out()).toContain(`trace: out/deep/run.jsonl (${events.length} events)`);
    expect(io.out()).toContain('failing: backend double, seed 9, speed max');
    const root = replayTrace(events).snapshot();
    expect(root).toMatchObject({ name: 'restock', status: 'failed', endSimTimeMs: 1250 });
    expect(root.children.map((c) => `${c.name}:${c.status}`)).toEqual(['wait:succeeded', 'pick:failed']);
  });

  it('on a TTY redraws the tree and ends with the final one', async () => {
    const io = captureIo(true);
    expect(await runCommand(['failing.yaml', ...DOUBLE, '--speed', 'max'], io)).toBe(1);
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
      description: 'a double with two cans in stock',
      create: async () => {
        const scheduler = new SimScheduler();
        return {
          robot: createScriptedRobot(scheduler),
          world: new InMemoryWorldModel([can('can-1', 'stock'), can('can-2', 'stock')]),
          scheduler,
        };
      },
    };
    const io = captureIo();
    expect(await runCommand(['restock.yaml', '--backend', 'stocked'], io, { backends: { stocked } })).toBe(0);
    expect(io.out()).toContain('restock/each-stock/retry/visit  visiting can-2 (#1)');
    expect(lastLine(io.out())).toBe('succeeded in 0.600 s sim time');
  });

  it('ends with the reason when the backend cannot connect', async () => {
    const broken: RunBackend = {
      description: 'a robot that is not there',
      create: async () => {
        const scheduler = new SimScheduler();
        const robot = createScriptedRobot(scheduler);
        return {
          robot: { ...robot, connect: () => Promise.reject(new Error('no rosbridge at ws://robot:9090')) },
          world: new InMemoryWorldModel(),
          scheduler,
        };
      },
    };
    const io = captureIo();
    expect(await runCommand(['demo.yaml', '--backend', 'broken'], io, { backends: { broken } })).toBe(1);
    expect(io.err()).toBe('embody run: backend broken: cannot connect: no rosbridge at ws://robot:9090\n');
  });

  it('--scene gives the double the world of a scene file', async () => {
    const io = captureIo();
    expect(await runCommand(['restock.yaml', ...DOUBLE, '--scene', 'stock-scene.yaml'], io)).toBe(0);
    expect(io.out()).toContain('[  0.000s] running   restock/each-stock/retry/visit  visiting can-1 (#0)\n');
    expect(io.out()).toContain('visiting can-2 (#1)');

    const missing = captureIo();
    expect(await runCommand(['restock.yaml', ...DOUBLE, '--scene', 'nope.yaml'], missing)).toBe(2);
    expect(missing.err()).toMatch(/^embody run: backend double: ENOENT.*nope\.yaml/);
  });

  it('gives the same trace for the same seed (wall time aside)', async () => {
    const strip = async (name: string) =>
      (await readTrace(join(dir, name))).map(({ wallTimeMs: _wall, ...rest }) => rest);
    await runCommand(['demo.yaml', ...DOUBLE, '--trace', 'a.jsonl'], captureIo());
    await runCommand(['demo.yaml', ...DOUBLE, '--trace', 'b.jsonl'], captureIo());
    const [a, b] = [await strip('a.jsonl'), await strip('b.jsonl')];
    expect(a.length).toBeGreaterThan(50);
    expect(a).toEqual(b);
  });
});

describe('embody run --trace', () => {
  it('refuses an existing file unless --force, and never writes over the task or scene file', async () => {
    const first = captureIo();
    expect(await runCommand(['failing.yaml', ...DOUBLE, '--trace', 't.jsonl'], first)).toBe(1);
    const again = captureIo();
    expect(await runCommand(['failing.yaml', ...DOUBLE, '--trace', 't.jsonl'], again)).toBe(2);
    expect(again.err()).toBe('embody run: --trace t.jsonl exists (add --force to overwrite it)\n');
    expect(again.out()).toBe('');
    const forced = captureIo();
    expect(await runCommand(['failing.yaml', ...DOUBLE, '--trace', 't.jsonl', '--force'], forced)).toBe(1);
    expect(forced.out()).toContain('trace: t.jsonl (');

    const task = await readFile(join(dir, 'restock.yaml'), 'utf8');
    for (const input of ['restock.yaml', './restock.yaml', 'stock-scene.yaml']) {
      const io = captureIo();
      const args = ['restock.yaml', ...DOUBLE, '--scene', 'stock-scene.yaml', '--trace', input, '--force'];
      expect(await runCommand(args, io)).toBe(2);
      expect(io.err()).toBe(`embody run: --trace ${input} is an input of this run; refusing to write over it\n`);
    }
    expect(await readFile(join(dir, 'restock.yaml'), 'utf8')).toBe(task);
  });
});

describe('embody run --json', () => {
  it('prints one JSON object on stdout and everything else on stderr', async () => {
    const io = captureIo();
    expect(await runCommand(['fallback-failing.yaml', ...DOUBLE, '--json', '--seed', '4'], io)).toBe(1);
    const summary = JSON.parse(io.out()) as Record<string, unknown>;
    expect(io.out().trimEnd().split('\n')).toHaveLength(1);
    expect(summary).toMatchObject({
      command: 'run',
      task: 'fallback-failing',
      taskFile: 'fallback-failing.yaml',
      backend: 'double',
      seed: 4,
      status: 'failed',
      exitCode: 1,
      simTimeS: 0.1,
      skills: { succeeded: 1, failed: 2, cancelled: 0, notRun: 1, running: 0 },
      failure: { reason: 'all-failed', path: 'pick-any' },
      rootCause: {
        reason: 'no-grasp',
        message: 'no grasp fits can-1 with the gripper',
        path: 'pick-any/pick-gripper/grasp',
      },
    });
    expect(io.err()).toContain('fallback-failing: backend double, seed 4, speed max\n');
    expect(io.err()).toContain('summary: skills ');

    const bad = captureIo();
    expect(await runCommand(['nope.yaml', '--json'], bad)).toBe(2);
    expect(JSON.parse(bad.out())).toMatchObject({ command: 'run', status: 'error', exitCode: 2 });
  });
});

describe('embody run on a terminal', () => {
  const EVIL = [
    'name: "evil\\e]0;pwned\\a-task"',
    'root:',
    '  sequence:',
    '    name: "job\\e[2J"',
    '    nodes:',
    '      - skill: log',
    '        params: { message: "look \\e]52;c;ZXZpbA==\\a here\\nand\\rthere" }',
    '      - skill: fail',
    '        params: { reason: missed, message: "gone\\e[31m red" }',
  ].join('\n');

  it('prints no escape sequence or control character that came from the task file', async () => {
    await writeFile(join(dir, 'evil.yaml'), EVIL);
    for (const tty of [false, true]) {
      const io = captureIo(tty);
      expect(await runCommand(['evil.yaml', ...DOUBLE], io)).toBe(1);
      // Only our own colour and cursor codes remain.
      const foreign = (io.out() + io.err()).replace(/\x1b\[(\d+m|\d+F|J)/g, '');
      expect(foreign.replace(/\n/g, '')).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
      expect(io.out()).toContain('evil-task');
      expect(io.err()).toContain('failed: missed at job/fail: gone red');
    }
    const plain = captureIo();
    await runCommand(['evil.yaml', ...DOUBLE], plain);
    expect(plain.out()).toContain('running   job/log  look  here and there');
  });

  it('honours NO_COLOR and fits the drawing to the terminal', async () => {
    vi.stubEnv('NO_COLOR', '1');
    try {
      const io = captureIo(true, { rows: 6, columns: 30 });
      expect(await runCommand(['demo.yaml', ...DOUBLE, '--speed', 'max'], io)).toBe(0);
      // The line naming the run comes before the first drawing; the drawings follow, each after a cursor move.
      const drawings = io
        .out()
        .slice(io.out().indexOf('\n') + 1)
        .split('\x1b[J');
      expect(io.out()).not.toMatch(/\x1b\[\d+m/);
      // Every live drawing fits 6 rows (the header, at most 4 tree rows, the cursor) and 29 columns.
      for (const drawing of drawings.slice(0, -1)) {
        const lines = drawing
          .replace(/\x1b\[\d+F$/, '')
          .trimEnd()
          .split('\n');
        expect(lines.length).toBeLessThanOrEqual(5);
        for (const line of lines) expect([...line.replace(/\x1b\[\d+F/, '')].length).toBeLessThanOrEqual(29);
      }
      expect(io.out()).toMatch(/… \d+ more below/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('embody run --help', () => {
  it('prints the usage and exits 0', async () => {
    const io = captureIo();
    expect(await runCommand(['--help'], io)).toBe(0);
    expect(io.out()).toContain('--speed realtime|max');
    expect(io.out()).toMatch(/^usage: embody run <task.yaml\|task.json> \[options\]/);
    expect(await readFile(join(dir, 'demo.yaml'), 'utf8')).toContain('demo-wave');
  });
});
