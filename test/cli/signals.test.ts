import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/telemetry/trace.ts';

// Ctrl-C on a real process: `embody run` in a child, signalled once it has announced that the long wait started (a
// line on its stdout), so the signal always lands mid-run. No sleeps: every step waits for a line of output.
const ROOT = new URL('../..', import.meta.url).pathname;
const ENTRY = ['bin/run-ts.mjs', 'test/cli/run-cli.ts'];
const TASK = 'test/cli/fixtures/long-wait.yaml';
const SLOW = { timeout: 60_000 };

interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  /** Resolves when a line matching `pattern` has appeared on the stream. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void>;
  readonly exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function start(args: readonly string[]): Child {
  const child = spawn(process.execPath, [...ENTRY, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  const text = { stdout: '', stderr: '' };
  const waiters: Array<{ stream: 'stdout' | 'stderr'; pattern: RegExp; resolve: () => void }> = [];
  const check = (): void => {
    for (const w of [...waiters])
      if (w.pattern.test(text[w.stream])) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  for (const stream of ['stdout', 'stderr'] as const)
    child[stream].on('data', (data: Buffer) => {
      text[stream] += data.toString('utf8');
      check();
    });
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ...text }));
  });
  return {
    process: child,
    waitFor: (stream, pattern) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ stream, pattern, resolve });
        check();
        // A child that ends before the line shows fails the wait with what it printed.
        void exit.then(({ code, stdout, stderr }) =>
          reject(new Error(`exited ${code} before ${pattern}:\n${stdout}\n${stderr}`)),
        );
      }),
    exit,
  };
}

const WAIT_STARTED = /running {3}job\/wait\n/;

describe('embody run and signals (a real child process)', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s cancels the graph, prints the final tree and summary, flushes the trace, exits %i',
    SLOW,
    async (signal, exitCode) => {
      const dir = mkdtempSync(join(tmpdir(), 'embody-signal-'));
      const trace = join(dir, 'run.jsonl');
      const child = start(['run', TASK, '--backend', 'double', '--speed', 'realtime', '--trace', trace]);
      await child.waitFor('stdout', WAIT_STARTED);
      child.process.kill(signal);
      const { code, stdout, stderr } = await child.exit;
      expect(code).toBe(exitCode);
      // The final tree: the wait was cancelled, the log before it succeeded.
      expect(stdout).toContain('⊘ job (sequence)\n  ✓ log\n  ⊘ wait\n');
      expect(stdout).toMatch(/summary: skills 1 succeeded, 0 failed, 1 cancelled; 0\.000 s sim/);
      expect(stderr).toContain(`embody: ${signal}: cancelling the run and halting the robot`);
      expect(stderr.trimEnd().split('\n').at(-1)).toBe(`interrupted by ${signal} at 0.000 s sim time (cancelled)`);
      // Cancelled bottom-up, and on disk.
      const cancelled = (await readTrace(trace)).filter((e) => e.kind === 'cancelled').map((e) => e.path);
      expect(cancelled).toEqual(['job/wait', 'job']);
    },
  );

  it('a second Ctrl-C while the shutdown is stuck exits at once, after robot.stop()', SLOW, async () => {
    const child = start(['run', TASK, '--backend', 'hang', '--speed', 'realtime']);
    await child.waitFor('stdout', WAIT_STARTED);
    child.process.kill('SIGINT');
    // The run was cancelled and reported; now the backend's disconnect hangs.
    await child.waitFor('stdout', /^summary: /m);
    child.process.kill('SIGINT');
    // A loaded machine may take longer than the 2 s window between the two: the child then asks again.
    void child.waitFor('stderr', /still stopping/).then(
      () => child.process.kill('SIGINT'),
      () => undefined,
    );
    const { code, stdout, stderr } = await child.exit;
    expect(code).toBe(130);
    expect(stdout).toContain('robot.stop() called\n');
    expect(stderr).toContain('embody: exiting at once after robot.stop()\n');
    // It exited from inside the stuck shutdown: the run's closing line was never printed.
    expect(stderr).not.toContain('interrupted by SIGINT at');
  });
});
