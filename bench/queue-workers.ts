import { spawn, type ChildProcess } from 'node:child_process';

// `embody worker` child processes for the queue benchmark and tests, and what their logs say.

/** The repository root: the workers run `bin/embody.mjs` from it. */
export const ROOT = new URL('..', import.meta.url).pathname;
/** A dead worker's shard is free again after this; short for the tests, long enough for a loaded 2-core machine. */
export const LOCK_MS = 3000;
/** Discards output. */
export const SILENT = { write: () => true };

/** An `embody worker` child process and what it logged. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  log: string;
}

/** Starts `embody worker` with one thread. */
export function startWorker(url: string, lockMs = LOCK_MS): WorkerProcess {
  const child = spawn(
    process.execPath,
    ['bin/embody.mjs', 'worker', '--queue', url, '--workers', '1', '--lock-ms', `${lockMs}`],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const worker: WorkerProcess = { child, log: '' };
  child.stderr.on('data', (data: Buffer) => (worker.log += data.toString()));
  return worker;
}

/** Sends `signal` and waits for the exit. */
export function stopWorker(worker: WorkerProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) return resolve();
    worker.child.once('exit', () => resolve());
    worker.child.kill(signal);
  });
}

/** Shards the worker took and has not finished, by id. */
export function shardsInFlight(worker: WorkerProcess): string[] {
  const took = [...worker.log.matchAll(/took shard (\S+)/g)].map((m) => m[1]!);
  const finished = new Set([...worker.log.matchAll(/finished shard (\S+)/g)].map((m) => m[1]!));
  return took.filter((id) => !finished.has(id));
}

/** Resolves once `check` returns a value (looked at on each log line of the workers). */
export function whenLogged<T>(workers: readonly WorkerProcess[], check: () => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const look = (): void => {
      const found = check();
      if (found === undefined) return;
      for (const w of workers) w.child.stderr!.off('data', look);
      resolve(found);
    };
    for (const w of workers) w.child.stderr!.on('data', look);
    // What was logged before this call counts too (a line may have arrived while the caller awaited something).
    look();
  });
}
