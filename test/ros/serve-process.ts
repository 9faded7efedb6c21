import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asyncScheduler } from 'rxjs';
import { loadRosRobotConfig } from '../../hardware/ros/load-ros-config.ts';
import { RosRobot } from '../../hardware/ros/ros-robot.ts';
import type { RosDialect } from '../../hardware/ros/dialect.ts';
import type { Arm } from '../../hardware/arm.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A real `embody serve` child process, started the way a user starts it. */
export interface ServeProcess {
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed, for failure messages. */
  output(): string;
  /** SIGKILL: the server vanishes mid-whatever, as a crashed robot PC does. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** Starting a server compiles TypeScript and loads Rapier: slow on a busy CI machine. */
const START_TIMEOUT_MS = 45_000;

export async function startServe(options: {
  readonly dialect: RosDialect;
  readonly port?: number;
  readonly timeScale?: number;
  readonly scene?: string;
}): Promise<ServeProcess> {
  const args = [
    join(ROOT, 'bin/embody.mjs'),
    'serve',
    '--scene',
    join(ROOT, options.scene ?? 'scenes/tabletop.yaml'),
    '--port',
    String(options.port ?? 0),
    '--dialect',
    options.dialect,
    '--time-scale',
    String(options.timeScale ?? 1),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    // A server that never said it listens is still a process: kill it, or it outlives the test run.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`embody serve did not start in time:\n${output}`));
    }, START_TIMEOUT_MS);
    const check = (): void => {
      const match = /on ws:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve(Number(match[1]));
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embody serve exited with ${String(code)}:\n${output}`));
    });
  });
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    child,
    output: () => output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A robot config file for the embody-serve preset, written to a temp folder and loaded back like a user's. */
export async function serveRobot(
  url: string,
  dialect: RosDialect,
  extra: Record<string, unknown> = {},
  urdf = 'ur-arm.urdf',
  id = 'ur',
): Promise<{ robot: RosRobot; configPath: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'embody-ros-'));
  const configPath = join(dir, 'robot.yaml');
  const lines = [
    'preset: embody-serve',
    `url: ${url}`,
    `dialect: ${dialect}`,
    'robot:',
    `  id: ${id}`,
    `  urdf: ${join(ROOT, 'hardware/robots', urdf)}`,
    // A server that has just started may take seconds to answer while the whole suite loads the machine.
    ...Object.entries({ connectTimeoutMs: 20_000, ...extra }).map(([k, v]) => `${k}: ${JSON.stringify(v)}`),
  ];
  writeFileSync(configPath, `${lines.join('\n')}\n`);
  const { config, model } = await loadRosRobotConfig(configPath);
  const robot = new RosRobot(model, config, { scheduler: asyncScheduler });
  return { robot, configPath, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Resolves when `predicate` holds, polling every few ms; rejects after `timeoutMs` (wall time). */
export async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Resolves with joint `index` of the arm once it has stayed within 1e-5 (rad or m) for 150 ms of joint states:
 * the arm is at rest.
 */
export function restingJoint(arm: Pick<Arm, 'jointState$'>, index = 0): Promise<number> {
  let last = Number.NaN;
  let lastChangeMs = performance.now();
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the arm did not come to rest')), 10_000);
    const watch = arm.jointState$.subscribe((s) => {
      const q = s.positions[index]!;
      const now = performance.now();
      if (Math.abs(q - last) > 1e-5) {
        last = q;
        lastChangeMs = now;
      } else if (now - lastChangeMs > 150) {
        clearTimeout(timer);
        watch.unsubscribe();
        resolve(q);
      }
    });
  });
}

/** A `RosRobot` connected to a real `embody serve` child: the two are set up and torn down together. */
export interface ServedRobot {
  /** The server. A test that restarts it (on the same port) puts the new one here, and `close` stops that one. */
  serve: ServeProcess;
  readonly robot: RosRobot;
  readonly configPath: string;
  /** Disconnects the robot and removes its config; stops the server even when that fails. */
  close(): Promise<void>;
}

/**
 * Starts `embody serve` (tabletop scene) and connects a robot to it, with `extra` config keys; `beforeConnect` sees
 * the robot before it connects (to watch its lifecycle from the start). A setup that fails half-way stops the
 * server before it throws, so no child outlives the run.
 */
export async function connectServedRobot(
  dialect: RosDialect,
  extra: Record<string, unknown> = {},
  beforeConnect: (robot: RosRobot) => void = () => undefined,
): Promise<ServedRobot> {
  const serve = await startServe({ dialect });
  let made: Awaited<ReturnType<typeof serveRobot>>;
  try {
    made = await serveRobot(serve.url, dialect, extra);
  } catch (error) {
    await serve.stop();
    throw error;
  }
  const served: ServedRobot = {
    serve,
    robot: made.robot,
    configPath: made.configPath,
    close: async () => {
      try {
        await made.robot.disconnect();
        made.cleanup();
      } finally {
        await served.serve.stop();
      }
    },
  };
  beforeConnect(made.robot);
  try {
    await made.robot.connect();
  } catch (error) {
    await served.close();
    throw error;
  }
  return served;
}
