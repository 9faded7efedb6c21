// Runs `embody datagen` in a child process for the kill-and-resume test. With STOP_AFTER_CHUNKS=k in its
// environment it stops after its k-th chunk is on disk, says `chunk k done` on stdout, and waits there for a signal:
// the test kills it at that exact point, whatever the machine's load.
import { datagenCommand } from '../../apps/datagen/datagen-command.ts';

const stopAfter = Number(process.env.STOP_AFTER_CHUNKS ?? 0);

/** Waits for SIGINT or SIGTERM (SIGKILL just ends the process here); a timer keeps the process up meanwhile. */
function signalled(): Promise<void> {
  return new Promise((resolve) => {
    const alive = setInterval(() => undefined, 60_000);
    const done = (): void => {
      clearInterval(alive);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

process.exitCode = await datagenCommand(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
  {
    onChunkDone: async (chunks) => {
      if (chunks !== stopAfter) return;
      process.stdout.write(`chunk ${chunks} done\n`);
      await signalled();
    },
  },
);
