import type { TelemetryEvent } from '../../../src/skill/telemetry-events.ts';
import type { Speed } from './sim-pacer.ts';
import { PoseFrame, type PoseLayout } from './worker/pose-buffer.ts';
import type { Frame, FromWorker, ObjectInfo, StoreParams, ToWorker } from './worker/protocol.ts';

/**
 * The page's side of the sim worker: opens the store there, sends Start / Pause / Stop / speed, asks for a frame
 * when the page is ready to draw one (`requestFrame`), keeps the latest frame and every product it has heard of, and
 * hands the telemetry events over as they come.
 */
export class SimClient {
  private readonly worker: Worker;
  /** The latest frame the worker sent, undefined before the first. */
  frame: Frame | undefined;
  /** The latest frame's poses (root, joints, products), undefined before the first. */
  poses: PoseFrame | undefined;
  /** Frames received so far, and asked for. */
  frames = 0;
  requests = 0;
  /** Wall time the latest frame arrived, ms (`performance.now`). */
  lastFrameAtMs = 0;
  private layout: PoseLayout | undefined;
  private frameAsked = false;
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
        else this.takeFrame(message.frame);
      });
      this.worker.addEventListener('error', (event) => reject(new Error(event.message)));
      this.send({ kind: 'open', params });
      this.requestFrame();
    });
  }

  /** Asks the worker for its present state, unless a request is still unanswered (one frame per page frame). */
  requestFrame(): void {
    if (this.frameAsked) return;
    this.frameAsked = true;
    this.requests++;
    this.send({ kind: 'frame' });
  }

  /** Products present, in the order of the pose buffer. */
  get ids(): readonly string[] {
    return this.layout?.products ?? [];
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
    this.frameAsked = false;
    for (const info of frame.added) this.objects.set(info.id, info);
    if (frame.layout !== undefined) {
      this.layout = frame.layout;
      const present = new Set(frame.layout.products);
      for (const id of this.objects.keys()) if (!present.has(id)) this.objects.delete(id);
    }
    if (this.layout === undefined) throw new Error('sim worker: a frame came before its pose layout');
    if (frame.slots !== undefined) this.slots = frame.slots;
    this.poses = new PoseFrame(this.layout, frame.poses);
    this.frame = frame;
    this.frames++;
    this.lastFrameAtMs = performance.now();
    if (frame.lines.length > 0) this.onEvents(frame.lines.map((line) => JSON.parse(line) as TelemetryEvent));
  }
}
