import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm test`: vitest, with the type check, Prettier and ESLint run beside it rather than before it.
 *
 * The three checks are single-threaded and take about 160 s of CPU together (ESLint's type-aware rules 92 s, tsc
 * 37 s, Prettier 32 s); run one after another ahead of vitest they held one of CI's two cores idle that long.
 * Beside vitest they take the CPU vitest leaves, at a lower priority (nice 5) so the sim tests keep most of it.
 * Each check's output is held and printed in one block when it ends, never interleaved with vitest's; `npm test`
 * fails when vitest or any check fails. Arguments go to `vitest run` (`npm test -- test/sim`).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');
/** Below vitest's priority, so the checks take the CPU vitest leaves rather than slow the sim tests. */
const CHECK_NICE = 5;

/** A command run from the repository's root. */
export interface Command {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

/** The checks of `npm run typecheck` and `npm run lint`, each a command of its own. */
export const CHECKS: readonly Command[] = [
  { name: 'tsc --noEmit', command: join(BIN, 'tsc'), args: ['--noEmit'] },
  { name: 'prettier --check .', command: join(BIN, 'prettier'), args: ['--check', '.'] },
  { name: 'eslint .', command: join(BIN, 'eslint'), args: ['.'] },
];

interface Exit {
  readonly code: number;
  readonly output: string;
}

/** Runs a command; resolves with its exit code (1 for a signal or a failed start) and, when captured, its output. */
function run(command: Command, options: { readonly capture: boolean; readonly nice: number }): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(command.command, command.args, {
      cwd: ROOT,
      stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    if (options.nice !== 0 && child.pid !== undefined) {
      try {
        setPriority(child.pid, options.nice);
      } catch {
        // Not allowed to lower it: the check runs at vitest's priority, which only costs time.
      }
    }
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    let started = true;
    child.on('error', (error) => {
      started = false;
      chunks.push(Buffer.from(`${error.message}\n`));
      resolve({ code: 1, output: Buffer.concat(chunks).toString() });
    });
    child.on('close', (code) => {
      if (started) resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString() });
    });
  });
}

/**
 * Runs `main` (its output straight through) and every check at once (each at `checkNice`, its output written in one
 * block when it ends: a passing one's status line only, a failing one's whole output), then one closing line.
 * Resolves true when all of them exit 0.
 */
export async function runBeside(
  main: Command,
  checks: readonly Command[],
  write: (text: string) => void,
  checkNice = CHECK_NICE,
): Promise<boolean> {
  const checked = checks.map(async (check) => {
    const startMs = performance.now();
    const { code, output } = await run(check, { capture: true, nice: checkNice });
    const took = `${Math.round((performance.now() - startMs) / 1000)} s`;
    if (code === 0) write(`── ${check.name}: passed in ${took}\n`);
    else write(`── ${check.name}: FAILED (exit ${code}) in ${took}\n${output.trimEnd()}\n── end of ${check.name}\n`);
    return { name: check.name, passed: code === 0 };
  });
  const ran = run(main, { capture: false, nice: 0 }).then(({ code }) => ({ name: main.name, passed: code === 0 }));
  const results = await Promise.all([ran, ...checked]);
  const failed = results.filter((result) => !result.passed).map((result) => result.name);
  write(
    failed.length === 0
      ? `npm test: ${results.map((result) => result.name).join(', ')} passed\n`
      : `npm test: FAILED: ${failed.join(', ')}\n`,
  );
  return failed.length === 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const vitest: Command = { name: 'vitest', command: join(BIN, 'vitest'), args: ['run', ...process.argv.slice(2)] };
  const passed = await runBeside(vitest, CHECKS, (text) => process.stdout.write(text));
  process.exitCode = passed ? 0 : 1;
}
