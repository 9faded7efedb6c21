import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A fenced code block of a Markdown file: its language tag, its text and the line its fence opens on. */
export interface CodeBlock {
  readonly lang: string;
  readonly code: string;
  readonly line: number;
}

/** The fenced blocks of a Markdown text, in order. */
export function fencedBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i] ?? '');
    if (open === null) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end === -1) throw new Error(`unclosed code block at line ${i + 1}`);
    blocks.push({ lang: open[1] ?? '', code: lines.slice(i + 1, end).join('\n'), line: i + 1 });
    i = end;
  }
  return blocks;
}

/** The commands of a shell block: continuation lines joined, blank lines and comment lines dropped. */
export function shellCommands(code: string): string[] {
  return code
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * A copy of the repository as a fresh clone has it: every file git tracks (or would, untracked but not ignored), no
 * `out/`, no build products. `node_modules` is linked from this checkout, where `npm ci` already ran.
 */
export function freshClone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'embody-readme-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter((f) => f !== '')) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      copyFileSync(join(ROOT, file), join(dir, file));
    } catch (error) {
      // A file deleted in the working tree but still in the index is not part of the clone under test.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** What one command did. */
export interface CommandRun {
  readonly status: number | null;
  readonly output: string;
}

/** Runs a shell command as a person would paste it, in `cwd`, with output captured. */
export function runShell(command: string, cwd: string, timeoutMs: number): CommandRun {
  const run = spawnSync('bash', ['-eo', 'pipefail', '-c', command], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}` };
}

/** The repository's README files (every `README.md` git knows), as paths from the root. */
export function readmeFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*README.md'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return listed.stdout.split('\n').filter((f) => f !== '' && !f.startsWith('node_modules/'));
}

export { ROOT };

/** How the README test runs one command differently from the README: instead (`run`), or not at all (`skip`). */
export interface Variant {
  readonly run?: string;
  readonly skip?: string;
  /** Why: printed in the test's name, so a reader of the results sees what ran. */
  readonly why: string;
}

/** A README command without a trailing `# comment`, as the variants name it. */
export function withoutComment(command: string): string {
  return command.replace(/\s+#\s.*$/, '');
}
