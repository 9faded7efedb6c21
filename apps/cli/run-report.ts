import type { TaskRunOutcome } from '../../src/task/run-task.ts';
import type { TreeNodeSnapshot } from '../../src/telemetry/tree-snapshot.ts';
import type { CliStream } from './cli-io.ts';
import { failureRecords, outcomeLines, skillCounts } from './run-summary.ts';
import { printable } from './terminal-text.ts';

/** What the run prints last: the outcome lines (text), or the one JSON summary object (`--json`). */
export class RunReport {
  private fields: Record<string, unknown> = {};

  constructor(
    private readonly io: { readonly stdout: CliStream; readonly stderr: CliStream },
    private readonly options: { readonly command: string; readonly json: boolean },
  ) {}

  /** What the run is (task, backend, seed ...): the JSON summary starts with these fields. */
  started(fields: Record<string, unknown>): void {
    this.fields = fields;
  }

  /** A run that could not start: one line on stderr, and the JSON object with `status: "error"`. */
  error(message: string, code: number, options: { readonly prefix: boolean } = { prefix: true }): number {
    const prefix = options.prefix ? `embody ${this.options.command}: ` : '';
    this.io.stderr.write(
      `${message
        .split('\n')
        .map((line) => `${prefix}${printable(line)}`)
        .join('\n')}\n`,
    );
    this.json({ status: 'error', exitCode: code, error: message });
    return code;
  }

  /** The closing lines (stderr unless the run succeeded), and the JSON summary; returns the exit code. */
  finished(
    outcome: TaskRunOutcome,
    run: {
      readonly root: TreeNodeSnapshot;
      readonly wallMs: number;
      readonly code: number;
      readonly traceEvents?: number;
    },
  ): number {
    const lines = outcomeLines(outcome);
    const out = this.options.json || outcome.status !== 'succeeded' ? this.io.stderr : this.io.stdout;
    out.write(`${lines.join('\n')}\n`);
    this.json({
      status: outcome.status,
      exitCode: run.code,
      summary: lines[0],
      simTimeS: outcome.simTimeMs / 1000,
      wallTimeS: run.wallMs / 1000,
      skills: skillCounts(run.root),
      ...failureRecords(outcome),
      ...(run.traceEvents === undefined ? {} : { traceEvents: run.traceEvents }),
    });
    return run.code;
  }

  private json(fields: Record<string, unknown>): void {
    if (this.options.json)
      this.io.stdout.write(`${JSON.stringify({ command: this.options.command, ...this.fields, ...fields })}\n`);
  }
}
