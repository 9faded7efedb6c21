import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { STORE_NODE } from './store-events.ts';

/** A log line for a telemetry event worth a line: store events, restocks, skips, retries and where failures began. */
export function logLine(event: TelemetryEvent): { kind: 'info' | 'ok' | 'warn' | 'fail'; text: string } | undefined {
  if (event.nodeId === STORE_NODE)
    return event.message === undefined ? undefined : { kind: 'info', text: event.message };
  const data = event.data ?? {};
  if (event.kind === 'progress') {
    if (typeof data['restocked'] === 'string') {
      const errorMm = typeof data['placementErrorM'] === 'number' ? (data['placementErrorM'] * 1000).toFixed(0) : '?';
      return { kind: 'ok', text: `restocked ${data['restocked']} in ${String(data['facing'])} (${errorMm} mm off)` };
    }
    if (typeof data['setAside'] === 'string') return { kind: 'fail', text: `SET ASIDE: ${event.message ?? ''}` };
    if (typeof data['stillSetAside'] === 'string')
      return { kind: 'warn', text: `set aside again: ${event.message ?? ''}` };
    if (typeof data['skipped'] === 'string') return { kind: 'warn', text: `skipped ${data['skipped']} for now` };
    if (typeof data['handStuck'] === 'string') return { kind: 'fail', text: `HAND STUCK: ${event.message ?? ''}` };
    if (typeof data['stillStuck'] === 'string')
      return { kind: 'warn', text: `hand still stuck: ${event.message ?? ''}` };
    if (typeof data['trapped'] === 'string') return { kind: 'fail', text: `ROBOT TRAPPED: ${event.message ?? ''}` };
    if (typeof data['stalled'] === 'string') return { kind: 'fail', text: `ROBOT STALLED: ${event.message ?? ''}` };
    if (typeof data['stillTrapped'] === 'string')
      return { kind: 'warn', text: `robot still trapped: ${event.message ?? ''}` };
    if (typeof data['putBack'] === 'string')
      return { kind: 'warn', text: `put ${data['putBack']} back (${String(data['facing'])})` };
    if (event.message === 'retrying')
      return { kind: 'warn', text: `retrying ${event.path} (${String(data['reason'])})` };
    return undefined;
  }
  // A failure is reported by every node it passes through; only the node where it began gets a line.
  if (event.kind === 'failed' && event.failure !== undefined && event.failure.path === event.path) {
    return { kind: 'fail', text: `${event.failure.reason} at ${event.path}: ${event.failure.message}` };
  }
  return undefined;
}
