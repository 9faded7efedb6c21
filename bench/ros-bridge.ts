// ROS bridge benchmark: /joint_states at 500 Hz through a rosbridge server to the ROS backend's client (roslib),
// JSON vs CBOR vs CBOR-raw: the rate received and the latency from the message header stamp to its receipt. The
// baseline in the same run is plain roslib with its own transport under CBOR (cbor2 decoding), what the backend
// used before its transport (hardware/ros/ws-transport.ts); the client's GC pauses and event-loop delay show why.
//
// By default the server is `embody serve`'s rosbridge server in a child process, fed by a 500 Hz publisher. Point it
// at another server (a real rosbridge_server with a 500 Hz joint_states publisher) with
//   BENCH_ROSBRIDGE_URL=ws://127.0.0.1:9090 BENCH_ROSBRIDGE_DIALECT=ros1 npm run bench
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Ros, Topic } from 'roslib';
import { asyncScheduler } from 'rxjs';
import { RosGraph } from '../apps/serve/ros-graph.ts';
import { RosbridgeServer } from '../apps/serve/rosbridge-server.ts';
import { wallClockMs } from '../apps/serve/serve-session.ts';
import { rosHeader, timeToMs, typeName, type RosDialect } from '../hardware/ros/dialect.ts';
import type { Compression } from '../hardware/ros/bridge-types.ts';
import { RosBridge } from '../hardware/ros/ros-bridge.ts';
import { KinematicChain } from '../src/kinematics/chain.ts';
import { loadUrdf } from '../src/kinematics/urdf-parser.ts';
import { fmt, median, percentile } from './stats.ts';

const RATE_HZ = 500;
/** Seconds measured per client and round (after a short warm-up). */
const MEASURE_S = Number(process.env.BENCH_ROSBRIDGE_S ?? 3);
/** Rounds: the clients take turns, so a burst of load from elsewhere on the machine hits all of them alike. */
const ROUNDS = Number(process.env.BENCH_ROSBRIDGE_ROUNDS ?? 3);
const WARMUP_MS = 1000;
/** The UR arm's joints, as its driver names them in /joint_states. */
const UR_URDF = fileURLToPath(new URL('../hardware/robots/ur-arm.urdf', import.meta.url));

/** A subscriber under test: starts receiving /joint_states into `onMessage`; the returned function stops it. */
type Client = (url: string, dialect: RosDialect, onMessage: (message: unknown) => void) => Promise<() => void>;

/** The ROS backend's bridge (roslib over our transport, CBOR decoded by cbor-x) in one compression. */
const backend =
  (compression: Compression): Client =>
  async (url, dialect, onMessage) => {
    const bridge = new RosBridge({
      url,
      dialect,
      compression,
      connectTimeoutMs: 5000,
      reconnect: { initialDelayMs: 200, maxDelayMs: 1000 },
      cborFallbackMs: 60_000,
      goalAcceptTimeoutMs: 5000,
      scheduler: asyncScheduler,
    });
    bridge.warnings$.subscribe((w) => console.log(`  (${w})`));
    await bridge.connect();
    const subscription = bridge.topic$('/joint_states', 'sensor_msgs/JointState').subscribe(onMessage);
    return () => {
      subscription.unsubscribe();
      bridge.close();
    };
  };

/** The baseline: plain roslib with its own transport, which decodes CBOR with cbor2. */
const roslibDefault: Client = async (url, dialect, onMessage) => {
  const ros = new Ros({});
  const connected = new Promise((resolve) => ros.once('connection', resolve));
  await ros.connect(url);
  await connected;
  const topic = new Topic({
    ros,
    name: '/joint_states',
    messageType: typeName(dialect, 'sensor_msgs/JointState'),
    compression: 'cbor',
  });
  topic.subscribe(onMessage);
  return () => {
    topic.unsubscribe();
    ros.close();
  };
};

const CLIENTS: readonly { readonly name: string; readonly client: Client }[] = [
  { name: 'json', client: backend('json') },
  { name: 'cbor', client: backend('cbor') },
  { name: 'cbor-raw', client: backend('cbor-raw') },
  { name: 'cbor, roslib transport (baseline)', client: roslibDefault },
];

interface Round {
  readonly rateHz: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The client process's CPU time per message received (all of it: socket, decode, roslib), µs. */
  readonly cpuUsPerMessage: number;
  /** The client's GC pauses in the round, summed and longest, and its longest event-loop delay, ms. */
  readonly gcTotalMs: number;
  readonly gcMaxMs: number;
  readonly loopMaxMs: number;
}

/** Prints received rate and stamp-to-receipt latency per client: medians over the rounds. */
export async function runRosBridgeBench(): Promise<void> {
  const external = process.env.BENCH_ROSBRIDGE_URL;
  const dialect = (process.env.BENCH_ROSBRIDGE_DIALECT ?? 'ros2') as RosDialect;
  const server = external === undefined ? await startSourceProcess(dialect) : { url: external, stop: async () => {} };
  console.log(
    `ros bridge: /joint_states (the UR arm's joints) at ${RATE_HZ} Hz, ${ROUNDS} rounds of ${MEASURE_S} s per ` +
      `client, ${external === undefined ? "embody serve's server (child process)" : external} (${dialect}), ` +
      `load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
  );
  try {
    const rounds = new Map<string, Round[]>(CLIENTS.map((c) => [c.name, []]));
    for (let r = 0; r < ROUNDS; r++)
      for (const [index, { name }] of CLIENTS.entries())
        rounds.get(name)!.push(await measureInChild(server.url, dialect, index));
    for (const { name } of CLIENTS) {
      const of = (pick: (r: Round) => number): string => fmt(median(rounds.get(name)!.map(pick)), 2);
      console.log(
        `  ${name.padEnd(34)} received ${of((r) => r.rateHz)} Hz  latency p50 ${of((r) => r.p50Ms)} ms  ` +
          `p99 ${of((r) => r.p99Ms)} ms  max ${of((r) => r.maxMs)} ms  | client CPU ` +
          `${of((r) => r.cpuUsPerMessage)} µs/msg, GC ${of((r) => r.gcTotalMs)} ms (longest ${of((r) => r.gcMaxMs)}), ` +
          `longest loop stall ${of((r) => r.loopMaxMs)} ms`,
      );
    }
    console.log(`  (medians over rounds; load ${loadavg()[0]!.toFixed(1)} at the end)`);
  } finally {
    await server.stop();
  }
}

/**
 * Measures one client in a fresh process, so no client inherits another's heap (and its collector's debts) or
 * shares its event loop.
 */
async function measureInChild(url: string, dialect: RosDialect, index: number): Promise<Round> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const args = ['--expose-gc', 'bin/run-ts.mjs', 'bench/ros-bridge.ts', '--client', String(index), url, dialect];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`bench client exited with ${String(code)}:\n${out}`);
  return JSON.parse(last) as Round;
}

async function measure(url: string, dialect: RosDialect, client: Client): Promise<Round> {
  const latencies: number[] = [];
  let measuring = false;
  const stop = await client(url, dialect, (message) => {
    const receivedMs = wallClockMs();
    if (measuring) latencies.push(receivedMs - timeToMs((message as { header?: { stamp?: unknown } }).header?.stamp));
  });
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  // Start from a collected heap: what loading the process left behind is not the client's to pay for.
  (globalThis as { gc?: () => void }).gc?.();
  const gcPausesMs: number[] = [];
  const gc = new PerformanceObserver((list) => gcPausesMs.push(...list.getEntries().map((e) => e.duration)));
  gc.observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  measuring = true;
  const cpu = process.cpuUsage();
  const startMs = performance.now();
  await new Promise((resolve) => setTimeout(resolve, MEASURE_S * 1000));
  measuring = false;
  const elapsedS = (performance.now() - startMs) / 1000;
  const cpuUs = process.cpuUsage(cpu);
  loop.disable();
  gc.disconnect();
  stop();
  return {
    rateHz: latencies.length / elapsedS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    cpuUsPerMessage: (cpuUs.user + cpuUs.system) / latencies.length,
    gcTotalMs: gcPausesMs.reduce((a, b) => a + b, 0),
    gcMaxMs: Math.max(0, ...gcPausesMs),
    loopMaxMs: loop.max / 1e6,
  };
}

async function armJoints(): Promise<string[]> {
  const model = await loadUrdf(UR_URDF);
  const arm = model.extras.arms[0]!;
  return KinematicChain.fromModel(model, arm.baseLink, arm.tipLink).jointNames;
}

/** Starts this file as the server process and waits for its port. */
async function startSourceProcess(dialect: RosDialect): Promise<{ url: string; stop(): Promise<void> }> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/ros-bridge.ts', '--serve', dialect], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /port (\d+)/.exec(out);
      if (match !== null) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${String(code)}`)));
  });
  return {
    url: `ws://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The server side: the rosbridge server of `embody serve` with a 500 Hz JointState publisher, each message stamped
 * with the wall clock when it is published. The publisher keeps to its rate by due times: a late tick catches up
 * by up to three periods, and a longer stall is dropped rather than sent as a burst.
 */
async function serveSource(dialect: RosDialect): Promise<void> {
  const JOINTS = await armJoints();
  const graph = new RosGraph();
  graph.declareTopic('/joint_states', 'sensor_msgs/msg/JointState');
  const server = await RosbridgeServer.start({ graph, dialect, port: 0 });
  const periodMs = 1000 / RATE_HZ;
  let dueMs = performance.now();
  let seq = 0;
  const position = new Float64Array(JOINTS.length);
  const tick = (): void => {
    const now = performance.now();
    for (let n = 0; n < 4 && now >= dueMs; n++) {
      position[0] = Math.sin(seq / 100);
      graph.publish(
        '/joint_states',
        {
          header: rosHeader(dialect, wallClockMs(), '', seq++),
          name: JOINTS,
          position,
          velocity: new Float64Array(JOINTS.length),
          effort: new Float64Array(JOINTS.length),
        },
        'local',
      );
      dueMs += periodMs;
    }
    if (now - dueMs > periodMs) dueMs = now;
    timer = setTimeout(tick, Math.max(0, Math.min(1, dueMs - performance.now())));
  };
  let timer = setTimeout(tick, 0);
  process.stdout.write(`port ${server.port}\n`);
  process.once('SIGTERM', () => {
    clearTimeout(timer);
    void server.close().then(() => process.exit(0));
  });
}

if (process.argv.includes('--serve')) await serveSource((process.argv.at(-1) ?? 'ros2') as RosDialect);
if (process.argv.includes('--client')) {
  const [index, url, dialect] = process.argv.slice(process.argv.indexOf('--client') + 1);
  const round = await measure(url!, dialect as RosDialect, CLIENTS[Number(index)]!.client);
  process.stdout.write(`${JSON.stringify(round)}\n`);
  // roslib may hold timers after close; the measurement is out.
  process.exit(0);
}
