import { Vector3 } from 'three';
import type { ResolvedScene } from '../../../scenes/schema.ts';
import type { KinematicModel } from '../../../src/kinematics/model.ts';
import type { TelemetryEvent } from '../../../src/skill/telemetry-events.ts';
import { parseTrace } from '../../../src/telemetry/trace.ts';
import { TreeSnapshot } from '../../../src/telemetry/tree-snapshot.ts';
import type { Planogram } from '../../../src/world/planogram.ts';
import { logLine } from '../../restock/event-lines.ts';
import { KpiTracker } from '../../restock/kpis.ts';
import { Controls, type ConsoleMode } from './controls.ts';
import { KpiPanel } from './panels/kpi-panel.ts';
import { LogPanel } from './panels/log-panel.ts';
import { PlanogramPanel, slotsFromScanData, type SlotView } from './panels/planogram-panel.ts';
import { TreePanel } from './panels/tree-panel.ts';
import { TraceReplay } from './replay.ts';
import { RobotView } from './robot-view.ts';
import { SimClient } from './sim-client.ts';
import { SimPacer, type Speed } from './sim-pacer.ts';
import { StoreView } from './store-view.ts';
import { View3d, type DrawStats } from './view-3d.ts';
import type { StoreParams } from './worker/protocol.ts';

/** Panels redraw this often, wall ms: often enough to watch, cheap next to drawing. */
const PANEL_PERIOD_MS = 250;
/** Events kept for "Save trace"; a longer run keeps its latest ones. */
const MAX_KEPT_EVENTS = 200_000;
/** A replay's clock step per physics step of the live sim, ms (240 Hz). */
const REPLAY_STEP_MS = 1000 / 240;
/** The worker counts as busy (a long planning step) when no frame came for this long, wall ms. */
const WORKER_BUSY_AFTER_MS = 1000;
/** Drawn frames whose timing `perf()` keeps (a minute at 60 fps). */
const PERF_FRAMES = 3600;

/** What the page is built from: the store as files describe it, and how the worker opens it. */
export interface ConsoleSetup {
  readonly scene: ResolvedScene;
  readonly planogram: Planogram;
  readonly urdfText: string;
  readonly model: KinematicModel;
  readonly params: StoreParams;
  /** Share of the view's CSS pixels rendered (see `DEFAULT_RENDER_SCALE`). */
  readonly renderScale?: number;
}

/** Timing of the frames drawn since the last `perf()` call, for the benchmark. */
export interface ConsolePerf {
  /** When each frame was drawn (`requestAnimationFrame` time), ms. */
  readonly frameAtMs: number[];
  /** Page time spent in each drawn frame's callback (sync, draw, panels), ms. */
  readonly pageMs: number[];
  /** The last drawing's draw calls, triangles and image size. */
  readonly draw: DrawStats;
  /** The worker's stepping time per tick (smoothed), ms, and the real-time factor it achieves. */
  readonly workerMsPerTick: number;
  readonly realTimeFactor: number;
  readonly simTimeMs: number;
  /** The page's clock when this was taken (`performance.now`), ms. */
  readonly wallMs: number;
}

/**
 * The operator console: the store in 3D, the live skill graph, KPIs, planogram and event log, and the controls. The
 * sim and the graph run in a worker of this page (`worker/sim-worker.ts`), so the page stays responsive while the
 * robot plans; Pause and Stop ask it to cancel the graph by unsubscribing it (its teardowns halt the robot, as
 * Ctrl-C does in `npm start`). Pause also freezes the clock; after Stop physics runs on with nothing commanded, so
 * one sees that nothing moves.
 */
export class ConsoleApp {
  readonly view: View3d;
  readonly storeView: StoreView;
  readonly robotView: RobotView;
  readonly controls: Controls;
  readonly client: SimClient;
  /** The replay's own pacing (the live sim is paced in the worker). */
  private readonly replayPacer = new SimPacer(REPLAY_STEP_MS);
  private readonly kpiPanel = new KpiPanel();
  private readonly treePanel = new TreePanel();
  private readonly logPanel = new LogPanel();
  private readonly planogramPanel: PlanogramPanel;
  private kpis = new KpiTracker();
  private tree: TreeSnapshot;
  private liveTree: TreeSnapshot;
  private replay: TraceReplay | undefined;
  private replaySlots = new Map<string, SlotView>();
  private liveSlots = new Map<string, SlotView>();
  private shownSlots: SimClient['slots'];
  private readonly kept: TelemetryEvent[] = [];
  private mode: ConsoleMode = 'opening';
  private lastPanelsMs = 0;
  private frames = 0;
  private fpsWindowStart = 0;
  private drawMs = 0;
  private readonly basePosition = new Vector3();
  private frameAtMs: number[] = [];
  private pageMs: number[] = [];
  /** Frames drawn per wall second, over the last second. */
  fps = 0;

  constructor(
    root: HTMLElement,
    private readonly setup: ConsoleSetup,
  ) {
    const layout = document.createElement('div');
    layout.className = 'layout';
    const stage = document.createElement('div');
    stage.className = 'stage';
    const side = document.createElement('div');
    side.className = 'side';
    this.controls = new Controls({
      start: () => this.start(),
      pause: () => this.pause(),
      stop: () => this.stop(),
      speed: (speed) => this.setSpeed(speed),
      follow: (on) => this.view.setFollow(on, this.robotView.basePosition()),
      loadTrace: (file) => void this.loadTrace(file),
      saveTrace: () => this.saveTrace(),
    });
    this.planogramPanel = new PlanogramPanel(setup.planogram);
    const canvasBox = document.createElement('div');
    canvasBox.className = 'canvas-box';
    stage.append(canvasBox, this.planogramPanel.section);
    side.append(this.kpiPanel.section, this.treePanel.section, this.logPanel.section);
    layout.append(stage, side);
    root.append(this.controls.header, layout);
    this.view = new View3d(canvasBox, setup.renderScale);
    this.storeView = new StoreView(this.view.scene, setup.scene);
    this.robotView = new RobotView(setup.urdfText, setup.model);
    this.view.scene.add(this.robotView.robot);
    this.client = new SimClient((events) => {
      for (const event of events) this.onLiveEvent(event);
    });
    this.liveTree = new TreeSnapshot();
    this.tree = this.liveTree;
    this.controls.setMode(this.mode);
  }

  /** Opens the store in the worker, then starts drawing. */
  async open(): Promise<void> {
    await this.client.open(this.setup.params);
    const frame = (nowMs: number): void => {
      this.frame(nowMs);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  start(): void {
    if (this.mode === 'running' || this.mode === 'opening') return;
    if (this.mode === 'replay') this.leaveReplay();
    this.client.start();
    this.setMode('running');
  }

  /** Halts the robot (the worker unsubscribes the graph) and freezes the clock; Start resumes with a fresh scan. */
  pause(): void {
    if (this.mode !== 'running') return;
    this.client.pause();
    this.setMode('paused');
  }

  /** Halts the robot (the worker unsubscribes the graph) and stops the store's life; physics runs on. */
  stop(): void {
    if (this.mode !== 'running' && this.mode !== 'paused') return;
    this.client.stop();
    this.setMode('stopped');
  }

  /** Sets the speed of the live sim (and of a replay), as the header's selector does. */
  setSpeed(speed: Speed): void {
    this.client.speed(speed);
    this.replayPacer.speed = speed;
    this.controls.setSpeed(speed);
  }

  /** A snapshot for automation and the benchmark: clock, mode, KPIs, frame rate, the robot's state. */
  status(): Record<string, unknown> {
    const k = this.kpis.snapshot();
    const frame = this.client.frame;
    return {
      mode: this.mode,
      simTimeMs: frame?.simTimeMs ?? 0,
      fps: this.fps,
      realTimeFactor: frame?.realTimeFactor ?? 0,
      restocked: k.restocked,
      attempts: k.attempts,
      compliance: k.compliance,
      runState: frame?.runState ?? 'idle',
      joints: this.client.poses?.joints() ?? {},
      rootInWorld: [...(this.client.poses?.rootInWorld ?? [])],
      // The robot as last drawn and the camera that drew it: the follow toggle's test compares the two.
      drawnBaseInWorld: this.robotView.basePosition().toArray(),
      cameraInWorld: this.view.camera.position.toArray(),
      cameraTargetInWorld: this.view.controls.target.toArray(),
      following: this.view.following,
      maxObjectSpeedMps: frame?.maxObjectSpeedMps ?? 0,
      frameCostsMs: { simMs: frame?.simMs ?? 0, drawMs: this.drawMs },
      framesReceived: this.client.frames,
      framesRequested: this.client.requests,
      framesDrawn: this.view.drawn,
    };
  }

  private setMode(mode: ConsoleMode): void {
    this.mode = mode;
    this.controls.setMode(mode);
  }

  private onLiveEvent(event: TelemetryEvent): void {
    this.liveTree.apply(event);
    this.kept.push(event);
    if (this.kept.length > MAX_KEPT_EVENTS) this.kept.splice(0, this.kept.length - MAX_KEPT_EVENTS);
    if (this.mode !== 'replay') this.show(event);
  }

  /** Folds an event into what the panels show: KPIs, the tree's last outcomes, the log. */
  private show(event: TelemetryEvent): void {
    this.kpis.apply(event);
    this.treePanel.apply(event);
    if (event.name === 'scanShelves' && event.kind === 'progress') {
      this.replaySlots = slotsFromScanData(event.data?.['slots']);
    }
    const line = logLine(event);
    if (line !== undefined) this.logPanel.add(event.simTimeMs, line.kind, line.text);
  }

  /** Frame timing since the last call (the benchmark drains it every second or so). */
  perf(): ConsolePerf {
    const out: ConsolePerf = {
      frameAtMs: this.frameAtMs,
      pageMs: this.pageMs,
      draw: this.view.stats(),
      workerMsPerTick: this.client.frame?.simMs ?? 0,
      realTimeFactor: this.client.frame?.realTimeFactor ?? 0,
      simTimeMs: this.client.frame?.simTimeMs ?? 0,
      wallMs: performance.now(),
    };
    this.frameAtMs = [];
    this.pageMs = [];
    return out;
  }

  private frame(nowMs: number): void {
    const t0 = performance.now();
    const slots = this.client.slots;
    if (slots !== undefined && slots !== this.shownSlots) {
      this.shownSlots = slots;
      this.liveSlots = new Map(slots.map(([name, status, full, facings]) => [name, { status, full, facings }]));
    }
    if (this.mode === 'replay' && this.replay !== undefined) {
      const before = this.replay.simTimeMs;
      this.replayPacer.frame(
        nowMs,
        () => performance.now(),
        () => this.replay?.advance(REPLAY_STEP_MS),
      );
      if (this.replay.done && this.replay.simTimeMs === before) this.controls.note('replay finished');
    }
    const poses = this.client.poses;
    if (poses !== undefined) {
      // Both run: each writes its part of the new frame; either moving is reason to draw.
      const productsMoved = this.storeView.sync(this.client);
      const robotMoved = this.robotView.sync(poses);
      if (productsMoved || robotMoved) this.view.invalidate();
    }
    this.view.follow(this.robotView.basePosition(this.basePosition));
    const drew = this.view.render();
    // One frame asked of the worker per page frame: it answers with the state of the moment, before the next.
    this.client.requestFrame();
    // Start is offered once the worker's store is open and drawn.
    if (this.mode === 'opening' && poses !== undefined) this.setMode('ready');
    if (nowMs - this.lastPanelsMs >= PANEL_PERIOD_MS) {
      this.lastPanelsMs = nowMs;
      this.renderPanels();
    }
    const spentMs = performance.now() - t0;
    if (drew) {
      this.drawMs = 0.95 * this.drawMs + 0.05 * spentMs;
      this.countFrame(nowMs);
      if (this.frameAtMs.length < PERF_FRAMES) {
        this.frameAtMs.push(nowMs);
        this.pageMs.push(spentMs);
      }
    }
  }

  private renderPanels(): void {
    const replaying = this.mode === 'replay' && this.replay !== undefined;
    const simTimeMs = replaying ? this.replay!.simTimeMs : (this.client.frame?.simTimeMs ?? 0);
    const factor = replaying ? this.replayPacer.realTimeFactor : (this.client.frame?.realTimeFactor ?? 0);
    const silentMs = performance.now() - this.client.lastFrameAtMs;
    const busyS = this.mode === 'running' && silentMs > WORKER_BUSY_AFTER_MS ? silentMs / 1000 : 0;
    // Nothing drawn for a while (a still store is not redrawn): no frames per second to show.
    if (performance.now() - this.fpsWindowStart > 2000) this.fps = 0;
    this.controls.setClock(simTimeMs, factor, this.fps, busyS);
    this.kpiPanel.render(this.kpis.snapshot());
    this.treePanel.render(this.tree.isEmpty() ? undefined : this.tree.snapshot());
    this.planogramPanel.render(replaying ? this.replaySlots : this.liveSlots);
  }

  private countFrame(nowMs: number): void {
    this.frames++;
    if (nowMs - this.fpsWindowStart >= 1000) {
      this.fps = (this.frames * 1000) / (nowMs - this.fpsWindowStart);
      this.frames = 0;
      this.fpsWindowStart = nowMs;
    }
  }

  /** Replays a JSONL trace (from `npm start -- --trace` or Save trace): tree, KPIs, planogram and log, no motion. */
  private async loadTrace(file: File): Promise<void> {
    let events: TelemetryEvent[];
    try {
      events = parseTrace(await file.text(), file.name).events;
    } catch (error) {
      this.controls.note(`cannot replay ${file.name}: ${(error as Error).message}`);
      return;
    }
    this.stop();
    this.kpis = new KpiTracker();
    const tree = new TreeSnapshot();
    this.tree = tree;
    this.replaySlots = new Map();
    this.logPanel.clear();
    this.treePanel.reset();
    this.replay = new TraceReplay(events, (event) => {
      tree.apply(event);
      this.show(event);
    });
    this.replayPacer.reset();
    this.setMode('replay');
    this.controls.note(`replaying ${file.name}: ${events.length} events`);
  }

  /** Back to the live run: the panels fold the live events again, from the start. */
  private leaveReplay(): void {
    this.replay = undefined;
    this.tree = this.liveTree;
    this.kpis = new KpiTracker();
    this.logPanel.clear();
    this.treePanel.reset();
    for (const event of this.kept) this.show(event);
  }

  private saveTrace(): void {
    const text = this.kept.map((e) => JSON.stringify(e)).join('\n') + (this.kept.length > 0 ? '\n' : '');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
    link.download = `restock-${Math.round((this.client.frame?.simTimeMs ?? 0) / 1000)}s.jsonl`;
    link.click();
    URL.revokeObjectURL(link.href);
  }
}
