import { rootCause } from '../../src/skill/root-cause.ts';
import type { FailureReason } from '../../src/skill/failure.ts';
import { describeOutcome, type TaskRunOutcome } from '../../src/task/run-task.ts';
import type { TreeNodeSnapshot } from '../../src/telemetry/tree-snapshot.ts';
import { printable } from './terminal-text.ts';

/** Counts of the skill tree's leaves (the skills that ran) by how they ended. */
export function leafCounts(
  root: TreeNodeSnapshot,
): Record<'succeeded' | 'failed' | 'cancelled' | 'idle' | 'running', number> {
  const counts = { succeeded: 0, failed: 0, cancelled: 0, idle: 0, running: 0 };
  const visit = (node: TreeNodeSnapshot): void => {
    if (node.children.length === 0) counts[node.status] += 1;
    node.children.forEach(visit);
  };
  visit(root);
  return counts;
}

/** Leaf counts as the JSON summaries give them (`idle` is `notRun`). */
export function skillCounts(
  root: TreeNodeSnapshot,
): Record<'succeeded' | 'failed' | 'cancelled' | 'notRun' | 'running', number> {
  const { succeeded, failed, cancelled, idle, running } = leafCounts(root);
  return { succeeded, failed, cancelled, notRun: idle, running };
}

/** `12 succeeded, 1 failed, 0 cancelled, 8 not run (never started)`. */
export function leafSummary(root: TreeNodeSnapshot): string {
  const c = leafCounts(root);
  const parts = [`${c.succeeded} succeeded`, `${c.failed} failed`, `${c.cancelled} cancelled`];
  if (c.idle > 0) parts.push(`${c.idle} not run (never started)`);
  return parts.join(', ');
}

/**
 * The closing summary of a run: what the leaves did, and how sim time compared with the wall clock
 * (`18.275 s sim in 3.1 s wall, 5.9× real time`).
 */
export function runSummary(root: TreeNodeSnapshot, simTimeMs: number, wallMs: number): string {
  const speed = wallMs > 0 ? `, ${(simTimeMs / wallMs).toFixed(1)}× real time` : '';
  return `summary: skills ${leafSummary(root)}; ${(simTimeMs / 1000).toFixed(3)} s sim in ${(wallMs / 1000).toFixed(1)} s wall${speed}`;
}

/** A failure as a person and a script read it. */
export interface FailureRecord {
  readonly reason: FailureReason;
  readonly message: string;
  readonly path?: string;
}

/**
 * The closing lines of a run: how it ended, and for a failure whose cause lies deeper (a fallback whose branches
 * all failed), a last line naming the root cause, so the last line always says what to fix.
 */
export function outcomeLines(outcome: TaskRunOutcome): string[] {
  const lines = [printable(describeOutcome(outcome))];
  if (outcome.status === 'failed') {
    const cause = rootCause(outcome.failure);
    if (cause !== outcome.failure) lines.push(`cause: ${printable(cause.describe())}`);
  }
  return lines;
}

/** The failure and its root cause as records, for the JSON summary. */
export function failureRecords(
  outcome: TaskRunOutcome,
): { readonly failure: FailureRecord; readonly rootCause: FailureRecord } | undefined {
  if (outcome.status !== 'failed') return undefined;
  const record = (f: typeof outcome.failure): FailureRecord => ({
    reason: f.reason,
    message: f.message,
    ...(f.path === undefined ? {} : { path: f.path }),
  });
  return { failure: record(outcome.failure), rootCause: record(rootCause(outcome.failure)) };
}
