// ROS bridge benchmark: /joint_states at 500 Hz through a rosbridge server to the ROS backend's client (roslib),
// JSON vs CBOR vs CBOR-raw: the rate received and the latency from the message header stamp to its receipt.
//
// By default the server is `embody serve`'s rosbridge server in a child process, fed by a 500 Hz publisher. Point it
// at another server (a real rosbridge_server with a 500 Hz joint_states publisher) with
//   BENCH_ROSBRIDGE_URL=ws://127.0.0.1:9090 BENCH_ROSBRIDGE_DIALECT=ros1 npm run bench
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { asyncScheduler } from 'rxjs';
import { RosGraph } from '../apps/serve/ros-graph.ts';
import { RosbridgeServer } from '../apps/serve/rosbridge-server.ts';
import { wallClockMs } from '../apps/serve/serve-session.ts';
import { rosHeader, timeToMs, type RosDialect } from '../hardware/ros/dialect.ts';
import type { Compression } from '../hardware/ros/bridge-types.ts';
import { RosBridge } from '../hardware/ros/ros-bridge.ts';
import { KinematicChain } from '../src/kinematics/chain.ts';
import { loadUrdf } from '../src/kinematics/urdf-parser.ts';
import { fmt, percentile } from './stats.ts';

const RATE_HZ = 500;
/** Seconds measured per encoding (after a short warm-up). */
const MEASURE_S = Number(process.env.BENCH_ROSBRIDGE_S ?? 5);
const WARMUP_MS = 500;
/** The UR arm's joints, as its driver names them in /joint_states. */
const UR_URDF = fileURLToPath(new URL('../hardware/robots/ur-arm.urdf', import.meta.url));

/** Prints received rate and stamp-to-receipt latency for JSON and CBOR subscriptions. */
export async function runRosBridgeBench(): Promise<void> {
  const external = process.env.BENCH_ROSBRIDGE_URL;
  const dialect = (process.env.BENCH_ROSBRIDGE_DIALECT ?? 'ros2') as RosDialect;
  const server = external === undefined ? await startSourceProcess(dialect) : { url: external, stop: async () => {} };
  console.log(
    `ros bridge: /joint_states (the UR arm's joints) at ${RATE_HZ} Hz, ${MEASURE_S} s per encoding, ` +
      `${external === undefined ? "embody serve's server (child process)" : external} (${dialect})`,
  );
  try {
    for (const compression of ['json', 'cbor', 'cbor-raw'] as const) {
      const r = await measure(server.url, dialect, compression);
      console.log(
        `  ${compression.padEnd(8)}  received ${fmt(r.rateHz, 1)} Hz  latency p50 ${fmt(r.p50Ms, 2)} ms  ` +
          `p99 ${fmt(r.p99Ms, 2)} ms  max ${fmt(r.maxMs, 2)} ms  (${r.samples} messages)`,
      );
    }
  } finally {
    await server.stop();
  }
}

async function measure(
  url: string,
  dialect: RosDialect,
  compression: Compression,
): Promise<{ rateHz: number; p50Ms: number; p99Ms: number; maxMs: number; samples: number }> {
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
  const latencies: number[] = [];
  let measuring = false;
  const subscription = bridge.topic$('/joint_states', 'sensor_msgs/JointState').subscribe((message) => {
    const receivedMs = wallClockMs();
    if (measuring) latencies.push(receivedMs - timeToMs((message as { header?: { stamp?: unknown } }).header?.stamp));
  });
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  measuring = true;
  const startMs = performance.now();
  await new Promise((resolve) => setTimeout(resolve, MEASURE_S * 1000));
  measuring = false;
  const elapsedS = (performance.now() - startMs) / 1000;
  subscription.unsubscribe();
  bridge.close();
  return {
    rateHz: latencies.length / elapsedS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    samples: latencies.length,
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
