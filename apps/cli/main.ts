import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { datagenCommand } from '../datagen/datagen-command.ts';
import { recordMain } from '../record/record-command.ts';
import { runCommand, type CliIo } from './run-command.ts';

const USAGE = `embody — a controller for embodied robots

usage:
  embody demo [--speed max]        the main demo: pick-and-place in the sim, with the live skill tree
  embody run <task> [options]      run a task file (YAML or JSON) and show the live skill tree
      --backend double|sim         which robot to run on (default: double, the scripted test double)
      --scene <file>               scene file (required by the sim backend)
      --seed <n>                   random seed (default: the task's seed, else 1)
      --trace <file.jsonl>         write the run's telemetry as JSON Lines
  embody datagen [options]         mint a physics-labelled grasp dataset (embody datagen --help)
  embody record [options]          record task episodes as a LeRobot v3.0 dataset (embody record --help)
  embody --version | --help
`;

// The main demo: pick-and-place in the Rapier sim (the retail restocking demo replaces it when it lands).
const DEMO_TASK = new URL('../../tasks/tabletop-pick-and-place.yaml', import.meta.url);
const DEMO_SCENE = new URL('../../scenes/tabletop.yaml', import.meta.url);

/** The command line's entry point; returns the process exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runCommand(rest, io);
    case 'datagen':
      return datagenCommand([...rest], io);
    case 'record':
      return recordMain(rest, io);
    case 'demo':
      return runCommand(
        [fileURLToPath(DEMO_TASK), '--backend', 'sim', '--scene', fileURLToPath(DEMO_SCENE), ...rest],
        io,
      );
    case '--version':
    case '-v':
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.stderr.write(`embody: unknown command "${command}"\n\n${USAGE}`);
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
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
