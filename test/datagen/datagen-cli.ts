// Runs `embody datagen` in a child process for the kill-and-resume test, before and independent of the CLI wiring.
import { datagenCommand } from '../../apps/datagen/datagen-command.ts';

process.exitCode = await datagenCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
