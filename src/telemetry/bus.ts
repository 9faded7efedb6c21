import { Subject, type Observable } from 'rxjs';
import type { TelemetryEvent, TelemetrySink } from '../skill/telemetry-events.ts';

/**
 * The default sink: numbers events, stamps wall time and republishes them as an Observable that recorders,
 * tree snapshots and the CLI subscribe to.
 */
export class TelemetryBus implements TelemetrySink {
  private readonly subject = new Subject<TelemetryEvent>();
  private seq = 0;
  readonly events$: Observable<TelemetryEvent> = this.subject.asObservable();

  /** @param wallClock injected so tests can make traces byte-stable. */
  constructor(private readonly wallClock: () => number = () => Date.now()) {}

  /** Events are built only while someone subscribes to `events$`; `seq` counts the events built. */
  get listening(): boolean {
    return this.subject.observed;
  }

  emit(event: Omit<TelemetryEvent, 'seq' | 'wallTimeMs'>): void {
    this.subject.next({ seq: this.seq++, wallTimeMs: this.wallClock(), ...event });
  }

  complete(): void {
    this.subject.complete();
  }
}

/** A sink that drops everything, for benchmarks of the bare graph. */
export const NULL_SINK: TelemetrySink = { emit: () => undefined, listening: false };
