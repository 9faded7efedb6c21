import type { TelemetryEvent } from '../../../src/skill/telemetry-events.ts';

/**
 * Plays a recorded trace back on its own sim clock: `advance(simMs)` hands over every event up to the new time, in
 * the order they were recorded, so the tree, the KPIs and the log fold them as they did live.
 */
export class TraceReplay {
  private index = 0;
  private clockMs: number;
  readonly endMs: number;

  constructor(
    private readonly events: readonly TelemetryEvent[],
    private readonly apply: (event: TelemetryEvent) => void,
  ) {
    this.clockMs = events[0]?.simTimeMs ?? 0;
    this.endMs = events[events.length - 1]?.simTimeMs ?? 0;
  }

  get simTimeMs(): number {
    return this.clockMs;
  }

  get done(): boolean {
    return this.index >= this.events.length;
  }

  /** Moves the replay clock on by `simMs` and applies the events it passes. */
  advance(simMs: number): void {
    this.clockMs += simMs;
    while (this.index < this.events.length && this.events[this.index]!.simTimeMs <= this.clockMs) {
      this.apply(this.events[this.index]!);
      this.index++;
    }
  }
}
