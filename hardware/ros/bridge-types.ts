import type { SchedulerLike } from 'rxjs';
import type { RosDialect } from './dialect.ts';

/** The bridge's link to the server. */
export type LinkStatus = 'connecting' | 'connected' | 'disconnected';

/** How the server encodes what it sends us (`json` is rosbridge's `none`). */
export type Compression = 'json' | 'cbor' | 'cbor-raw';

export interface RosBridgeOptions {
  readonly url: string;
  readonly dialect: RosDialect;
  readonly compression: Compression;
  readonly connectTimeoutMs: number;
  readonly reconnect: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  /** A CBOR subscription silent this long (while connected) is retried as JSON. */
  readonly cborFallbackMs: number;
  /** A goal with no answer (status, feedback or result) this long fails. */
  readonly goalAcceptTimeoutMs: number;
  /** The clock for timeouts and backoff: a real-time scheduler on hardware. */
  readonly scheduler: SchedulerLike;
}

/** Why a bridge call failed. */
export class RosBridgeError extends Error {
  override readonly name = 'RosBridgeError';
  constructor(
    readonly kind: 'disconnected' | 'timeout' | 'failed',
    message: string,
    readonly detail: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** What an action goal reports: feedback while it runs, then one result with the final status and values. */
export type GoalEvent =
  | { readonly kind: 'feedback'; readonly values: unknown }
  | { readonly kind: 'result'; readonly succeeded: boolean; readonly status: number; readonly values: unknown };

/** A rosbridge `status` message as one line: `error: <msg>`. */
export function statusText(message: unknown): string {
  const m = message as { level?: unknown; msg?: unknown };
  const level = typeof m.level === 'string' ? m.level : 'status';
  const text = typeof m.msg === 'string' ? m.msg : JSON.stringify(m.msg ?? '');
  return `${level}: ${text}`;
}

/** Whether a status message reports a problem (rosbridge also sends `info` statuses, e.g. on advertise). */
export function isProblemStatus(message: unknown): boolean {
  const level = (message as { level?: unknown }).level;
  return level === 'error' || level === 'warning';
}
