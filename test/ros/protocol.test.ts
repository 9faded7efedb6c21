import { decode as decodeCbor } from 'cbor-x';
import { Observable } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { RosbridgeServer } from '../../apps/serve/rosbridge-server.ts';
import { GoalRejected, RosGraph, type ActionEvent } from '../../apps/serve/ros-graph.ts';

type Message = Record<string, unknown>;

/** A raw WebSocket client: what it received, decoded (JSON text or CBOR binary), and a way to wait for a message. */
class RawClient {
  readonly received: Message[] = [];
  private waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, binary) => {
      const message = (binary ? decodeCbor(data) : JSON.parse(data.toString())) as Message;
      this.received.push(message);
      for (const w of [...this.waiters])
        if (w.match(message)) {
          this.waiters = this.waiters.filter((x) => x !== w);
          w.resolve(message);
        }
    });
  }

  static async open(port: number): Promise<RawClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new RawClient(socket);
  }

  send(data: unknown): void {
    this.socket.send(typeof data === 'string' ? data : JSON.stringify(data));
  }

  next(match: (m: Message) => boolean, timeoutMs = 3000): Promise<Message> {
    const seen = this.received.find(match);
    if (seen !== undefined) {
      this.received.splice(this.received.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching message in time')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (m) => (clearTimeout(timer), this.received.splice(this.received.indexOf(m), 1), resolve(m)),
      });
    });
  }

  status(): Promise<Message> {
    return this.next((m) => m.op === 'status');
  }

  close(): void {
    this.socket.close();
  }
}

const Twist = z.object({ linear: z.object({ x: z.number() }).loose(), angular: z.object({ z: z.number() }).loose() });

/** A graph standing in for a robot: state published by the test, a checked command topic, a service, an action. */
function stubGraph(): { graph: RosGraph; published: unknown[] } {
  const graph = new RosGraph();
  const published: unknown[] = [];
  graph.declareTopic('/joint_states', 'sensor_msgs/msg/JointState');
  graph.declareTopic('/cmd_vel', 'geometry_msgs/msg/Twist', (m) => {
    const r = Twist.safeParse(m);
    return r.success ? undefined : `${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`;
  });
  graph.listen('/cmd_vel', undefined, (m) => published.push(m));
  graph.addService('/set_vacuum', {
    type: 'std_srvs/SetBool',
    call: (request) => ({ success: (request as { data?: unknown }).data === true, message: 'ok' }),
  });
  graph.addAction('/count', {
    type: 'example_interfaces/Fibonacci',
    canceledResult: () => ({ sequence: [] }),
    execute: (goal) => {
      const order = (goal as { order?: unknown }).order;
      if (typeof order !== 'number') throw new GoalRejected('order must be a number');
      return new Observable<ActionEvent>((subscriber) => {
        let i = 0;
        const timer = setInterval(() => {
          i++;
          if (i < order) subscriber.next({ kind: 'feedback', values: { sequence: [i] } });
          else {
            subscriber.next({ kind: 'result', state: 'succeeded', values: { sequence: [order] } });
            subscriber.complete();
          }
        }, 20);
        return () => clearInterval(timer);
      });
    },
  });
  return { graph, published };
}

describe('embody serve speaks rosbridge v2 (raw WebSocket messages)', () => {
  let server: RosbridgeServer;
  let graph: RosGraph;
  let published: unknown[];
  let client: RawClient;
  beforeAll(async () => {
    ({ graph, published } = stubGraph());
    server = await RosbridgeServer.start({ graph, dialect: 'ros2', port: 0, maxMessageBytes: 1024 * 1024 });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => client.close());

  /** Waits until the server has handled everything sent so far (it answers in order; a service call is answered). */
  let syncs = 0;
  async function sync(c: RawClient): Promise<void> {
    const id = `sync${++syncs}`;
    c.send({ op: 'call_service', id, service: '/set_vacuum', args: { data: false } });
    await c.next((m) => m.op === 'service_response' && m.id === id);
  }

  /** Proof the connection still works: a subscription still delivers. */
  async function stillServes(c: RawClient): Promise<void> {
    c.send({ op: 'subscribe', id: 'alive', topic: '/joint_states' });
    await sync(c);
    graph.publish('/joint_states', { name: ['j'], position: [1] }, 'local');
    const m = await c.next((x) => x.op === 'publish' && x.topic === '/joint_states');
    expect(m.msg).toEqual({ name: ['j'], position: [1] });
  }

  it('answers malformed JSON, a message without an op and a non-object with an error status, and stays up', async () => {
    client = await RawClient.open(server.port);
    client.send('{"op": "subscribe", "topic": ');
    expect(await client.status()).toMatchObject({ level: 'error', msg: expect.stringMatching(/^malformed JSON/) });
    client.send({ id: 'x1', topic: '/joint_states' });
    expect(await client.status()).toMatchObject({ level: 'error', id: 'x1', msg: expect.stringMatching(/no "op"/) });
    client.send('[1, 2]');
    expect(await client.status()).toMatchObject({
      msg: expect.stringMatching(/JSON object with an "op" field, got an array/),
    });
    await stillServes(client);
  });

  it('names an unknown op, and lists the known ones', async () => {
    client = await RawClient.open(server.port);
    client.send({ op: 'teleport', id: 't1' });
    const status = await client.status();
    expect(status).toMatchObject({ level: 'error', id: 't1' });
    expect(status.msg).toMatch(/unknown op "teleport".*subscribe.*send_action_goal/);
    await stillServes(client);
  });

  it('names the op, field and reason for wrong types, and refuses a message that does not fit the topic type', async () => {
    client = await RawClient.open(server.port);
    client.send({ op: 'subscribe', id: 's1', topic: 42 });
    expect(await client.status()).toMatchObject({
      id: 's1',
      msg: expect.stringMatching(/^subscribe: topic: .*string/),
    });
    client.send({ op: 'subscribe', topic: '/joint_states', throttle_rate: 'fast' });
    expect((await client.status()).msg).toMatch(/^subscribe: throttle_rate: /);
    client.send({ op: 'advertise', topic: '/cmd_vel', type: 'std_msgs/String' });
    expect((await client.status()).msg).toMatch(/\/cmd_vel already has type geometry_msgs\/msg\/Twist/);
    client.send({ op: 'advertise', topic: '/cmd_vel', type: 'geometry_msgs/Twist' });
    client.send({ op: 'publish', id: 'p1', topic: '/cmd_vel', msg: { linear: { x: 'fast' }, angular: { z: 0 } } });
    expect(await client.status()).toMatchObject({
      id: 'p1',
      msg: expect.stringMatching(/linear\.x: .*number.*dropped/),
    });
    const before = published.length;
    client.send({ op: 'publish', topic: '/cmd_vel', msg: { linear: { x: 0.2 }, angular: { z: 0 } } });
    await stillServes(client);
    expect(published.slice(before)).toEqual([{ linear: { x: 0.2 }, angular: { z: 0 } }]);
  });

  it('drops a message above the size limit with an error status and keeps the connection', async () => {
    client = await RawClient.open(server.port);
    client.send({ op: 'publish', topic: '/cmd_vel', msg: { blob: 'x'.repeat(2 * 1024 * 1024) } });
    expect((await client.status()).msg).toMatch(/exceeds the 1048576-byte limit; dropped/);
    await stillServes(client);
  });

  it('throttles a subscription to throttle_rate with a queue of queue_length', async () => {
    client = await RawClient.open(server.port);
    client.send({ op: 'subscribe', id: 'th', topic: '/joint_states', throttle_rate: 100, queue_length: 1 });
    await sync(client);
    for (let i = 0; i < 20; i++) graph.publish('/joint_states', { name: ['j'], position: [i] }, 'local');
    await client.next((m) => m.op === 'publish' && (m.msg as { position: number[] }).position[0] === 19, 1000);
    // The first goes at once; the rest wait in a queue of one, so only the newest follows a throttle period later.
    const positions = client.received
      .filter((m) => m.op === 'publish')
      .map((m) => (m.msg as { position: number[] }).position[0]);
    expect(positions).toEqual([0]);
  });

  it('sends CBOR with typed arrays when a subscription asks for it', async () => {
    client = await RawClient.open(server.port);
    client.send({ op: 'subscribe', topic: '/joint_states', compression: 'cbor' });
    await sync(client);
    graph.publish('/joint_states', { name: ['a', 'b'], position: new Float64Array([0.5, -1]) }, 'local');
    const m = await client.next((x) => x.op === 'publish');
    const position = (m.msg as { position: unknown }).position;
    expect(position).toBeInstanceOf(Float64Array);
    expect(Array.from(position as Float64Array)).toEqual([0.5, -1]);
  });

  it('calls services and answers an unknown one with result false', async () => {
    client = await RawClient.open(server.port);
    client.send({ op: 'call_service', id: 'c1', service: '/set_vacuum', args: { data: true } });
    expect(await client.next((m) => m.op === 'service_response')).toEqual({
      op: 'service_response',
      id: 'c1',
      service: '/set_vacuum',
      values: { success: true, message: 'ok' },
      result: true,
    });
    client.send({ op: 'call_service', id: 'c2', service: '/nope' });
    expect(await client.next((m) => m.op === 'service_response')).toMatchObject({ id: 'c2', result: false });
  });

  it('runs action goals with feedback and a result, cancels them at once, and refuses bad ones', async () => {
    client = await RawClient.open(server.port);
    const type = 'example_interfaces/action/Fibonacci';
    client.send({
      op: 'send_action_goal',
      id: 'g1',
      action: '/count',
      action_type: type,
      args: { order: 3 },
      feedback: true,
    });
    expect(await client.next((m) => m.op === 'action_feedback')).toMatchObject({ id: 'g1', values: { sequence: [1] } });
    expect(await client.next((m) => m.op === 'action_result')).toMatchObject({
      id: 'g1',
      status: 4,
      result: true,
      values: { sequence: [3] },
    });

    client.send({ op: 'send_action_goal', id: 'g2', action: '/count', action_type: type, args: { order: 1000 } });
    client.send({ op: 'cancel_action_goal', id: 'g2', action: '/count' });
    expect(await client.next((m) => m.op === 'action_result')).toMatchObject({ id: 'g2', status: 5, result: true });

    client.send({ op: 'send_action_goal', id: 'g3', action: '/count', action_type: type, args: { order: 'many' } });
    expect(await client.next((m) => m.op === 'action_result')).toMatchObject({ id: 'g3', result: false, status: 0 });
    client.send({ op: 'send_action_goal', id: 'g4', action: '/nowhere', action_type: type });
    expect(await client.next((m) => m.op === 'action_result')).toMatchObject({ id: 'g4', result: false });
    expect((await client.next((m) => m.op === 'status' && m.id === 'g4')).msg).toMatch(/no action server \/nowhere/);
  });

  it('relays a topic one client advertises to another that subscribes', async () => {
    client = await RawClient.open(server.port);
    const other = await RawClient.open(server.port);
    try {
      other.send({ op: 'subscribe', topic: '/chatter', type: 'std_msgs/String' });
      await sync(other);
      client.send({ op: 'set_level', level: 'info' });
      client.send({ op: 'advertise', id: 'a1', topic: '/chatter', type: 'std_msgs/msg/String' });
      expect(await client.next((m) => m.op === 'status' && m.id === 'a1')).toMatchObject({ level: 'info' });
      client.send({ op: 'publish', topic: '/chatter', msg: { data: 'hello' } });
      expect(await other.next((m) => m.op === 'publish')).toMatchObject({ topic: '/chatter', msg: { data: 'hello' } });
    } finally {
      other.close();
    }
  });
});
