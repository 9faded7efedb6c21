import type { Observable } from 'rxjs';
import { canonicalType } from '../../hardware/ros/dialect.ts';

/** Who a message came from: the server's own drivers, or a client connection (by its id). */
export type Origin = 'local' | number;

export type TopicListener = (message: unknown, origin: Origin) => void;

/** What an action goal reports, dialect-neutral: feedback while it runs, then one final state. */
export type ActionEvent =
  | { readonly kind: 'feedback'; readonly values: unknown }
  | { readonly kind: 'result'; readonly state: 'succeeded' | 'aborted' | 'canceled'; readonly values: unknown };

/** A goal the server refuses before running it. */
export class GoalRejected extends Error {
  override readonly name = 'GoalRejected';
  constructor(
    message: string,
    /** The result to report with the refusal (a trajectory's error code). */
    readonly values: unknown = {},
  ) {
    super(message);
  }
}

/** An action the server hosts: a goal runs as a cold Observable; unsubscribing cancels it. */
export interface ActionServer {
  readonly type: string;
  /** @throws GoalRejected for a goal that cannot run. */
  execute(goal: unknown): Observable<ActionEvent>;
  /** The result reported for a cancelled goal. */
  canceledResult(): unknown;
}

/** A service the server hosts. */
export interface ServiceServer {
  readonly type: string;
  /** @throws Error with a message for the client when the request cannot be served. */
  call(request: unknown): unknown;
}

interface TopicEntry {
  type: string;
  readonly listeners: Set<TopicListener>;
  /** Client connections that advertised the topic. */
  readonly publishers: Set<number>;
  local: boolean;
  /** Validates messages clients publish (drivers' own messages are trusted). */
  check?: (message: unknown) => string | undefined;
}

/**
 * The little ROS graph `embody serve` hosts: typed topics (published by the sim's drivers or by clients),
 * services and actions, keyed by name. Types are compared by their canonical `pkg/Type`, so a ROS 2 client may
 * say `sensor_msgs/JointState` or `sensor_msgs/msg/JointState`.
 */
export class RosGraph {
  private readonly topics = new Map<string, TopicEntry>();
  private readonly services = new Map<string, ServiceServer>();
  private readonly actions = new Map<string, ActionServer>();

  /** Declares a topic the drivers publish or listen to. */
  declareTopic(name: string, type: string, check?: (message: unknown) => string | undefined): void {
    const entry = this.topics.get(name);
    if (entry !== undefined && canonicalType(entry.type) !== canonicalType(type))
      throw new Error(`topic ${name} declared as ${entry.type} and ${type}`);
    this.topics.set(name, {
      type,
      listeners: entry?.listeners ?? new Set(),
      publishers: entry?.publishers ?? new Set(),
      local: true,
      ...(check === undefined ? {} : { check }),
    });
  }

  topicType(name: string): string | undefined {
    return this.topics.get(name)?.type;
  }

  /** Registers a client as a publisher; refuses a type that disagrees with the topic's. */
  advertise(name: string, type: string, client: number): void {
    const entry = this.topics.get(name);
    if (entry === undefined) {
      this.topics.set(name, { type, listeners: new Set(), publishers: new Set([client]), local: false });
      return;
    }
    if (canonicalType(entry.type) !== canonicalType(type))
      throw new Error(`topic ${name} already has type ${entry.type}, not ${type}`);
    entry.publishers.add(client);
  }

  unadvertise(name: string, client: number): boolean {
    const entry = this.topics.get(name);
    if (entry === undefined || !entry.publishers.delete(client)) return false;
    if (!entry.local && entry.publishers.size === 0 && entry.listeners.size === 0) this.topics.delete(name);
    return true;
  }

  /** Listens to a topic; the returned function stops listening. Unknown topics need a type. */
  listen(name: string, type: string | undefined, listener: TopicListener): () => void {
    let entry = this.topics.get(name);
    if (entry === undefined) {
      if (type === undefined) throw new Error(`cannot subscribe to ${name}: no such topic and no type given`);
      entry = { type, listeners: new Set(), publishers: new Set(), local: false };
      this.topics.set(name, entry);
    } else if (type !== undefined && canonicalType(entry.type) !== canonicalType(type))
      throw new Error(`topic ${name} has type ${entry.type}, not ${type}`);
    const e = entry;
    e.listeners.add(listener);
    return () => void e.listeners.delete(listener);
  }

  /** Whether anyone listens (a driver skips work nobody will see, such as rendering depth images). */
  hasListeners(name: string): boolean {
    return (this.topics.get(name)?.listeners.size ?? 0) > 0;
  }

  /** Publishes on a topic. A client's message is checked first; the returned text says what was wrong. */
  publish(name: string, message: unknown, origin: Origin): string | undefined {
    const entry = this.topics.get(name);
    if (entry === undefined) return `no topic ${name} (advertise it first)`;
    if (origin !== 'local') {
      if (!entry.publishers.has(origin) && !entry.local) return `topic ${name} is not advertised by this client`;
      const problem = entry.check?.(message);
      if (problem !== undefined) return `${name} (${entry.type}): ${problem}`;
    }
    for (const listener of [...entry.listeners]) listener(message, origin);
    return undefined;
  }

  /** Forgets a client's advertisements (it disconnected). */
  dropClient(client: number): void {
    for (const name of [...this.topics.keys()]) this.unadvertise(name, client);
  }

  addService(name: string, server: ServiceServer): void {
    this.services.set(name, server);
  }

  service(name: string): ServiceServer | undefined {
    return this.services.get(name);
  }

  addAction(name: string, server: ActionServer): void {
    this.actions.set(name, server);
  }

  action(name: string): ActionServer | undefined {
    return this.actions.get(name);
  }

  /** Every topic with its type (for `rosapi`-like listings and logs). */
  topicList(): { name: string; type: string }[] {
    return [...this.topics].map(([name, e]) => ({ name, type: e.type }));
  }
}
