import { decode as decodeCbor } from 'cbor-x';
import type { Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import { canonicalType, ROS2_GOAL_STATUS, typeName, type RosDialect } from '../../hardware/ros/dialect.ts';
import { describeIssue, isOpName, OP_SCHEMAS, type Op, type OpName } from './op-schemas.ts';
import { GoalRejected, type RosGraph } from './ros-graph.ts';
import { TopicSubscription } from './topic-subscription.ts';
import { encode } from './wire-encoding.ts';

type Level = 'info' | 'warning' | 'error' | 'none';
const LEVEL_RANK: Readonly<Record<Level, number>> = { none: 0, error: 1, warning: 2, info: 3 };

export interface SessionOptions {
  readonly dialect: RosDialect;
  /** Messages above this size get an error status and are dropped. */
  readonly maxMessageBytes: number;
}

/**
 * One client connection speaking rosbridge v2: every incoming message is decoded (JSON text, or CBOR), its `op`
 * checked against the operations of the protocol and its fields against the op's schema; anything wrong gets a
 * `status` message with the op, the field and the reason (and the client's `id`), and the connection stays up.
 * Goals the client sent are cancelled when it goes away, so a dropped client cannot leave an arm moving.
 */
export class ClientSession {
  private level: Level = 'error';
  private readonly subscriptions = new Map<string, TopicSubscription>();
  private readonly goals = new Map<string, { readonly action: string; readonly run: Subscription }>();
  private readonly fragments = new Map<string, { parts: string[]; received: number }>();
  private goalIds = 0;

  constructor(
    readonly id: number,
    private readonly socket: WebSocket,
    private readonly graph: RosGraph,
    private readonly options: SessionOptions,
  ) {}

  /** Handles one WebSocket message. */
  receive(data: Buffer, binary: boolean): void {
    if (data.byteLength > this.options.maxMessageBytes) {
      this.status(
        'error',
        `message of ${data.byteLength} bytes exceeds the ${this.options.maxMessageBytes}-byte limit; dropped`,
      );
      return;
    }
    let message: unknown;
    try {
      message = binary ? decodeCbor(data) : JSON.parse(data.toString('utf8'));
    } catch (error) {
      this.status('error', `malformed ${binary ? 'CBOR' : 'JSON'}: ${(error as Error).message}; dropped`);
      return;
    }
    this.handle(message);
  }

  /** The client left: its subscriptions end, its goals are cancelled, its advertisements forgotten. */
  close(): void {
    for (const sub of this.subscriptions.values()) sub.close();
    this.subscriptions.clear();
    for (const goal of this.goals.values()) goal.run.unsubscribe();
    this.goals.clear();
    this.graph.dropClient(this.id);
  }

  /** Sends a protocol message (used by subscriptions and goals). */
  send(message: unknown, compression: 'json' | 'cbor' = 'json'): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(encode(message, compression));
  }

  /** Bytes queued in the socket: a slow client's subscriptions drop messages rather than buffer without end. */
  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  status(level: Exclude<Level, 'none'>, msg: string, id?: string): void {
    if (LEVEL_RANK[level] > LEVEL_RANK[this.level]) return;
    this.send({ op: 'status', level, msg, ...(id === undefined ? {} : { id }) });
  }

  private handle(message: unknown): void {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.status('error', `a rosbridge message is a JSON object with an "op" field, got ${kindOf(message)}`);
      return;
    }
    const raw = message as Record<string, unknown>;
    const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : undefined;
    if (typeof raw.op !== 'string') {
      this.status('error', 'message has no "op" string field', id);
      return;
    }
    if (!isOpName(raw.op)) {
      this.status('error', `unknown op "${raw.op}"; known: ${Object.keys(OP_SCHEMAS).join(', ')}`, id);
      return;
    }
    const parsed = OP_SCHEMAS[raw.op].safeParse(raw);
    if (!parsed.success) {
      this.status('error', `${raw.op}: ${describeIssue(parsed.error)}`, id);
      return;
    }
    try {
      this.dispatch(raw.op, parsed.data);
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      this.status('error', `${raw.op}: ${error.message}`, id);
    }
  }

  private dispatch(op: OpName, m: unknown): void {
    switch (op) {
      case 'advertise': {
        const a = m as Op<'advertise'>;
        this.graph.advertise(a.topic, a.type, this.id);
        this.status('info', `advertised ${a.topic}`, a.id);
        return;
      }
      case 'unadvertise': {
        const u = m as Op<'unadvertise'>;
        if (!this.graph.unadvertise(u.topic, this.id))
          this.status('warning', `unadvertise: ${u.topic} was not advertised`, u.id);
        return;
      }
      case 'publish': {
        const p = m as Op<'publish'>;
        const problem = this.graph.publish(p.topic, p.msg, this.id);
        if (problem !== undefined) this.status('error', `publish: ${problem}; dropped`, p.id);
        return;
      }
      case 'subscribe':
        return this.subscribe(m as Op<'subscribe'>);
      case 'unsubscribe': {
        const u = m as Op<'unsubscribe'>;
        const sub = this.subscriptions.get(u.topic);
        if (sub === undefined) {
          this.status('warning', `unsubscribe: not subscribed to ${u.topic}`, u.id);
          return;
        }
        if (sub.remove(u.id)) {
          sub.close();
          this.subscriptions.delete(u.topic);
        }
        return;
      }
      case 'call_service':
        return this.callService(m as Op<'call_service'>);
      case 'send_action_goal':
        return this.sendGoal(m as Op<'send_action_goal'>);
      case 'cancel_action_goal':
        return this.cancelGoal(m as Op<'cancel_action_goal'>);
      case 'set_level': {
        const s = m as Op<'set_level'>;
        // The spec: a bad level is dropped.
        if (s.level in LEVEL_RANK) this.level = s.level as Level;
        return;
      }
      case 'fragment':
        return this.fragment(m as Op<'fragment'>);
      case 'auth':
        return;
      case 'advertise_service':
      case 'unadvertise_service':
      case 'service_response':
      case 'advertise_action':
      case 'unadvertise_action':
      case 'action_feedback':
      case 'action_result':
        throw new Error("embody serve hosts the robot's own services and actions; clients cannot host them here");
    }
  }

  private subscribe(s: Op<'subscribe'>): void {
    if (s.compression === 'png')
      this.status('warning', `subscribe ${s.topic}: compression png is not offered here; sending cbor`, s.id);
    // cbor-raw: each message as its ROS serialization (ROS 1 or CDR) inside a CBOR envelope, as rosbridge does.
    const compression = s.compression === 'none' ? 'json' : s.compression === 'png' ? 'cbor' : s.compression;
    let sub = this.subscriptions.get(s.topic);
    if (sub === undefined) {
      sub = new TopicSubscription(this, this.graph, s.topic, s.type, this.options.dialect);
      this.subscriptions.set(s.topic, sub);
    } else if (
      s.type !== undefined &&
      canonicalType(s.type) !== canonicalType(this.graph.topicType(s.topic) ?? s.type)
    ) {
      throw new Error(`topic ${s.topic} has type ${this.graph.topicType(s.topic)}, not ${s.type}`);
    }
    sub.add(s.id ?? `subscribe:${s.topic}`, { throttleMs: s.throttle_rate, queueLength: s.queue_length, compression });
  }

  private callService(c: Op<'call_service'>): void {
    const server = this.graph.service(c.service);
    const respond = (result: boolean, values: unknown): void =>
      this.send({
        op: 'service_response',
        service: c.service,
        values,
        result,
        ...(c.id === undefined ? {} : { id: c.id }),
      });
    if (server === undefined) {
      this.status('error', `call_service: no service ${c.service}`, c.id);
      respond(false, `no service ${c.service}`);
      return;
    }
    try {
      respond(true, server.call(c.args));
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      this.status('error', `call_service ${c.service}: ${error.message}`, c.id);
      respond(false, error.message);
    }
  }

  private sendGoal(g: Op<'send_action_goal'>): void {
    const id = g.id ?? `goal:${++this.goalIds}`;
    const result = (values: unknown, status: number, succeeded: boolean): void =>
      this.send({ op: 'action_result', id, action: g.action, values, status, result: succeeded });
    const server = this.graph.action(g.action);
    const refuse = (why: string, values: unknown = why): void => {
      this.status('error', `send_action_goal ${g.action}: ${why}`, id);
      result(values, ROS2_GOAL_STATUS.unknown, false);
    };
    if (this.options.dialect === 'ros1') return refuse('this server speaks ROS 1: send goals on the actionlib topics');
    if (server === undefined) return refuse(`no action server ${g.action}`);
    if (canonicalType(g.action_type) !== canonicalType(server.type))
      return refuse(`action type ${g.action_type} does not match ${typeName('ros2', server.type, 'action')}`);
    if (this.goals.has(id)) return refuse(`a goal with id ${id} is already running`);
    let events;
    try {
      events = server.execute(g.args);
    } catch (error) {
      if (!(error instanceof GoalRejected)) throw error;
      return refuse(`goal rejected: ${error.message}`, error.values);
    }
    const run = events.subscribe({
      next: (event) => {
        if (event.kind === 'feedback') {
          if (g.feedback) this.send({ op: 'action_feedback', id, action: g.action, values: event.values });
          return;
        }
        this.goals.delete(id);
        result(event.values, ROS2_GOAL_STATUS[event.state], true);
      },
      error: (error: unknown) => {
        this.goals.delete(id);
        refuse(`goal failed: ${(error as Error).message}`);
      },
    });
    if (!run.closed) this.goals.set(id, { action: g.action, run });
  }

  private cancelGoal(c: Op<'cancel_action_goal'>): void {
    const goal = this.goals.get(c.id);
    if (goal === undefined || goal.action !== c.action) {
      this.status('warning', `cancel_action_goal: no running goal ${c.id} on ${c.action}`, c.id);
      return;
    }
    this.goals.delete(c.id);
    goal.run.unsubscribe();
    this.send({
      op: 'action_result',
      id: c.id,
      action: c.action,
      values: this.graph.action(c.action)?.canceledResult() ?? {},
      status: ROS2_GOAL_STATUS.canceled,
      result: true,
    });
  }

  private fragment(f: Op<'fragment'>): void {
    const entry = this.fragments.get(f.id) ?? { parts: new Array<string>(f.total), received: 0 };
    this.fragments.set(f.id, entry);
    if (f.num >= entry.parts.length)
      throw new Error(`fragment ${f.num} of ${f.id} is past its total ${entry.parts.length}`);
    if (entry.parts[f.num] === undefined) entry.received++;
    entry.parts[f.num] = f.data;
    if (entry.received < entry.parts.length) return;
    this.fragments.delete(f.id);
    this.receive(Buffer.from(entry.parts.join(''), 'utf8'), false);
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
