import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { Observable, Subscription } from 'rxjs';
import type { TelemetryEvent } from '../skill/telemetry-events.ts';

/**
 * Writes telemetry events to a file as JSON Lines, one event per line, as they arrive.
 *
 * Crash safety: each event is serialised first and then written, newline included, by a single `write(2)` on
 * a file opened for appending, so a process that dies (exception, SIGKILL) leaves only whole lines: the kernel
 * finishes a write it started. Only a power loss or kernel crash could tear the last line; `readTrace` drops
 * an unterminated last line for that case. Appending (rather than writing at close) keeps the trace of a run
 * that crashed, and lets `tail -f` follow a run.
 *
 * @example
 * const recorder = JsonlRecorder.create('out.jsonl');
 * recorder.attach(bus.events$);
 * // ... run ...
 * recorder.close();
 */
export class JsonlRecorder {
  private fd: number | undefined;
  /** Events written so far. */
  written = 0;
  /** Events that arrived after `close()`, or whose write failed; counted rather than thrown into the run. */
  dropped = 0;
  /** The first write error, kept for the caller to report at close. */
  error: Error | undefined;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Creates (or truncates) the trace file. */
  static create(path: string): JsonlRecorder {
    return new JsonlRecorder(path, openSync(path, 'w'));
  }

  /** Writes one event as one line. Never throws: a sink must not break the run it records. */
  record(event: TelemetryEvent): void {
    if (this.fd === undefined) {
      this.dropped++;
      return;
    }
    try {
      writeWhole(this.fd, Buffer.from(`${serialise(event)}\n`, 'utf8'));
      this.written++;
    } catch (error) {
      this.dropped++;
      this.error ??= error instanceof Error ? error : new Error(String(error));
    }
  }

  /** Records every event of a stream; the subscription ends with the stream or when unsubscribed. */
  attach(events$: Observable<TelemetryEvent>): Subscription {
    return events$.subscribe((event) => this.record(event));
  }

  /** Flushes to disk and closes the file; later events are dropped. Safe to call twice. */
  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    fsyncSync(fd);
    closeSync(fd);
  }
}

/** Serialises an event; data that JSON cannot hold (a cycle, a BigInt) is replaced by a note, not lost silently. */
function serialise(event: TelemetryEvent): string {
  try {
    return JSON.stringify(event);
  } catch (error) {
    const { data: _dropped, ...rest } = event;
    return JSON.stringify({ ...rest, data: { unserializable: String(error) } });
  }
}

/** `writeSync` may write less than asked (a full disk, a signal); keep going so a line is never left half done. */
function writeWhole(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}
