import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { DatagenIo } from '../datagen-command.ts';
import { checkRedis, QueueUrlSchema, redacted } from './redis-connection.ts';
import { startQueueWorker } from './queue-worker.ts';

/** `embody worker --help`. */
export const WORKER_USAGE = `usage: embody worker --queue redis://HOST:PORT/DB [options]

Takes shards of \`embody datagen --queue\` runs from the queue and runs them, on any machine that sees the
dataset folder at the same path (a shared mount). Runs until stopped: Ctrl-C or SIGTERM lets the shards in flight
finish; a worker killed outright loses nothing (its shards return to the queue after --lock-ms).

  --queue URL               the Redis the coordinator uses
  --workers W               worker threads, also shards run at once (default: number of cores)
  --lock-ms MS              how long a dead worker's shard stays taken (default 30000)
  -h, --help
`;

const WorkerArgsSchema = z.object({
  queue: QueueUrlSchema,
  // At least one thread: a chunk run on this thread would block the lock renewals and lose its shard to a stall.
  workers: z.coerce.number().int().min(1).default(availableParallelism()),
  'lock-ms': z.coerce.number().int().min(1000).default(30_000),
});

/** `embody worker ...`: returns the exit code (0 stopped by a signal, 1 Redis unreachable, 2 usage). */
export async function workerCommand(argv: readonly string[], io: DatagenIo): Promise<number> {
  let args: z.infer<typeof WorkerArgsSchema>;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        queue: { type: 'string' },
        workers: { type: 'string' },
        'lock-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help === true) {
      io.stdout.write(WORKER_USAGE);
      return 0;
    }
    const parsed = WorkerArgsSchema.safeParse({ ...values, queue: values.queue ?? '' });
    if (!parsed.success) {
      throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
    }
    args = parsed.data;
  } catch (error) {
    io.stderr.write(`embody worker: ${(error as Error).message}\n\n${WORKER_USAGE}`);
    return 2;
  }
  const log = (line: string): void => void io.stderr.write(`embody worker: ${line}\n`);
  try {
    await checkRedis(args.queue);
  } catch (error) {
    log((error as Error).message);
    return 1;
  }
  const worker = startQueueWorker({ url: args.queue, workers: args.workers, lockMs: args['lock-ms'], log });
  log(`waiting for shards on ${redacted(args.queue)} with ${args.workers} worker thread(s)`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log('stopping: finishing the shards in flight ...');
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await worker.close();
  return 0;
}
