import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SceneFileError } from '../../scenes/scene-error.ts';
import { JsonlRecorder } from '../../src/telemetry/jsonl-recorder.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import { usageErrors } from '../cli/args.ts';
import { SIGNAL_EXIT_CODES, type Interrupts } from '../cli/interrupts.ts';
import { DEMO_SPEC, DEMO_USAGE, parseDemoArgs, type DemoFlags } from './demo-args.ts';
import { logLine } from './event-lines.ts';
import { feedHolds } from './hold-slides.ts';
import type { KpiTracker } from './kpis.ts';
import { captureCheckpoint, CheckpointWriter, handsEmpty } from './checkpoint.ts';
import { startDemo } from './demo-start.ts';
import { RestockRun } from './restock-run.ts';
import { serveConsole } from './serve-console.ts';
import { summaryJson, summaryText } from './summary.ts';

/** Where a command writes and what it resolves relative paths against; tests pass buffers. */
export interface DemoIo {
  readonly stdout: { write(text: string): void; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): void };
  readonly cwd: string;
  /** Resolves when the user interrupts; the run then stops through the graph's cancellation. */
  readonly interrupted?: Promise<void>;
  /** Starts listening for Ctrl-C and SIGTERM (the real process, as `embody` gives it), when `interrupted` is not given. */
  readonly interrupts?: () => Interrupts;
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TASK_FILE = resolve(REPO, 'tasks/restock.yaml');
const DEFAULT_PLANOGRAM = resolve(REPO, 'scenes/store-planogram.yaml');
/** Physics steps between yields to the event loop, so Ctrl-C is heard within a second of sim time. */
const STEPS_PER_SLICE = 240;
/**
 * Wall time after which a slice yields early, ms: a step that plans a pick-and-place can take seconds of wall
 * time, and Ctrl-C is only heard between slices.
 */
const SLICE_WALL_MS = 100;

/**
 * `embody demo` (what `npm start` runs): opens the store from its planogram, runs continuous restocking for
 * `--hours` of sim time with shoppers, a tote that is refilled and staff who tidy, prints what happens as it
 * happens and the KPIs at the end. Ctrl-C cancels the graph (unsubscribe: every running skill halts what it moved),
 * then prints the summary and exits 130.
 */
export async function demoCommand(argv: readonly string[], io: DemoIo): Promise<number> {
  const parsed = parseDemoArgs(argv);
  if ('help' in parsed) {
    io.stdout.write(DEMO_USAGE);
    return 0;
  }
  if ('errors' in parsed) {
    io.stderr.write(usageErrors(DEMO_SPEC, parsed.errors));
    return 2;
  }
  const interrupts = io.interrupted === undefined ? io.interrupts?.() : undefined;
  const withSignals = interrupts === undefined ? io : { ...io, interrupted: aborted(interrupts.signal) };
  try {
    const code = parsed.flags.view ? await view(parsed.flags, withSignals) : await runDemo(parsed.flags, withSignals);
    // Interrupted runs exit as the shell reports the signal: 130 for Ctrl-C, 143 for SIGTERM.
    const reason: unknown = interrupts?.signal.reason;
    return code === SIGNAL_EXIT_CODES.SIGINT && reason === 'SIGTERM' ? SIGNAL_EXIT_CODES.SIGTERM : code;
  } finally {
    interrupts?.dispose();
  }
}

/** Resolves when the signal aborts (the first Ctrl-C or SIGTERM). */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

async function view(flags: DemoFlags, io: DemoIo): Promise<number> {
  io.stdout.write('building the operator console (vite) …\n');
  const server = await serveConsole(flags.port);
  io.stdout.write(`operator console: ${server.url}  (the demo runs in the page; Ctrl-C stops the server)\n`);
  await (io.interrupted ?? new Promise<void>(() => undefined));
  await server.close();
  return SIGNAL_EXIT_CODES.SIGINT;
}

async function runDemo(flags: DemoFlags, io: DemoIo): Promise<number> {
  let start;
  try {
    start = await startDemo(flags, (path) => inCwd(io, path), {
      path: DEFAULT_PLANOGRAM,
      shownAs: 'scenes/store-planogram.yaml',
    });
  } catch (error) {
    if (!(error instanceof SceneFileError)) throw error;
    io.stderr.write(`embody demo: ${error.message}\n`);
    return 2;
  }
  const { store, kpis, options, endMs, resumedFrom } = start;
  const bus = new TelemetryBus();
  bus.events$.subscribe((event) => kpis.apply(event));
  feedHolds(store.robot, kpis);
  let recorder: JsonlRecorder | undefined;
  if (flags.trace !== undefined) {
    const tracePath = inCwd(io, flags.trace);
    mkdirSync(dirname(tracePath), { recursive: true });
    recorder = JsonlRecorder.create(tracePath);
    recorder.attach(bus.events$);
  }
  const status = new StatusLine(io);
  bus.events$.subscribe((event) => {
    const line = logLine(event);
    if (line !== undefined) status.print(`[${clock(event.simTimeMs)}] ${line.text}`);
  });
  const run = new RestockRun(store, {
    taskText: readFileSync(TASK_FILE, 'utf8'),
    taskFile: 'tasks/restock.yaml',
    continuous: true,
    telemetry: bus,
    life: { shopperItemsPerHour: options.shoppersPerHour },
  });
  const sim = store.simulation.sim;
  const checkpoints =
    start.checkpointPath === undefined
      ? undefined
      : new CheckpointWriter(
          start.checkpointPath,
          flags['checkpoint-every'] * 60_000,
          bus.events$,
          () => captureCheckpoint(store, kpis, options),
          () => sim.timeMs,
          () => handsEmpty(store),
        );
  io.stdout.write(
    `restocking ${store.planogram.facings.length} facings of ${store.planogram.name} for ${options.hours} h sim, seed ${options.seed}, ${options.shoppersPerHour} shopper takes/h, speed ${flags.speed}\n`,
  );
  if (resumedFrom !== undefined)
    io.stdout.write(
      `resumed from ${flags.resume} at ${clock(sim.timeMs)} sim: ${resumedFrom.kpis.restocked} restocked so far\n`,
    );
  let interrupted = false;
  void io.interrupted?.then(() => (interrupted = true));
  const wallStart = performance.now();
  const simStartMs = sim.timeMs;
  run.start();
  while (sim.timeMs < endMs && run.state.status === 'running' && !interrupted) {
    const sliceStart = performance.now();
    for (let i = 0; i < STEPS_PER_SLICE && sim.timeMs < endMs && run.state.status === 'running'; i++) {
      run.step();
      if (performance.now() - sliceStart > SLICE_WALL_MS) break;
    }
    checkpoints?.maybeWrite();
    status.show(kpis.snapshot(), sim.timeMs, endMs);
    const aheadMs = flags.speed === 'realtime' ? sim.timeMs - simStartMs - (performance.now() - wallStart) : 0;
    await new Promise<void>((r) => setTimeout(r, Math.max(0, aheadMs)));
  }
  const state = run.state;
  run.stop();
  status.clear();
  // Stopped (its teardowns halted the robot): a checkpoint now loses nothing, unless a hand still holds an item,
  // which a resumed run could not take over; the last idle checkpoint then stands.
  if (checkpoints !== undefined && state.status !== 'failed') {
    if (handsEmpty(store)) checkpoints.writeNow();
    else
      io.stdout.write(
        `checkpoint: not written at ${clock(sim.timeMs)}: the robot holds an item; the last one stands\n`,
      );
  }
  bus.complete();
  recorder?.close();
  const outcome = interrupted
    ? 'interrupted'
    : state.status === 'failed'
      ? `failed: ${state.failure.describe()}`
      : 'ran its hours';
  const wallMs = performance.now() - wallStart;
  const k = kpis.snapshot();
  io.stdout.write(
    flags.json ? `${JSON.stringify(summaryJson(k, wallMs, outcome))}\n` : `${summaryText(k, wallMs, outcome)}\n`,
  );
  if (recorder !== undefined) io.stdout.write(`trace: ${flags.trace} (${recorder.written} events)\n`);
  if (checkpoints !== undefined)
    io.stdout.write(
      `checkpoint: ${flags.checkpoint ?? flags.resume} (${checkpoints.written} written; resume with --resume)\n`,
    );
  store.free();
  return interrupted ? SIGNAL_EXIT_CODES.SIGINT : state.status === 'failed' ? 1 : 0;
}

/** A status line redrawn in place on a terminal; elsewhere a plain line every ten sim minutes. */
class StatusLine {
  private shown = false;
  private lastPlainMs = Number.NEGATIVE_INFINITY;
  private lastDrawWallMs = 0;

  constructor(private readonly io: DemoIo) {}

  print(line: string): void {
    this.clear();
    this.io.stdout.write(`${line}\n`);
  }

  show(k: ReturnType<KpiTracker['snapshot']>, simTimeMs: number, endMs: number): void {
    const text =
      `[${clock(simTimeMs)} / ${clock(endMs)}] restocked ${k.restocked}` +
      ` · success ${k.successRate === undefined ? '–' : `${(k.successRate * 100).toFixed(1)} %`}` +
      ` · compliance ${k.compliance === undefined ? '–' : `${(k.compliance * 100).toFixed(1)} %`}` +
      ` · shoppers took ${k.shopperTakes}`;
    if (this.io.stdout.isTTY) {
      const now = performance.now();
      if (now - this.lastDrawWallMs < 200) return;
      this.lastDrawWallMs = now;
      this.io.stdout.write(`\r\x1b[K${text}`);
      this.shown = true;
    } else if (simTimeMs - this.lastPlainMs >= 600_000) {
      this.lastPlainMs = simTimeMs;
      this.io.stdout.write(`${text}\n`);
    }
  }

  clear(): void {
    if (!this.shown) return;
    this.io.stdout.write('\r\x1b[K');
    this.shown = false;
  }
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function inCwd(io: DemoIo, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}
