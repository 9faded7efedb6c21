import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { demoCommand, type DemoIo } from '../../apps/restock/demo-command.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

function bufferIo(cwd = REPO): DemoIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => void (out += t) },
    stderr: { write: (t: string) => void (err += t) },
    cwd,
    interrupted: new Promise<void>(() => undefined),
    out: () => out,
    err: () => err,
  };
}

describe('embody demo (npm start)', () => {
  it('prints its usage for --help and refuses a bad flag, naming it', async () => {
    const help = bufferIo();
    expect(await demoCommand(['--help'], help)).toBe(0);
    expect(help.out()).toMatch(/--hours <h>/);
    const bad = bufferIo();
    expect(await demoCommand(['--hours', 'two'], bad)).toBe(2);
    expect(bad.err()).toMatch(/^embody demo: --hours: /);
    expect(await demoCommand(['--colour', 'red'], bufferIo())).toBe(2);
  });

  it('refuses a bad planogram with the file, the field and the reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'embody-demo-'));
    const planogram = join(dir, 'p.yaml');
    await writeFile(
      planogram,
      `name: p\nscene: ${join(REPO, 'scenes/store.yaml')}\nunits:\n  - unit: aisle-a\n    levels:\n      - level: 1\n        slots:\n          - { slot: 1, sku: caviar, facings: 1 }\n`,
    );
    const io = bufferIo(dir);
    expect(await demoCommand(['--planogram', 'p.yaml'], io)).toBe(2);
    expect(io.err()).toMatch(/p\.yaml: units\[0\]\.levels\[0\]\.slots\[0\]\.sku: unknown product 'caviar'/);
  });

  it('on Ctrl-C (SIGINT to a real process) cancels the run, prints the summary and exits 130', async () => {
    const child = spawn(process.execPath, ['bin/embody.mjs', 'demo', '--hours', '2', '--shoppers', '0'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // Interrupt once the store is open and the run has begun.
      if (out.includes('restocking ') && !child.killed) child.kill('SIGINT');
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The only word on stderr is embody's own note that Ctrl-C is cancelling the run.
    expect(err.trim()).toMatch(/^embody: SIGINT: cancelling the run and halting the robot/);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(code).toBe(130);
    expect(out).toMatch(/restocking summary: interrupted/);
    expect(out).toMatch(/pick-place success/);
  }, 120_000);
});
