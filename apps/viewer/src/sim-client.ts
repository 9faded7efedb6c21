import type { TelemetryEvent } from '../../../src/skill/telemetry-events.ts';
import type { Speed } from './sim-pacer.ts';
import type { Frame, FromWorker, ObjectInfo, StoreParams, ToWorker } from './worker/protocol.ts';

/**
 * The page's side of the sim worker: opens the store there, sends Start / Pause / Stop / speed, and keeps the
 * latest frame, every product it has heard of, and hands the telemetry events over as they come.
 */
export class SimClient {
  private readonly worker: Worker;
  /** The latest frame the worker sent, undefined before the first. */
  frame: Frame | undefined;
  /** Products present, in the order of `frame.poses`. */
  ids: readonly string[] = [];
  /** Each planogram slot's state as last scanned (a frame carries it only now and then). */
  slots: Frame['slots'];
  /** What each product is (type and shape), by id, for drawing. */
  readonly objects = new Map<string, ObjectInfo>();

  constructor(private readonly onEvents: (events: TelemetryEvent[]) => void) {
    this.worker = new Worker(new URL('./worker/sim-worker.ts', import.meta.url), { type: 'module' });
  }

  /** Opens the store in the worker; resolves when it is ready, rejects with the worker's reason. */
  open(params: StoreParams): Promise<void> {
    return new Promise((resolve, reject) => {
      this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        if (message.kind === 'opened') resolve();
        else if (message.kind === 'failed') reject(new Error(message.message));
        else if (message.kind === 'events')
          this.onEvents(message.lines.map((line) => JSON.parse(line) as TelemetryEvent));
        else this.takeFrame(message.frame);
      });
      this.worker.addEventListener('error', (event) => reject(new Error(event.message)));
      this.send({ kind: 'open', params });
    });
  }

  start(): void {
    this.send({ kind: 'start' });
  }

  pause(): void {
    this.send({ kind: 'pause' });
  }

  stop(): void {
    this.send({ kind: 'stop' });
  }

  speed(speed: Speed): void {
    this.send({ kind: 'speed', speed });
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private takeFrame(frame: Frame): void {
    for (const info of frame.added) this.objects.set(info.id, info);
    if (frame.ids !== undefined) {
      this.ids = frame.ids;
      const present = new Set(frame.ids);
      for (const id of this.objects.keys()) if (!present.has(id)) this.objects.delete(id);
    }
    if (frame.slots !== undefined) this.slots = frame.slots;
    this.frame = frame;
  }
}
