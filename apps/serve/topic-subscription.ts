import type { RosGraph } from './ros-graph.ts';
import { writeRaw } from '../../hardware/ros/raw-messages.ts';
import type { RosDialect } from '../../hardware/ros/dialect.ts';

/** How a subscription wants its messages: JSON, CBOR, or CBOR around the message's ROS-serialized bytes. */
export type SubscriptionEncoding = 'json' | 'cbor' | 'cbor-raw';

/** One subscribe request's settings. */
export interface SubscribeSettings {
  readonly throttleMs: number;
  readonly queueLength: number;
  readonly compression: SubscriptionEncoding;
}

/**
 * The client end a subscription writes to (a `ClientSession`): what it sends, how far the socket lags, and where
 * a warning goes. Only these, so the subscription does not depend on the whole session.
 */
export interface SubscriberLink {
  send(message: unknown, compression: 'json' | 'cbor'): void;
  readonly bufferedBytes: number;
  status(level: 'warning', msg: string): void;
}

/** A client whose socket holds this much unsent data gets no more topic messages until it drains. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * A client's subscription to one topic, possibly made by several subscribe requests (ids), as the protocol says:
 * messages go out at the lowest throttle rate and with the longest queue of them; the latest request's compression
 * wins. With a throttle, messages wait in a queue of `queue_length` (at least the newest one) and leave one per
 * throttle period.
 */
export class TopicSubscription {
  private readonly requests = new Map<string, SubscribeSettings>();
  private readonly type: string;
  private readonly stopListening: () => void;
  private queue: unknown[] = [];
  private lastSentMs = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private compression: SubscriptionEncoding = 'json';
  private dropped = 0;

  constructor(
    private readonly session: SubscriberLink,
    graph: RosGraph,
    private readonly topic: string,
    type: string | undefined,
    private readonly dialect: RosDialect,
  ) {
    this.stopListening = graph.listen(topic, type, (message) => this.deliver(message));
    this.type = graph.topicType(topic) ?? type ?? '';
  }

  add(id: string, settings: SubscribeSettings): void {
    this.requests.set(id, settings);
    this.compression = settings.compression;
  }

  /** Removes a request (all of them without an id); true when none is left. */
  remove(id: string | undefined): boolean {
    if (id === undefined) this.requests.clear();
    else this.requests.delete(id);
    return this.requests.size === 0;
  }

  close(): void {
    this.stopListening();
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private get throttleMs(): number {
    return Math.min(...[...this.requests.values()].map((r) => r.throttleMs));
  }

  private get queueLength(): number {
    return Math.max(1, ...[...this.requests.values()].map((r) => r.queueLength));
  }

  private deliver(message: unknown): void {
    if (this.session.bufferedBytes > MAX_BUFFERED_BYTES) {
      if (this.dropped++ === 0)
        this.session.status('warning', `${this.topic}: client is not reading; dropping messages until it catches up`);
      return;
    }
    this.dropped = 0;
    const throttle = this.throttleMs;
    const now = performance.now();
    if (throttle <= 0 || (this.queue.length === 0 && now - this.lastSentMs >= throttle)) {
      this.sendNow(message, now);
      return;
    }
    this.queue.push(message);
    if (this.queue.length > this.queueLength) this.queue.shift();
    this.timer ??= setTimeout(() => this.flushOne(), Math.max(0, this.lastSentMs + throttle - now));
  }

  private flushOne(): void {
    this.timer = undefined;
    const next = this.queue.shift();
    if (next === undefined) return;
    this.sendNow(next, performance.now());
    if (this.queue.length > 0) this.timer = setTimeout(() => this.flushOne(), this.throttleMs);
  }

  private sendNow(message: unknown, nowMs: number): void {
    this.lastSentMs = nowMs;
    if (this.compression !== 'cbor-raw') {
      this.session.send({ op: 'publish', topic: this.topic, msg: message }, this.compression);
      return;
    }
    // As rosbridge does: the receive time and the message's serialized bytes.
    const wallMs = performance.timeOrigin + performance.now();
    const bytes = writeRaw(this.dialect, this.type, message);
    const msg = { secs: Math.floor(wallMs / 1000), nsecs: Math.round((wallMs % 1000) * 1e6), bytes };
    this.session.send({ op: 'publish', topic: this.topic, msg }, 'cbor');
  }
}
