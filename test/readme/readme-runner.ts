import { rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKILLS } from '../../skills/index.ts';
import { compileTask } from '../../src/task/compile-task.ts';
import { createDefaultRegistries } from '../../src/task/default-registries.ts';
import { h5pyAvailable } from '../helpers/h5py.ts';
import {
  fencedBlocks,
  freshClone,
  ROOT,
  runShell,
  shellCommands,
  withoutComment,
  type Variant,
} from './readme-blocks.ts';

/** A command or program may take this long on a loaded 2-core machine. */
const COMMAND_TIMEOUT_MS = 240_000;

/**
 * Runs every command and code block of a README, in order, in a fresh copy of the repository, each expected to exit
 * 0: `sh` blocks command by command, `ts` blocks saved as a file at the root and run with `npx tsx`, `python`
 * blocks with Debian's Python (they read what an earlier command wrote), `yaml` task files (a `root:` key) compiled
 * against the built-in skills. Blocks without a language are output, not input. `variants` lists every command run
 * differently, and why; a variant naming a command the README no longer has fails, so the list cannot go stale.
 */
export function describeReadme(readme: string, variants: Readonly<Record<string, Variant>> = {}): void {
  const blocks = fencedBlocks(readFileSync(join(ROOT, readme), 'utf8'));
  const commands = blocks.flatMap((block) =>
    block.lang === 'sh' ? shellCommands(block.code).map((command) => ({ block, command })) : [],
  );

  describe(`${readme}: every command and snippet runs as written on a fresh clone`, () => {
    let clone = '';
    // Only a README with something to run gets a copy of the repository.
    const runs = blocks.some((b) => ['sh', 'ts', 'python'].includes(b.lang));
    beforeAll(() => {
      if (runs) clone = freshClone();
    });
    afterAll(() => {
      if (clone !== '') rmSync(clone, { recursive: true, force: true });
    });

    it('has a variant only for commands it has', () => {
      const known = new Set(commands.map((c) => withoutComment(c.command)));
      expect(Object.keys(variants).filter((command) => !known.has(command))).toEqual([]);
    });

    for (const block of blocks) {
      if (block.lang === 'sh') {
        for (const command of shellCommands(block.code)) {
          const variant = variants[withoutComment(command)];
          const name = `line ${block.line}: ${withoutComment(command)}${variant ? ` (${variant.why})` : ''}`;
          if (variant?.skip !== undefined) {
            it.skip(name, () => undefined);
            continue;
          }
          it(name, { timeout: COMMAND_TIMEOUT_MS }, () => {
            const run = runShell(variant?.run ?? command, clone, COMMAND_TIMEOUT_MS);
            expect(run.status, run.output).toBe(0);
          });
        }
      } else if (block.lang === 'ts') {
        it(`line ${block.line}: the TypeScript snippet runs with npx tsx`, { timeout: COMMAND_TIMEOUT_MS }, () => {
          const file = `readme-snippet-${block.line}.ts`;
          writeFileSync(join(clone, file), block.code);
          const run = runShell(`npx --no-install tsx ${file}`, clone, COMMAND_TIMEOUT_MS);
          expect(run.status, run.output).toBe(0);
        });
      } else if (block.lang === 'yaml' && /^root:/m.test(block.code)) {
        it(`line ${block.line}: the task file compiles`, () => {
          expect(() =>
            compileTask(block.code, `${readme}:${block.line}`, createDefaultRegistries(SKILLS)),
          ).not.toThrow();
        });
      } else if (block.lang === 'python') {
        it.skipIf(!h5pyAvailable())(
          `line ${block.line}: the Python snippet runs with Debian's python3 (h5py)`,
          { timeout: COMMAND_TIMEOUT_MS },
          () => {
            writeFileSync(join(clone, 'readme-snippet.py'), block.code);
            const run = runShell('/usr/bin/python3 readme-snippet.py', clone, COMMAND_TIMEOUT_MS);
            expect(run.status, run.output).toBe(0);
          },
        );
      }
    }
  });
}
