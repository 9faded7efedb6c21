import {
  ActionClient,
  Goal,
  isRosbridgeActionFeedbackMessage,
  isRosbridgeActionResultMessage,
  Ros,
  Service,
  Topic,
  type RosbridgeMessage,
  type RosbridgeSendActionGoalMessage,
} from 'roslib';
import {
  BehaviorSubject,
  distinctUntilChanged,
  filter,
  Observable,
  share,
  Subject,
  take,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { ROS1_GOAL_STATUS, ROS2_GOAL_STATUS, typeName, type RosDialect } from './dialect.ts';
import { readRaw } from './raw-messages.ts';

/** The bridge's link to the server. */
export type LinkStatus = 'connecting' | 'connected' | 'disconnected';

/** How the server encodes what it sends us (`json` is rosbridge's `none`). */
export type Compression = 'json' | 'cbor' | 'cbor-raw';

export interface RosBridgeOptions {
  readonly url: string;
  readonly dialect: RosDialect;
  readonly compression: Compression;
  readonly connectTimeoutMs: number;
  readonly reconnect: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  /** A CBOR subscription silent this long (while connected) is retried as JSON. */
  readonly cborFallbackMs: number;
  /** A goal with no answer (status, feedback or result) this long fails. */
  readonly goalAcceptTimeoutMs: number;
  /** The clock for timeouts and backoff: a real-time scheduler on hardware. */
  readonly scheduler: SchedulerLike;
}

/** Why a bridge call failed. */
export class RosBridgeError extends Error {
  override readonly name = 'RosBridgeError';
  constructor(
    readonly kind: 'disconnected' | 'timeout' | 'failed',
    message: string,
    readonly detail: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** What an action goal reports: feedback while it runs, then one result with the final status and values. */
export type GoalEvent =
  | { readonly kind: 'feedback'; readonly values: unknown }
  | { readonly kind: 'result'; readonly succeeded: boolean; readonly status: number; readonly values: unknown };

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
  private readonly ros = new Ros({});
  private readonly status = new BehaviorSubject<LinkStatus>('disconnected');
  private readonly warnings = new Subject<string>();
  private readonly topics = new Map<string, Observable<unknown>>();
  private readonly actionClients = new Map<string, ActionClient>();
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
    // Server status messages without an id (rosbridge's log of what went wrong with our ops).
    this.ros.on('status', (message) => this.warnings.next(`rosbridge: ${statusText(message)}`));
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
      shared = this.subscription$(name, typeName(this.options.dialect, type)).pipe(share());
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
      const cancel =
        this.options.dialect === 'ros2'
          ? this.sendRos2Goal(action, type, goal, emit)
          : this.sendRos1Goal(action, type, goal, emit, ack);
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

  private sendRos2Goal(action: string, type: string, goal: unknown, emit: (e: GoalEvent) => void): () => void {
    const id = `send_action_goal:${action}:${++this.ids}`;
    const handler = (message: RosbridgeMessage): void => {
      if (isRosbridgeActionFeedbackMessage(message)) emit({ kind: 'feedback', values: message.values });
      else if (isRosbridgeActionResultMessage(message)) {
        this.ros.off(id, handler);
        emit({
          kind: 'result',
          succeeded: message.result && message.status === ROS2_GOAL_STATUS.succeeded,
          status: message.status,
          values: message.values,
        });
      }
    };
    this.ros.on(id, handler);
    const send: RosbridgeSendActionGoalMessage = {
      op: 'send_action_goal',
      id,
      action,
      action_type: typeName('ros2', type, 'action'),
      args: goal,
      feedback: true,
    };
    this.ros.callOnConnection(send);
    return () => {
      this.ros.off(id, handler);
      this.ros.callOnConnection({ op: 'cancel_action_goal', id, action });
    };
  }

  private sendRos1Goal(
    action: string,
    type: string,
    goal: unknown,
    emit: (e: GoalEvent) => void,
    ack: () => void,
  ): () => void {
    let client = this.actionClients.get(action);
    if (client === undefined) {
      client = new ActionClient({ ros: this.ros, serverName: action, actionName: `${typeName('ros1', type)}Action` });
      this.actionClients.set(action, client);
    }
    const handle = new Goal({ actionClient: client, goalMessage: goal });
    let lastStatus = -1;
    // actionlib publishes a status for every goal it knows (acceptance) and a result for every goal it ends.
    handle.on('status', (status) => {
      lastStatus = status.status;
      ack();
    });
    handle.on('feedback', (values) => emit({ kind: 'feedback', values }));
    handle.on('result', (values) =>
      emit({
        kind: 'result',
        succeeded: lastStatus === ROS1_GOAL_STATUS.succeeded,
        status: lastStatus,
        values,
      }),
    );
    handle.send();
    return () => {
      handle.removeAllListeners();
      delete client.goals[handle.goalID];
      handle.cancel();
    };
  }

  private subscription$(name: string, type: string): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      let compression = this.options.compression;
      let heard = false;
      let fellBack = false;
      const dialect = this.options.dialect;
      const warn = (text: string): void => this.warnings.next(text);
      let rawFailed = false; // warn once per subscription, not at 500 Hz
      let topic = this.subscribeTopic(name, type, compression, onMessage);
      function onMessage(message: unknown): void {
        heard = true;
        // Under cbor-raw the server sends the message's own serialized bytes.
        if (compression === 'cbor-raw') {
          const bytes = (message as { bytes?: unknown }).bytes;
          let decoded: unknown;
          try {
            if (!(bytes instanceof Uint8Array))
              throw new Error(`no serialized bytes in the message (got ${typeof bytes})`);
            decoded = readRaw(dialect, type, bytes);
          } catch (error) {
            // roslib would swallow the throw: say once what is wrong, and drop the message.
            if (!rawFailed) warn(`${name}: cannot decode a cbor-raw ${type}: ${(error as Error).message}`);
            rawFailed = true;
            return;
          }
          subscriber.next(decoded);
          return;
        }
        subscriber.next(message);
      }
      // ROS 1 rosbridge 0.11 sends nothing at all under CBOR for messages with string arrays (JointState names):
      // a CBOR subscription that stays silent while connected is tried again as JSON.
      let silence: Subscription | undefined;
      const watchSilence = (): void => {
        silence?.unsubscribe();
        if (compression === 'json' || heard) return;
        silence = this.options.scheduler.schedule(() => {
          if (heard || !this.connected) return;
          topic.unsubscribe();
          compression = 'json';
          fellBack = true;
          topic = this.subscribeTopic(name, type, compression, (message) => {
            if (fellBack) {
              fellBack = false;
              this.warnings.next(
                `${name}: the server sent nothing under ${this.options.compression} in ${this.options.cborFallbackMs} ms ` +
                  `but does under JSON (ROS 1 rosbridge 0.11 cannot encode string arrays in CBOR); using JSON for this topic`,
              );
            }
            onMessage(message);
          });
        }, this.options.cborFallbackMs);
      };
      const connected = this.status.pipe(filter((s) => s === 'connected')).subscribe(watchSilence);
      return () => {
        connected.unsubscribe();
        silence?.unsubscribe();
        topic.unsubscribe();
      };
    });
  }

  private subscribeTopic(
    name: string,
    type: string,
    compression: Compression,
    handler: (m: unknown) => void,
  ): Topic<unknown> {
    const topic = new Topic<unknown>({
      ros: this.ros,
      name,
      messageType: type,
      compression: compression === 'json' ? 'none' : compression,
    });
    topic.subscribe(handler);
    return topic;
  }

  private readonly publishers = new Map<string, Topic<unknown>>();

  private publisher(name: string, type: string): Topic<unknown> {
    let topic = this.publishers.get(name);
    if (topic === undefined) {
      topic = new Topic<unknown>({ ros: this.ros, name, messageType: typeName(this.options.dialect, type) });
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

function statusText(message: unknown): string {
  const m = message as { level?: unknown; msg?: unknown };
  const level = typeof m.level === 'string' ? m.level : 'status';
  const text = typeof m.msg === 'string' ? m.msg : JSON.stringify(m.msg ?? '');
  return `${level}: ${text}`;
}
