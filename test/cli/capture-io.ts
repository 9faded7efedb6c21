import type { CliIo } from '../../apps/cli/cli-io.ts';

/** What a command wrote, for the CLI tests. */
export type CapturedIo = CliIo & { out(): string; err(): string };

/**
 * Io that records what a command writes; relative paths resolve against `cwd`. `stdout` is a terminal of the given
 * size when `tty` says so.
 */
export function captureIo(cwd: string, tty?: { readonly rows?: number; readonly columns?: number }): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => void (out += text), isTTY: tty !== undefined, ...tty },
    stderr: { write: (text: string) => void (err += text) },
    cwd,
    out: () => out,
    err: () => err,
  };
}
