import { readFileSync } from 'node:fs';
import type { CommandSpec } from './args.ts';
import { listenForInterrupts } from './interrupts.ts';
import type { CliIo } from './cli-io.ts';
import type { RunCommandOptions } from './run-command.ts';

/** A command of `embody` once its module is loaded: its spec (usage, flags) and what runs it. */
export interface LoadedCommand {
  readonly spec: CommandSpec;
  run(argv: readonly string[], io: CliIo, options: RunCommandOptions): Promise<number>;
}

/**
 * A command as `embody --help` lists it. Its module (and what it imports: the sim, MuJoCo, Redis, the ROS bridge)
 * loads only when the command runs, so `embody --version`, `--help` and each command start with only what they use.
 * `name` and `summary` repeat the spec's (a test checks they agree). New commands are one entry here.
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  load(): Promise<LoadedCommand>;
}

/** Every command `embody` knows, in the order `embody --help` lists them. */
export const COMMANDS: readonly Command[] = [
  {
    name: 'run',
    summary: 'run a task file (YAML or JSON) and show the live skill tree',
    load: async () => {
      const [{ RUN_SPEC }, { runCommand }] = await Promise.all([import('./run-spec.ts'), import('./run-command.ts')]);
      return { spec: RUN_SPEC, run: (argv, io, options) => runCommand(argv, io, options) };
    },
  },
  {
    name: 'demo',
    summary: 'the main demo: retail restocking in the Rapier sim, with progress and KPIs',
    load: async () => {
      const [{ DEMO_SPEC }, { demoCommand }] = await Promise.all([
        import('../restock/demo-args.ts'),
        import('../restock/demo-command.ts'),
      ]);
      return { spec: DEMO_SPEC, run: (argv, io) => demoCommand(argv, io) };
    },
  },
  {
    name: 'replay',
    summary: 'render a recorded trace (embody run --trace): the final tree, or step by step',
    load: async () => {
      const { REPLAY_SPEC, replayCommand } = await import('./replay-command.ts');
      return { spec: REPLAY_SPEC, run: (argv, io) => replayCommand(argv, io) };
    },
  },
  {
    name: 'datagen',
    summary: 'mint a physics-labelled grasp dataset (HDF5 per object, a Parquet index)',
    load: async () => {
      const [{ DATAGEN_SPEC }, { datagenCommand }] = await Promise.all([
        import('../datagen/datagen-args.ts'),
        import('../datagen/datagen-command.ts'),
      ]);
      return { spec: DATAGEN_SPEC, run: (argv, io) => datagenCommand([...argv], io) };
    },
  },
  {
    name: 'worker',
    summary: 'run shards of `embody datagen --queue` runs, on any machine that sees the dataset folder',
    load: async () => {
      const { WORKER_SPEC, workerCommand } = await import('../datagen/queue/worker-command.ts');
      return { spec: WORKER_SPEC, run: (argv, io) => workerCommand(argv, io) };
    },
  },
  {
    name: 'verify',
    summary: "replay a sample of a dataset's grasps in MuJoCo and report agreement with its labels",
    load: async () => {
      const { VERIFY_SPEC, verifyCommand } = await import('../verify/verify-command.ts');
      return { spec: VERIFY_SPEC, run: (argv, io) => verifyCommand(argv, io) };
    },
  },
  {
    name: 'record',
    summary: 'record task episodes in the sim as a LeRobot v3.0 dataset',
    load: async () => {
      const [{ RECORD_SPEC }, { recordMain }] = await Promise.all([
        import('../record/record-args.ts'),
        import('../record/record-command.ts'),
      ]);
      return { spec: RECORD_SPEC, run: (argv, io) => recordMain(argv, io) };
    },
  },
  {
    name: 'serve',
    summary: "serve a scene's robot over the rosbridge v2 protocol (a digital twin any rosbridge client drives)",
    load: async () => {
      const { SERVE_SPEC, serveCommand } = await import('../serve/serve-command.ts');
      return { spec: SERVE_SPEC, run: (argv, io) => serveCommand(argv, io) };
    },
  },
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'embody — a controller for embodied robots',
    '',
    'usage: embody <command> [options]        embody <command> -h prints a command’s usage',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
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
  const command = COMMANDS.find((c) => c.name === name);
  if (command !== undefined) return (await command.load()).run(rest, io, options);
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
