import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DATAGEN_SPEC } from '../datagen/datagen-args.ts';
import { datagenCommand } from '../datagen/datagen-command.ts';
import { RECORD_SPEC } from '../record/record-args.ts';
import { VERIFY_SPEC, verifyCommand } from '../verify/verify-command.ts';
import { recordMain } from '../record/record-command.ts';
import type { CommandSpec } from './args.ts';
import { listenForInterrupts } from './interrupts.ts';
import { REPLAY_SPEC, replayCommand } from './replay-command.ts';
import type { CliIo } from './cli-io.ts';
import { parseRunLine, runCommand, runTaskFile, type RunCommandOptions } from './run-command.ts';
import { DEMO_SPEC, RUN_SPEC } from './run-spec.ts';

// The main demo: pick-and-place in the Rapier sim (the retail restocking demo replaces it when it lands).
const DEMO_TASK = new URL('../../tasks/tabletop-pick-and-place.yaml', import.meta.url);
const DEMO_SCENE = new URL('../../scenes/tabletop.yaml', import.meta.url);

/** `embody demo`: a thin dispatch, a run of the demo task in the demo scene with the demo's own usage. */
async function demoCommand(argv: readonly string[], io: CliIo, options: RunCommandOptions): Promise<number> {
  const line = parseRunLine(DEMO_SPEC, argv, io);
  if (typeof line === 'number') return line;
  const scene = fileURLToPath(DEMO_SCENE);
  return runTaskFile(DEMO_SPEC, fileURLToPath(DEMO_TASK), { ...line.flags, scene }, io, options);
}

/** A command of `embody`: its spec (usage, flags) and what runs it. New commands are one entry here. */
interface Command {
  readonly spec: CommandSpec;
  run(argv: readonly string[], io: CliIo, options: RunCommandOptions): Promise<number>;
}

/** Every command `embody` knows, in the order `embody --help` lists them. */
export const COMMANDS: readonly Command[] = [
  { spec: RUN_SPEC, run: (argv, io, options) => runCommand(argv, io, options) },
  { spec: DEMO_SPEC, run: demoCommand },
  { spec: REPLAY_SPEC, run: (argv, io) => replayCommand(argv, io) },
  { spec: DATAGEN_SPEC, run: (argv, io) => datagenCommand([...argv], io) },
  { spec: VERIFY_SPEC, run: (argv, io) => verifyCommand(argv, io) },
  { spec: RECORD_SPEC, run: (argv, io) => recordMain(argv, io) },
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
