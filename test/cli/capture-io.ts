import type { CliIo } from '../../apps/cli/run-command.ts';

/** Io that records what a command writes; relative paths resolve against `cwd`. */
export function captureIo(cwd: string, isTTY = false): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => void (out += text), isTTY },
    stderr: { write: (text: string) => void (err += text) },
    cwd,
    out: () => out,
    err: () => err,
  };
}
