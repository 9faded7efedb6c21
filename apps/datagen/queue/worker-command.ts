import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { commandUsage, parseCommandLine, usageErrors, type CommandSpec } from '../../cli/args.ts';
import { flagIssues, intFlag } from '../../cli/flag-values.ts';
import type { DatagenIo } from '../datagen-command.ts';
import { checkRedis, QueueUrlSchema, redacted } from './redis-connection.ts';
import { startQueueWorker } from './queue-worker.ts';

/** `embody worker`. */
export const WORKER_SPEC: CommandSpec = {
  name: 'worker',
  synopsis: '--queue redis://HOST:PORT/DB [options]',
  description:
    'Takes shards of `embody datagen --queue` runs from the queue and runs them, on any machine that sees the\n' +
    'dataset folder at the same path (a shared mount). Runs until stopped: Ctrl-C or SIGTERM lets the shards in\n' +
    'flight finish; a worker killed outright loses nothing (its shards return to the queue after --lock-ms).',
  flags: {
    queue: { kind: 'value', placeholder: 'URL', help: 'the Redis the coordinator uses (redis://HOST:PORT/DB)' },
    workers: {
      kind: 'value',
      placeholder: 'W',
      help: 'worker threads, also shards run at once (default: the cores available)',
    },
    'lock-ms': { kind: 'value', placeholder: 'MS', help: "how long a dead worker's shard stays taken (default 30000)" },
  },
  positionals: { min: 0, max: 0, name: 'argument' },
  footer: 'exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 the queue is unreachable, 2 bad options',
};

const WorkerArgsSchema = z.object({
  queue: QueueUrlSchema,
  // At least one thread: a chunk run on this thread would block the lock renewals and lose its shard to a stall.
  workers: intFlag(1, 1024).default(availableParallelism()),
  'lock-ms': intFlag(1000, 3_600_000).default(30_000),
});

/** `embody worker ...`: returns the exit code (0 stopped by a signal, 1 Redis unreachable, 2 usage). */
export async function workerCommand(argv: readonly string[], io: DatagenIo): Promise<number> {
  const line = parseCommandLine(WORKER_SPEC, argv);
  if (line.help) {
    io.stdout.write(commandUsage(WORKER_SPEC));
    return 0;
  }
  const parsed = WorkerArgsSchema.safeParse({ ...line.values, queue: line.values.queue ?? '' });
  const problems = [...line.errors, ...(parsed.success ? [] : flagIssues(parsed.error))];
  if (problems.length > 0 || !parsed.success) {
    io.stderr.write(usageErrors(WORKER_SPEC, problems));
    return 2;
  }
  const args = parsed.data;
  const log = (text: string): void => void io.stderr.write(`embody worker: ${text}\n`);
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
