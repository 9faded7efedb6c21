import { Ros, Service, Topic } from 'roslib';
import {
  BehaviorSubject,
  distinctUntilChanged,
  filter,
  Observable,
  share,
  Subject,
  take,
  type Subscription,
} from 'rxjs';
import { ros1GoalSender, ros2GoalSender, type SendGoal } from './bridge-goals.ts';
import { topicSubscription$, watchStatus, type TopicHost } from './bridge-topics.ts';
import { RosBridgeError, statusText, type GoalEvent, type LinkStatus, type RosBridgeOptions } from './bridge-types.ts';
import { typeName } from './dialect.ts';
import { wsTransportFactory } from './ws-transport.ts';

/**
 * roslib, wrapped once: the connection (with a connect timeout, a `connection$` stream and reconnection with
 * exponential backoff; roslib resubscribes its topics when the socket comes back), topics as cold shared
 * Observables (with the CBOR fallback), services and actions of both dialects as Observables that cancel on
 * unsubscribe. Nothing is queued while disconnected: roslib would send stale commands on reconnection, so every
 * command made while the link is down fails at once instead.
 */
export class RosBridge {
  readonly connection$: Observable<LinkStatus>;
  /** Things a person should know (a CBOR fallback, a server status message). */
  readonly warnings$: Observable<string>;
  private readonly ros = new Ros({ transportFactory: wsTransportFactory });
  private readonly status = new BehaviorSubject<LinkStatus>('disconnected');
  private readonly warnings = new Subject<string>();
  private readonly topics = new Map<string, Observable<unknown>>();
  private readonly sendGoal: SendGoal;
  private readonly topicHost: TopicHost;
  private closedByUser = false;
  private retryDelayMs: number;
  private retry: Subscription | undefined;
  private ids = 0;

  constructor(readonly options: RosBridgeOptions) {
    this.connection$ = this.status.pipe(distinctUntilChanged());
    this.warnings$ = this.warnings.asObservable();
    this.retryDelayMs = options.reconnect.initialDelayMs;
    this.ros.on('connection', () => {
      this.retryDelayMs = options.reconnect.initialDelayMs;
      this.status.next('connected');
    });
    this.ros.on('close', () => {
      this.status.next('disconnected');
      if (!this.closedByUser) this.scheduleReconnect();
    });
    // Server status messages without an id (rosbridge's log of what went wrong with our ops); those with an id are
    // watched per op.
    this.ros.on('status', (message) => this.warnings.next(`rosbridge: ${statusText(message)}`));
    this.sendGoal =
      options.dialect === 'ros2'
        ? ros2GoalSender(this.ros, () => ++this.ids)
        : ros1GoalSender(this.ros, options.scheduler, (text) => this.warnings.next(text));
    this.topicHost = {
      ros: this.ros,
      options,
      status$: this.status,
      connected: () => this.connected,
      warn: (text) => this.warnings.next(text),
    };
  }

  get connected(): boolean {
    return this.status.value === 'connected';
  }

  /** Connects for the first time; rejects with a clear message if the server does not answer in time. */
  async connect(): Promise<void> {
    this.closedByUser = false;
    if (this.connected) return;
    await this.attempt();
    if (!this.connected) {
      this.retry?.unsubscribe();
      this.closedByUser = true;
      throw new RosBridgeError(
        'timeout',
        `cannot connect to rosbridge at ${this.options.url} within ${this.options.connectTimeoutMs} ms`,
      );
    }
  }

  /** Closes the link for good (no reconnection). */
  close(): void {
    this.closedByUser = true;
    this.retry?.unsubscribe();
    this.ros.close();
    this.status.next('disconnected');
  }

  /** Drops the socket as a network fault would; the bridge reconnects with backoff. For tests and tools. */
  dropLink(): void {
    this.ros.close();
  }

  /**
   * Messages on a topic, raw (typed arrays under CBOR, base64 strings for byte arrays under JSON). One server
   * subscription per topic however many subscribers; roslib resubscribes after a reconnection.
   */
  topic$(name: string, type: string): Observable<unknown> {
    const key = `${name}#${type}`;
    let shared = this.topics.get(key);
    if (shared === undefined) {
      shared = topicSubscription$(this.topicHost, name, typeName(this.options.dialect, type)).pipe(share());
      this.topics.set(key, shared);
    }
    return shared;
  }

  /** Publishes one message; false (and nothing queued) while disconnected. */
  publish(name: string, type: string, message: unknown): boolean {
    if (!this.connected) return false;
    this.publisher(name, type).publish(message);
    return true;
  }

  /** Calls a service once: emits the response and completes; fails at once while disconnected. */
  call$(
    name: string,
    type: string,
    request: unknown,
    timeoutMs = this.options.goalAcceptTimeoutMs,
  ): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      if (!this.connected) {
        subscriber.error(new RosBridgeError('disconnected', `service ${name}: not connected`));
        return;
      }
      const service = new Service({ ros: this.ros, name, serviceType: typeName(this.options.dialect, type, 'srv') });
      const lost = this.onDisconnect(() =>
        subscriber.error(new RosBridgeError('disconnected', `service ${name}: connection lost`)),
      );
      const timer = this.options.scheduler.schedule(
        () => subscriber.error(new RosBridgeError('timeout', `service ${name}: no response in ${timeoutMs} ms`)),
        timeoutMs,
      );
      service.callService(
        request,
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (error) => subscriber.error(new RosBridgeError('failed', `service ${name}: ${error}`)),
      );
      return () => {
        lost.unsubscribe();
        timer.unsubscribe();
      };
    });
  }

  /**
   * Sends an action goal (rosbridge's action ops in ROS 2, actionlib topics through roslib's `ActionClient` in
   * ROS 1) and reports feedback and the result. Unsubscribing before the result cancels the goal at once; losing
   * the link fails it.
   */
  goal$(action: string, type: string, goal: unknown): Observable<GoalEvent> {
    return new Observable<GoalEvent>((subscriber) => {
      if (!this.connected) {
        subscriber.error(new RosBridgeError('disconnected', `action ${action}: not connected`));
        return;
      }
      let answered = false;
      let finished = false;
      const ack = (): void => void (answered = true);
      const emit = (event: GoalEvent): void => {
        answered = true;
        subscriber.next(event);
        if (event.kind === 'result') {
          finished = true;
          subscriber.complete();
        }
      };
      const cancel = this.sendGoal(action, type, goal, emit, ack);
      const lost = this.onDisconnect(() => {
        finished = true;
        subscriber.error(new RosBridgeError('disconnected', `action ${action}: connection lost while the goal ran`));
      });
      const accept = this.options.scheduler.schedule(() => {
        if (answered) return;
        finished = true;
        cancel();
        subscriber.error(
          new RosBridgeError(
            'timeout',
            `action ${action}: no answer in ${this.options.goalAcceptTimeoutMs} ms (is the server running?)`,
          ),
        );
      }, this.options.goalAcceptTimeoutMs);
      return () => {
        lost.unsubscribe();
        accept.unsubscribe();
        if (!finished && this.connected) cancel();
      };
    });
  }

  /** Resolves once what was sent has left the socket (before a process exits). */
  async flush(timeoutMs = 500): Promise<void> {
    const start = this.options.scheduler.now();
    const socket = (this.ros as unknown as { transport?: { socket?: { bufferedAmount?: number } } }).transport?.socket;
    while ((socket?.bufferedAmount ?? 0) > 0 && this.options.scheduler.now() - start < timeoutMs)
      await new Promise<void>((resolve) => this.options.scheduler.schedule(() => resolve(), 5));
  }

  private readonly publishers = new Map<string, Topic<unknown>>();

  private publisher(name: string, type: string): Topic<unknown> {
    let topic = this.publishers.get(name);
    if (topic === undefined) {
      const messageType = typeName(this.options.dialect, type);
      topic = new Topic<unknown>({ ros: this.ros, name, messageType });
      // roslib advertises on the first publish; the server's answer comes with the advertise op's id.
      topic.advertise();
      watchStatus(this.topicHost, topic.advertiseId, `advertise ${name} (${messageType})`);
      this.publishers.set(name, topic);
    }
    return topic;
  }

  /** Runs `lost` once when the link next drops. */
  private onDisconnect(lost: () => void): Subscription {
    return this.status
      .pipe(
        filter((s) => s !== 'connected'),
        take(1),
      )
      .subscribe(lost);
  }

  /** One connection attempt: resolves when it opened or failed, or after the connect timeout (then closed). */
  private async attempt(): Promise<void> {
    this.status.next('connecting');
    const outcome = new Promise<void>((resolve) => {
      const done = (): void => {
        this.ros.off('connection', done);
        this.ros.off('close', done);
        timer.unsubscribe();
        resolve();
      };
      const timer = this.options.scheduler.schedule(() => {
        this.ros.close();
        done();
      }, this.options.connectTimeoutMs);
      this.ros.on('connection', done);
      this.ros.on('close', done);
    });
    try {
      await this.ros.connect(this.options.url);
    } catch (error) {
      this.warnings.next(`rosbridge: cannot open ${this.options.url}: ${(error as Error).message}`);
      this.status.next('disconnected');
      return;
    }
    await outcome;
  }

  private scheduleReconnect(): void {
    if (this.retry !== undefined && !this.retry.closed) return;
    const delayMs = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.options.reconnect.maxDelayMs, this.retryDelayMs * 2);
    this.retry = this.options.scheduler.schedule(() => {
      this.retry = undefined;
      if (!this.closedByUser && !this.connected) void this.attempt();
    }, delayMs);
  }
}
