import type { Interrupts } from './interrupts.ts';
import type { TerminalStream } from './tree-view.ts';

/** An output stream of a command; a terminal has `isTTY` (and `rows`/`columns`). */
export interface CliStream extends TerminalStream {
  readonly isTTY?: boolean;
}

/** Where a command writes and what it resolves relative paths against; tests pass buffers. */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly cwd: string;
  /** Starts listening for Ctrl-C (the real process); absent in tests that call commands in-process. */
  readonly interrupts?: () => Interrupts;
}
