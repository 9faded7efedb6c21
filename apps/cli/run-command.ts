import { dirname, isAbsolute, resolve } from 'node:path';
import { seededRandom } from '../../src/math/random.ts';
import { SKILLS } from '../../skills/index.ts';
import { createDefaultRegistries } from '../../src/task/default-registries.ts';
import { TaskFileError, loadTask, type CompiledTask, type TaskRegistries } from '../../src/task/index.ts';
import { runTask, type TaskRunOutcome } from '../../src/task/run-task.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import { JsonlRecorder } from '../../src/telemetry/jsonl-recorder.ts';
import { TreeSnapshot } from '../../src/telemetry/tree-snapshot.ts';
import { commandUsage, parseCommandLine, usageErrors, type CommandSpec } from './args.ts';
import type { BackendSession, RunBackend } from './backend-session.ts';
import { BACKENDS } from './backends.ts';
import { flagIssues } from './flag-values.ts';
import { interruptExitCode } from './interrupts.ts';
import { RunReport } from './run-report.ts';
import { runSummary } from './run-summary.ts';
import { RUN_SPEC, RunFlagsSchema, WALL_LIMIT_FACTOR, type RunFlags } from './run-spec.ts';
import { colourWanted, printable } from './terminal-text.ts';
import { prepareTracePath, TracePathError } from './trace-file.ts';
import { EventLinePrinter, TREE_LEGEND, TtyTreeView, renderTree } from './tree-view.ts';
import type { CliIo } from './cli-io.ts';

export interface RunCommandOptions {
  /** Backends by `--backend` name; defaults to `BACKENDS` (sim, double, ros). */
  readonly backends?: Readonly<Record<string, RunBackend>>;
  /** Registries task files compile against; defaults to the built-in skills. */
  readonly registries?: TaskRegistries;
}

/** Exit codes of `embody run`. */
const EXIT = { succeeded: 0, failed: 1, usage: 2 } as const;

/**
 * `embody run`: compiles a task file, runs it on a backend, and shows the live tree: redrawn on a terminal, one
 * plain line per change otherwise. Ctrl-C cancels the run and still prints the final tree and flushes the trace.
 * Returns the exit code.
 */
export async function runCommand(argv: readonly string[], io: CliIo, options: RunCommandOptions = {}): Promise<number> {
  const line = parseRunLine(RUN_SPEC, argv, io);
  if (typeof line === 'number') return line;
  return runTaskFile(RUN_SPEC, line.positionals[0] ?? '', line.flags, io, options);
}

/** A run's command line, checked; or the exit code when it was `-h` or bad. */
export function parseRunLine(
  spec: CommandSpec,
  argv: readonly string[],
  io: CliIo,
): { readonly positionals: readonly string[]; readonly flags: RunFlags } | number {
  const parsed = parseCommandLine(spec, argv);
  if (parsed.help) {
    io.stdout.write(commandUsage(spec));
    return 0;
  }
  const flags = RunFlagsSchema.safeParse(parsed.values);
  const problems = [...parsed.errors, ...(flags.success ? [] : flagIssues(flags.error))];
  if (problems.length > 0 || !flags.success) {
    io.stderr.write(usageErrors(spec, problems));
    return EXIT.usage;
  }
  return { positionals: parsed.positionals, flags: flags.data };
}

/** Runs a task file with checked flags; `spec` names the command in messages. */
export async function runTaskFile(
  spec: CommandSpec,
  taskPath: string,
  settings: RunFlags,
  io: CliIo,
  options: RunCommandOptions = {},
): Promise<number> {
  // With --json, stdout carries one JSON object and nothing else: the tree and the log go to stderr.
  const human = settings.json ? io.stderr : io.stdout;
  const report = new RunReport(io, { command: spec.name, json: settings.json === true });
  const fail = (message: string): number => report.error(message, EXIT.usage);

  let task: CompiledTask;
  try {
    task = await loadTask(inCwd(io, taskPath), options.registries ?? createDefaultRegistries(SKILLS));
  } catch (error) {
    // Name the file as the user typed it, not the absolute path it was read from.
    if (error instanceof TaskFileError)
      return report.error(new TaskFileError(taskPath, error.issues).message, EXIT.usage, { prefix: false });
    return fail(`cannot read ${taskPath}: ${(error as Error).message}`);
  }

  const backends = options.backends ?? BACKENDS;
  // `--scene` wins over the task file's own `scene`, which is relative to the task file.
  const scenePath =
    settings.scene !== undefined
      ? inCwd(io, settings.scene)
      : task.scene === undefined
        ? undefined
        : resolve(dirname(inCwd(io, taskPath)), task.scene);
  const backendName = settings.backend ?? (scenePath === undefined ? undefined : 'sim');
  if (backendName === undefined)
    return fail(
      `no robot to run on: give --scene <file> (or a scene in the task file) to run in the sim, or --backend double for the scripted double`,
    );
  const backend = Object.hasOwn(backends, backendName) ? backends[backendName] : undefined;
  if (backend === undefined)
    return fail(`unknown backend "${printable(backendName)}" (known: ${Object.keys(backends).join(', ')})`);

  let recorder: JsonlRecorder | undefined;
  if (settings.trace !== undefined) {
    const tracePath = inCwd(io, settings.trace);
    try {
      const inputs = [inCwd(io, taskPath), ...(scenePath === undefined ? [] : [scenePath])];
      prepareTracePath(tracePath, { shownPath: settings.trace, force: settings.force === true, inputs });
      recorder = JsonlRecorder.create(tracePath);
    } catch (error) {
      if (error instanceof TracePathError) return fail(error.message);
      return fail(`--trace ${settings.trace}: ${(error as Error).message}`);
    }
  }

  const seed = settings.seed ?? task.seed ?? 1;
  let session: BackendSession;
  try {
    const allowPaths = (settings['allow-path']?.split(':') ?? []).filter((p) => p !== '').map((p) => inCwd(io, p));
    session = await backend.create({
      seed,
      allowPaths,
      ...(scenePath === undefined ? {} : { scenePath }),
      ...(settings.robot === undefined ? {} : { robotConfigPath: inCwd(io, settings.robot) }),
    });
  } catch (error) {
    recorder?.close();
    return fail(`backend ${backendName}: ${(error as Error).message}`);
  }
  const speed = settings.speed ?? (human.isTTY ? 'realtime' : 'max');
  report.started({
    task: task.name,
    taskFile: taskPath,
    backend: backendName,
    seed,
    speed,
    ...(settings.trace === undefined ? {} : { trace: settings.trace }),
  });

  const bus = new TelemetryBus();
  const tree = TreeSnapshot.fromSkill(task.root);
  tree.attach(bus.events$);
  recorder?.attach(bus.events$);
  const view = human.isTTY ? new TtyTreeView(human, { colour: colourWanted(human) }) : undefined;
  if (view === undefined) {
    const printer = new EventLinePrinter();
    bus.events$.subscribe((event) => {
      const line = printer.line(event);
      if (line !== undefined) human.write(`${line}\n`);
    });
  }
  human.write(`${printable(task.name)}: backend ${backendName}, seed ${seed}, speed ${speed}\n`);
  const { scheduler } = session;
  view?.draw(tree.snapshot(), scheduler.now());

  try {
    await session.robot.connect();
  } catch (error) {
    recorder?.close();
    await session.close?.();
    return report.error(`backend ${backendName}: cannot connect: ${(error as Error).message}`, EXIT.failed);
  }
  const interrupts = io.interrupts?.();
  interrupts?.onForce(() => session.robot.stop());
  const wallStartMs = performance.now();
  let outcome: TaskRunOutcome;
  try {
    outcome = await runTask(task.root, {
      robot: session.robot,
      world: session.world,
      random: seededRandom(seed),
      telemetry: bus,
      scheduler,
      speed,
      limitMs: settings['limit-s'] * 1000,
      wallLimitMs: (settings['wall-limit-s'] ?? WALL_LIMIT_FACTOR * settings['limit-s']) * 1000,
      ...(interrupts === undefined ? {} : { signal: interrupts.signal }),
      ...(session.worldStep === undefined ? {} : { worldStep: session.worldStep }),
      ...(session.services === undefined ? {} : { services: session.services }),
      ...(view === undefined
        ? {}
        : { onStep: throttled(() => view.draw(tree.snapshot(), scheduler.now()), REDRAW_PERIOD_MS) }),
    });
  } catch (error) {
    interrupts?.dispose();
    throw error;
  } finally {
    // The trace first: it holds the cancellation events, and must be on disk whatever happens next.
    recorder?.close();
  }
  const wallMs = performance.now() - wallStartMs;
  bus.complete();

  const root = tree.snapshot();
  if (view !== undefined) view.draw(root, scheduler.now(), true);
  else if (outcome.status !== 'succeeded') human.write(`${renderTree(root).join('\n')}\n`);
  if (view !== undefined || outcome.status !== 'succeeded') human.write(`${TREE_LEGEND}\n`);
  if (recorder !== undefined) human.write(`trace: ${settings.trace ?? ''} (${recorder.written} events)\n`);
  if (recorder?.error !== undefined)
    io.stderr.write(`embody ${spec.name}: trace incomplete: ${recorder.error.message}\n`);
  human.write(`${runSummary(root, outcome.simTimeMs, wallMs)}\n`);

  try {
    await session.robot.disconnect();
    await session.close?.();
  } finally {
    interrupts?.dispose();
  }
  const code =
    outcome.status === 'succeeded'
      ? EXIT.succeeded
      : outcome.status === 'interrupted'
        ? interruptExitCode(outcome.reason)
        : EXIT.failed;
  return report.finished(outcome, {
    root,
    wallMs,
    code,
    ...(recorder === undefined ? {} : { traceEvents: recorder.written }),
  });
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

function inCwd(io: CliIo, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}
