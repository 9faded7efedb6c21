import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { Robot } from '../../hardware/robot.ts';
import { seededRandom } from '../../src/math/random.ts';
import { SKILLS } from '../../skills/index.ts';
import { createDefaultRegistries } from '../../src/task/default-registries.ts';
import { TaskFileError, loadTask, type CompiledTask, type TaskRegistries } from '../../src/task/index.ts';
import { describeOutcome, runTask, type WorldStepper } from '../../src/task/run-task.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import { JsonlRecorder } from '../../src/telemetry/jsonl-recorder.ts';
import { TreeSnapshot } from '../../src/telemetry/tree-snapshot.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import type { WorldModel } from '../../src/world/world-model.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { parseArgs } from './args.ts';
import { runSummary } from './run-summary.ts';
import { EventLinePrinter, TtyTreeView } from './tree-view.ts';
import type { WorldServices } from '../../src/world/services.ts';

/** Where a command writes and what it resolves relative paths against; tests pass buffers. */
export interface CliIo {
  readonly stdout: { write(text: string): void; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): void; readonly isTTY?: boolean };
  readonly cwd: string;
}

/** What a backend gives a run: a robot and a world model driven by the run's scheduler. */
export interface RunBackend {
  create(options: {
    readonly scheduler: SimScheduler;
    readonly scenePath?: string;
    readonly seed: number;
    /** Folders besides the scene's own that its paths may point into (`--allow-path`). */
    readonly allowPaths?: readonly string[];
  }): Promise<{
    readonly robot: Robot;
    readonly world: WorldModel;
    /** What the backend provides to skills (scene query, mounts, navigation map): the context's `services`. */
    readonly services?: WorldServices;
    /** Physics backends step their world to move time (see `runTask`). */
    readonly worldStep?: WorldStepper;
    /** Frees what the backend holds (a Rapier world) once the run is over. */
    close?(): void;
  }>;
}

export interface RunCommandOptions {
  /** Backends by `--backend` name; defaults to the scripted double and the (not yet available) sim. */
  readonly backends?: Readonly<Record<string, RunBackend>>;
  /** Registries task files compile against; defaults to the built-in skills. */
  readonly registries?: TaskRegistries;
}

export const RUN_USAGE = `usage: embody run <task.yaml|task.json> [options]
  --backend double|sim      robot to run on (default: double, the scripted test double)
  --scene <file>            scene file: the world the task sees
  --seed <n>                random seed (default: the task's seed, else 1)
  --trace <out.jsonl>       write the run's telemetry as JSON Lines
  --speed realtime|max      sim time paced by the wall clock, or as fast as it computes
                            (default: realtime on a terminal, max otherwise)
  --limit-s <s>             cancel the run after this much sim time (default: 600)
  --allow-path <dir[:dir]>  folders outside the scene's own its URDF and mesh paths may name
exit codes: 0 succeeded, 1 failed or did not finish, 2 bad task file or options
`;

const RunFlagsSchema = z.strictObject({
  backend: z.string().default('double'),
  scene: z.string().optional(),
  seed: z.coerce.number().int().nonnegative().optional(),
  trace: z.string().optional(),
  speed: z.enum(['realtime', 'max']).optional(),
  'limit-s': z.coerce.number().positive().default(600),
  'allow-path': z.string().optional(),
  help: z.literal(true).optional(),
});

const FLAG_SPEC = {
  backend: 'value',
  scene: 'value',
  seed: 'value',
  trace: 'value',
  speed: 'value',
  'limit-s': 'value',
  'allow-path': 'value',
  help: 'switch',
} as const;

/**
 * `embody run`: compiles a task file, runs it on a backend under a sim clock, and shows the live tree: redrawn
 * on a terminal, one plain line per change otherwise. Returns the exit code.
 */
export async function runCommand(argv: readonly string[], io: CliIo, options: RunCommandOptions = {}): Promise<number> {
  const args = parseArgs(argv, FLAG_SPEC);
  const flags = RunFlagsSchema.safeParse(args.flags);
  if (flags.success && flags.data.help) {
    io.stdout.write(RUN_USAGE);
    return 0;
  }
  const problems = [...args.errors];
  if (!flags.success) problems.push(...flags.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`));
  if (args.positionals.length !== 1)
    problems.push(
      args.positionals.length === 0 ? 'missing task file' : `expected one task file, got ${args.positionals.length}`,
    );
  if (problems.length > 0 || !flags.success) return usageError(io, problems);
  const { backend: backendName, scene, seed: seedFlag, trace, 'limit-s': limitS } = flags.data;
  const speed = flags.data.speed ?? (io.stdout.isTTY ? 'realtime' : 'max');

  const backends = options.backends ?? DEFAULT_BACKENDS;
  const backend = backends[backendName];
  if (backend === undefined)
    return usageError(io, [`unknown backend "${backendName}" (known: ${Object.keys(backends).join(', ')})`]);

  const taskPath = args.positionals[0] ?? '';
  let task: CompiledTask;
  try {
    task = await loadTask(inCwd(io, taskPath), options.registries ?? createDefaultRegistries(SKILLS));
  } catch (error) {
    if (error instanceof TaskFileError) {
      // Name the file as the user typed it, not the absolute path it was read from.
      io.stderr.write(`${new TaskFileError(taskPath, error.issues).message}\n`);
      return 2;
    }
    io.stderr.write(`embody run: cannot read ${taskPath}: ${(error as Error).message}\n`);
    return 2;
  }

  const seed = seedFlag ?? task.seed ?? 1;
  const scheduler = new SimScheduler();
  let parts: Awaited<ReturnType<RunBackend['create']>>;
  try {
    const allowPaths = (flags.data['allow-path']?.split(':') ?? []).filter((p) => p !== '').map((p) => inCwd(io, p));
    parts = await backend.create({
      scheduler,
      seed,
      allowPaths,
      ...(scene === undefined ? {} : { scenePath: inCwd(io, scene) }),
    });
  } catch (error) {
    io.stderr.write(`embody run: backend ${backendName}: ${(error as Error).message}\n`);
    return 2;
  }

  const bus = new TelemetryBus();
  const tree = TreeSnapshot.fromSkill(task.root);
  tree.attach(bus.events$);
  const recorder = trace === undefined ? undefined : JsonlRecorder.create(inCwd(io, trace));
  recorder?.attach(bus.events$);
  const view = io.stdout.isTTY ? new TtyTreeView(io.stdout) : undefined;
  if (view === undefined) {
    const printer = new EventLinePrinter();
    bus.events$.subscribe((event) => {
      const line = printer.line(event);
      if (line !== undefined) io.stdout.write(`${line}\n`);
    });
  }

  io.stdout.write(`${task.name}: backend ${backendName}, seed ${seed}, speed ${speed}\n`);
  view?.draw(tree.snapshot(), scheduler.now());
  await parts.robot.connect();
  const wallStartMs = performance.now();
  const outcome = await runTask(task.root, {
    robot: parts.robot,
    world: parts.world,
    random: seededRandom(seed),
    telemetry: bus,
    scheduler,
    speed,
    limitMs: limitS * 1000,
    ...(parts.worldStep === undefined ? {} : { worldStep: parts.worldStep }),
    ...(parts.services === undefined ? {} : { services: parts.services }),
    ...(view === undefined
      ? {}
      : { onStep: throttled(() => view.draw(tree.snapshot(), scheduler.now()), REDRAW_PERIOD_MS) }),
  });
  await parts.robot.disconnect();
  parts.close?.();
  bus.complete();
  view?.draw(tree.snapshot(), scheduler.now());
  recorder?.close();
  if (recorder !== undefined) io.stdout.write(`trace: ${trace} (${recorder.written} events)\n`);
  if (recorder?.error !== undefined) io.stderr.write(`embody run: trace incomplete: ${recorder.error.message}\n`);
  io.stdout.write(`${runSummary(tree.snapshot(), outcome.simTimeMs, performance.now() - wallStartMs)}\n`);
  const summary = describeOutcome(outcome);
  if (outcome.status === 'succeeded') {
    io.stdout.write(`${summary}\n`);
    return 0;
  }
  io.stderr.write(`${summary}\n`);
  return 1;
}

/** A terminal redraw at most this often (wall time): fast enough to watch, cheap next to the run. */
const REDRAW_PERIOD_MS = 50;

function throttled(draw: () => void, periodMs: number): () => void {
  let lastMs = Number.NEGATIVE_INFINITY;
  return () => {
    const nowMs = performance.now();
    if (nowMs - lastMs < periodMs) return;
    lastMs = nowMs;
    draw();
  };
}

function usageError(io: CliIo, problems: readonly string[]): number {
  io.stderr.write(`${problems.map((p) => `embody run: ${p}`).join('\n')}\n\n${RUN_USAGE}`);
  return 2;
}

function inCwd(io: CliIo, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}

/** The scripted double: every part, no physics, motions timed by the scheduler. */
const doubleBackend: RunBackend = {
  async create({ scheduler, scenePath, allowPaths }) {
    // The scripted double (hardware/scripted) is loaded only when asked for.
    const { createScriptedRobot } = await import('../../hardware/scripted/scripted-robot.ts');
    const world = scenePath === undefined ? new InMemoryWorldModel() : await loadSceneWorld(scenePath, allowPaths);
    return { robot: createScriptedRobot(scheduler), world };
  },
};

const simBackend: RunBackend = {
  async create({ scheduler, scenePath, seed, allowPaths }) {
    if (scenePath === undefined) throw new Error('the sim backend needs a scene: add --scene <file>');
    // Loaded lazily: Rapier's WASM and the scene build are only paid for by runs that use them.
    const { openSimSession } = await import('./sim-backend.ts');
    return openSimSession(scenePath, { scheduler, seed, ...(allowPaths === undefined ? {} : { allowPaths }) });
  },
};

const DEFAULT_BACKENDS: Readonly<Record<string, RunBackend>> = { double: doubleBackend, sim: simBackend };

/** The world a scene file describes: its objects and places, as the robot would believe them at the start. */
async function loadSceneWorld(scenePath: string, allowPaths: readonly string[] = []): Promise<WorldModel> {
  const { loadScene } = await import('../../scenes/load-scene.ts');
  const scene = await loadScene(scenePath, { allowPaths });
  return new InMemoryWorldModel(scene.objects, scene.places);
}
