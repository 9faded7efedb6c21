import type { SchedulerLike } from 'rxjs';
import { HardwareFault, type FaultCode } from '../common.ts';

/** One command a part of the test double received, with the scheduler time it arrived at. */
export interface RecordedCommand {
  readonly timeMs: number;
  /** `arm/right`, `base`, `gripper/right_gripper` ... */
  readonly part: string;
  /** `moveJoints`, `setVelocity`, `stop`, `halt` (a Motion unsubscribed before it finished) ... */
  readonly command: string;
  readonly args?: unknown;
}

/** What the next command of a kind does instead of succeeding: fault after some time, or never finish. */
export type ScriptedOutcome =
  | { readonly kind: 'succeed'; readonly durationMs?: number }
  | { readonly kind: 'fault'; readonly code: FaultCode; readonly afterMs: number; readonly message?: string }
  | { readonly kind: 'hang' };

/**
 * The double's shared record: every command in arrival order, and per-command scripted outcomes consumed in order
 * (the status-queue double of BehaviorTree.CPP's tests).
 */
export class CommandLog {
  readonly commands: RecordedCommand[] = [];
  private readonly scripts = new Map<string, ScriptedOutcome[]>();

  constructor(private readonly scheduler: SchedulerLike) {}

  record(part: string, command: string, args?: unknown): void {
    this.commands.push({ timeMs: this.scheduler.now(), part, command, ...(args === undefined ? {} : { args }) });
  }

  /** Queues outcomes for the next calls of `command` on `part`. */
  script(part: string, command: string, ...outcomes: ScriptedOutcome[]): void {
    const key = `${part}#${command}`;
    this.scripts.set(key, [...(this.scripts.get(key) ?? []), ...outcomes]);
  }

  nextOutcome(part: string, command: string): ScriptedOutcome | undefined {
    return this.scripts.get(`${part}#${command}`)?.shift();
  }

  /** Commands of one part (and optionally one command name). */
  of(part: string, command?: string): RecordedCommand[] {
    return this.commands.filter((c) => c.part === part && (command === undefined || c.command === command));
  }

  fault(outcome: Extract<ScriptedOutcome, { kind: 'fault' }>, part: string): HardwareFault {
    return new HardwareFault(outcome.code, part, outcome.message ?? `scripted ${outcome.code}`);
  }
}
