import { Redis } from 'ioredis';
import { z } from 'zod';

/** The name of the BullMQ queue datagen shards go through (one per Redis database; runs are told apart by id). */
export const DATAGEN_QUEUE = 'embody-datagen';

/** `--queue redis://[user:password@]host[:port][/db]`: checked at the edge, so a typo is named, not retried forever. */
export const QueueUrlSchema = z
  .string()
  .refine((s) => URL.canParse(s), 'expected a URL such as redis://127.0.0.1:6379/0')
  .refine((s) => new URL(s).protocol === 'redis:', 'expected a redis:// URL (such as redis://127.0.0.1:6379/0)')
  .refine((s) => /^\/?\d*$/.test(new URL(s).pathname), 'the path of a redis:// URL is the database number (/0 .. /15)');

/**
 * A connection for BullMQ: commands wait through a Redis restart (ioredis reconnects) instead of failing, as BullMQ
 * requires of its connections. Workers and the coordinator ride out an outage with it.
 */
export function queueConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: 'embody-datagen' });
}

/**
 * Throws a clear error when Redis at `url` cannot be reached (refused, unknown host, wrong password, slow beyond
 * `timeoutMs`): checked before a run writes anything, since the queue connections themselves retry forever.
 */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The cause (ECONNREFUSED, ENOTFOUND) comes as an event; the awaited connect() only says the connection closed.
  let cause: Error | undefined;
  probe.on('error', (error: Error) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const why = cause?.message ?? (error as Error).message;
    throw new Error(`cannot reach the queue at ${redacted(url)}: ${why}`, { cause: error });
  } finally {
    probe.disconnect();
  }
}

/** The URL without its password, for messages. */
export function redacted(url: string): string {
  const u = new URL(url);
  if (u.password !== '') u.password = '***';
  return u.toString();
}
