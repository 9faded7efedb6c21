import { readFileSync } from 'node:fs';
import { DATAGEN_SPEC } from '../datagen/datagen-args.ts';
import { datagenCommand } from '../datagen/datagen-command.ts';
import { WORKER_SPEC, workerCommand } from '../datagen/queue/worker-command.ts';
import { RECORD_SPEC } from '../record/record-args.ts';
import { VERIFY_SPEC, verifyCommand } from '../verify/verify-command.ts';
import { recordMain } from '../record/record-command.ts';
import type { CommandSpec } from './args.ts';
import { listenForInterrupts } from './interrupts.ts';
import { REPLAY_SPEC, replayCommand } from './replay-command.ts';
import { SERVE_SPEC, serveCommand } from '../serve/serve-command.ts';
import type { CliIo } from './cli-io.ts';
import { DEMO_SPEC } from '../restock/demo-args.ts';
import { demoCommand } from '../restock/demo-command.ts';
import { runCommand, type RunCommandOptions } from './run-command.ts';
import { RUN_SPEC } from './run-spec.ts';

/** A command of `embody`: its spec (usage, flags) and what runs it. New commands are one entry here. */
interface Command {
  readonly spec: CommandSpec;
  run(argv: readonly string[], io: CliIo, options: RunCommandOptions): Promise<number>;
}

/** Every command `embody` knows, in the order `embody --help` lists them. */
export const COMMANDS: readonly Command[] = [
  { spec: RUN_SPEC, run: (argv, io, options) => runCommand(argv, io, options) },
  { spec: DEMO_SPEC, run: (argv, io) => demoCommand(argv, io) },
  { spec: REPLAY_SPEC, run: (argv, io) => replayCommand(argv, io) },
  { spec: DATAGEN_SPEC, run: (argv, io) => datagenCommand([...argv], io) },
  { spec: WORKER_SPEC, run: (argv, io) => workerCommand(argv, io) },
  { spec: VERIFY_SPEC, run: (argv, io) => verifyCommand(argv, io) },
  { spec: RECORD_SPEC, run: (argv, io) => recordMain(argv, io) },
  { spec: SERVE_SPEC, run: (argv, io) => serveCommand(argv, io) },
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length)) + 2;
  return [
    'embody — a controller for embodied robots',
    '',
    'usage: embody <command> [options]        embody <command> -h prints a command’s usage',
    '',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}${c.spec.summary}`),
    '',
    '  --version, -v     print the version',
    '  --help, -h        print this usage',
    '',
  ].join('\n');
}

/** The command line's entry point; returns the process exit code. */
export async function main(
  argv: readonly string[],
  io: CliIo = processIo(),
  options: RunCommandOptions = {},
): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (command !== undefined) return command.run(rest, io, options);
  switch (name) {
    case '--version':
    case '-v':
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    case '--help':
    case '-h':
    case 'help':
      io.stdout.write(usage());
      return 0;
    case undefined:
      io.stderr.write(usage());
      return 2;
    default:
      io.stderr.write(`embody: unknown command ${JSON.stringify(name)} (embody --help lists the commands)\n`);
      return 2;
  }
}

function processIo(): CliIo {
  // `embody run ... | head` closes the pipe early; that is the reader's choice, not an error of the run.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    interrupts: () => listenForInterrupts(process, process.stderr),
  };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
