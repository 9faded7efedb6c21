import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS, runBeside, type Command } from './test-all.ts';

const ROOT = new URL('../..', import.meta.url);
const node = (name: string, script: string): Command => ({ name, command: process.execPath, args: ['-e', script] });
const passing = node('passing', "console.log('all clean')");
const failing = node('failing', "console.log('src/a.ts: 1 problem'); console.error('line 3'); process.exit(2)");

async function runCaptured(main: Command, checks: readonly Command[]): Promise<{ passed: boolean; text: string }> {
  let text = '';
  const passed = await runBeside(main, checks, (chunk) => (text += chunk));
  return { passed, text };
}

describe('npm test: the checks beside vitest', () => {
  it('runs the checks of `npm run typecheck` and `npm run lint`, and vitest, from `npm test`', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8'));
    const scripted = [scripts.typecheck, ...String(scripts.lint).split(' && ')];
    expect(CHECKS.map((check) => check.name)).toEqual(scripted);
    expect(scripts.test).toBe('node bin/run-ts.mjs test/helpers/test-all.ts');
  });

  it('passes when the main command and every check pass, printing one status line per check', async () => {
    const { passed, text } = await runCaptured(passing, [passing, passing]);
    expect(passed).toBe(true);
    expect(text).not.toContain('all clean');
    expect(text.match(/^── passing: passed in \d+ s$/gm)).toHaveLength(2);
    expect(text.endsWith('npm test: passing, passing, passing passed\n')).toBe(true);
  });

  it('fails when a check fails while the main command passes, with the check’s whole output in one block', async () => {
    const { passed, text } = await runCaptured(passing, [passing, failing]);
    expect(passed).toBe(false);
    expect(text).toMatch(
      /── failing: FAILED \(exit 2\) in \d+ s\n(src\/a\.ts: 1 problem\nline 3|line 3\nsrc\/a\.ts: 1 problem)\n── end of failing\n/,
    );
    expect(text.endsWith('npm test: FAILED: failing\n')).toBe(true);
  });

  it('fails when the main command fails or cannot start, though every check passes', async () => {
    expect((await runCaptured(node('vitest', 'process.exit(1)'), [passing])).text).toMatch(/FAILED: vitest\n$/);
    const missing = { name: 'missing', command: '/nonexistent/vitest', args: [] };
    expect(await runCaptured(missing, [passing])).toMatchObject({ passed: false });
    expect(await runCaptured(passing, [missing])).toMatchObject({ passed: false });
  });
});
