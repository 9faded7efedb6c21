import type { Subscription } from 'rxjs';
import { Vector3 } from 'three';
import type { FileSource } from '../../../scenes/file-source.ts';
import type { TelemetryEvent } from '../../../src/skill/telemetry-events.ts';
import { TelemetryBus } from '../../../src/telemetry/bus.ts';
import { parseTrace } from '../../../src/telemetry/trace.ts';
import { TreeSnapshot } from '../../../src/telemetry/tree-snapshot.ts';
import { scanShelves } from '../../../src/world/planogram-scan.ts';
import { KpiTracker } from '../../restock/kpis.ts';
import { RestockRun } from '../../restock/restock-run.ts';
import type { StoreSession } from '../../restock/store-session.ts';
import { Controls, type ConsoleMode } from './controls.ts';
import { logLine } from '../../restock/event-lines.ts';
import { KpiPanel } from './panels/kpi-panel.ts';
import { LogPanel } from './panels/log-panel.ts';
import { PlanogramPanel, slotsFromScanData, type SlotView } from './panels/planogram-panel.ts';
import { TreePanel } from './panels/tree-panel.ts';
import { TraceReplay } from './replay.ts';
import { RobotView } from './robot-view.ts';
import { SimPacer, type Speed } from './sim-pacer.ts';
import { StoreView } from './store-view.ts';
import { View3d } from './view-3d.ts';

/** Panels redraw this often, wall ms: often enough to watch, cheap next to physics. */
const PANEL_PERIOD_MS = 250;
/** Events kept for "Save trace"; a longer run keeps its latest ones. */
const MAX_KEPT_EVENTS = 200_000;

/** What the page is built from. */
export interface ConsoleSetup {
  readonly store: StoreSession;
  readonly source: FileSource;
  readonly taskFile: string;
  readonly taskText: string;
  readonly urdfText: string;
  readonly shopperItemsPerHour: number;
}

/**
 * The operator console: the store in 3D, the live skill graph, KPIs, planogram and event log, and the controls. The
 * sim and the graph run in this page; Pause and Stop cancel the graph by unsubscribing it (its teardowns halt the
 * robot, as Ctrl-C does in `npm start`). Pause also freezes the clock; after Stop physics runs on with nothing
 * commanded, so one sees that nothing moves.
 */
export class ConsoleApp {
  readonly view: View3d;
  readonly storeView: StoreView;
  readonly robotView: RobotView;
  readonly controls: Controls;
  readonly pacer: SimPacer;
  private readonly kpiPanel = new KpiPanel();
  private readonly treePanel = new TreePanel();
  private readonly logPanel = new LogPanel();
  private readonly planogramPanel: PlanogramPanel;
  private bus = new TelemetryBus();
  private kpis = new KpiTracker();
  private tree: TreeSnapshot | undefined;
  private run: RestockRun | undefined;
  private replay: TraceReplay | undefined;
  private replaySlots = new Map<string, SlotView>();
  private readonly kept: TelemetryEvent[] = [];
  private busSubscription: Subscription | undefined;
  private mode: ConsoleMode = 'ready';
  private lastPanelsMs = 0;
  private frames = 0;
  private fpsWindowStart = 0;
  /** Frames drawn per wall second, over the last second. */
  fps = 0;
  /** Smoothed wall time per frame spent stepping the sim, drawing the 3D view and redrawing the panels, ms. */
  readonly costs = { simMs: 0, drawMs: 0, panelsMs: 0 };

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
      speed: (speed) => (this.pacer.speed = speed),
      follow: (on) => this.view.setFollow(on, this.robotView.basePosition()),
      loadTrace: (file) => void this.loadTrace(file),
      saveTrace: () => this.saveTrace(),
    });
    this.planogramPanel = new PlanogramPanel(setup.store.planogram);
    const canvasBox = document.createElement('div');
    canvasBox.className = 'canvas-box';
    stage.append(canvasBox, this.planogramPanel.section);
    side.append(this.kpiPanel.section, this.treePanel.section, this.logPanel.section);
    layout.append(stage, side);
    root.append(this.controls.header, layout);
    this.view = new View3d(canvasBox);
    this.storeView = new StoreView(this.view.scene, setup.store.scene, setup.store.simulation);
    this.robotView = new RobotView(setup.urdfText, setup.store.robot);
    this.view.scene.add(this.robotView.robot);
    this.pacer = new SimPacer(setup.store.simulation.sim.dtS * 1000);
    this.attachBus();
    this.controls.setMode(this.mode);
  }

  /** Starts the render loop. */
  loop(): void {
    const frame = (nowMs: number): void => {
      this.frame(nowMs);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  start(): void {
    if (this.mode === 'running') return;
    if (this.mode === 'replay') this.leaveReplay();
    this.run ??= new RestockRun(this.setup.store, {
      taskText: this.setup.taskText,
      taskFile: this.setup.taskFile,
      continuous: true,
      telemetry: this.bus,
      life: { shopperItemsPerHour: this.setup.shopperItemsPerHour },
    });
    if (this.tree === undefined) {
      this.tree = TreeSnapshot.fromSkill(this.run.root);
      this.tree.attach(this.bus.events$);
    }
    this.pacer.reset();
    this.run.start();
    this.setMode('running');
  }

  /** Halts the robot (unsubscribes the graph) and freezes the clock; Start resumes with a fresh scan. */
  pause(): void {
    if (this.mode !== 'running') return;
    this.run?.stop();
    this.setMode('paused');
  }

  /** Halts the robot (unsubscribes the graph) and stops the store's life; physics runs on. */
  stop(): void {
    if (this.mode !== 'running' && this.mode !== 'paused') return;
    this.run?.stop();
    this.pacer.reset();
    this.setMode('stopped');
  }

  /** Sets the speed, as the header's selector does. */
  setSpeed(speed: Speed): void {
    this.pacer.speed = speed;
    this.controls.setSpeed(speed);
  }

  /** A snapshot for automation and the benchmark: clock, mode, KPIs, frame rate. */
  status(): Record<string, unknown> {
    const k = this.kpis.snapshot();
    return {
      mode: this.mode,
      simTimeMs: this.setup.store.simulation.sim.timeMs,
      fps: this.fps,
      realTimeFactor: this.pacer.realTimeFactor,
      restocked: k.restocked,
      attempts: k.attempts,
      compliance: k.compliance,
      runState: this.run?.state.status ?? 'idle',
      joints: { ...this.setup.store.robot.body.joints },
      rootInWorld: this.setup.store.robot.body.rootInWorld.toArray(),
      maxObjectSpeedMps: this.maxObjectSpeedMps(),
      frameCostsMs: { ...this.costs },
    };
  }

  /** The fastest any product moves now, m/s: 0 when the store is at rest. */
  private maxObjectSpeedMps(): number {
    const { simulation } = this.setup.store;
    let max = 0;
    for (const object of simulation.objects.values()) {
      const v = simulation.sim.body(object.bodyHandle).linvel();
      max = Math.max(max, Math.hypot(v.x, v.y, v.z));
    }
    return max;
  }

  private setMode(mode: ConsoleMode): void {
    this.mode = mode;
    this.controls.setMode(mode);
  }

  private attachBus(): void {
    this.busSubscription?.unsubscribe();
    this.busSubscription = this.bus.events$.subscribe((event) => this.onEvent(event));
  }

  private onEvent(event: TelemetryEvent): void {
    this.kpis.apply(event);
    this.treePanel.apply(event);
    if (this.mode !== 'replay') {
      this.kept.push(event);
      if (this.kept.length > MAX_KEPT_EVENTS) this.kept.splice(0, this.kept.length - MAX_KEPT_EVENTS);
    }
    if (event.name === 'scanShelves' && event.kind === 'progress') {
      this.replaySlots = slotsFromScanData(event.data?.['slots']);
    }
    const line = logLine(event);
    if (line !== undefined) this.logPanel.add(event.simTimeMs, line.kind, line.text);
  }

  private frame(nowMs: number): void {
    const sim = this.setup.store.simulation.sim;
    const t0 = performance.now();
    if (this.mode === 'running' || this.mode === 'stopped') {
      this.pacer.frame(
        nowMs,
        () => performance.now(),
        () => sim.step(),
      );
    } else if (this.mode === 'replay' && this.replay !== undefined) {
      const before = this.replay.simTimeMs;
      this.pacer.frame(
        nowMs,
        () => performance.now(),
        () => this.replay?.advance(sim.dtS * 1000),
      );
      if (this.replay.done && this.replay.simTimeMs === before) this.controls.note('replay finished');
    }
    const t1 = performance.now();
    this.storeView.sync();
    this.robotView.sync();
    this.view.follow(this.robotView.basePosition(new Vector3()));
    this.view.render();
    const t2 = performance.now();
    this.countFrame(nowMs);
    if (nowMs - this.lastPanelsMs >= PANEL_PERIOD_MS) {
      this.lastPanelsMs = nowMs;
      this.renderPanels();
    }
    const t3 = performance.now();
    // Where a frame's time goes (smoothed), for the status hook and the frame-rate benchmark.
    this.costs.simMs = 0.95 * this.costs.simMs + 0.05 * (t1 - t0);
    this.costs.drawMs = 0.95 * this.costs.drawMs + 0.05 * (t2 - t1);
    this.costs.panelsMs = 0.95 * this.costs.panelsMs + 0.05 * (t3 - t2);
  }

  private renderPanels(): void {
    const replaying = this.mode === 'replay' && this.replay !== undefined;
    const simTimeMs = replaying ? this.replay!.simTimeMs : this.setup.store.simulation.sim.timeMs;
    this.controls.setClock(simTimeMs, this.pacer.realTimeFactor, this.fps);
    this.kpiPanel.render(this.kpis.snapshot());
    this.treePanel.render(this.tree?.isEmpty() === false ? this.tree.snapshot() : undefined);
    this.planogramPanel.render(replaying ? this.replaySlots : this.liveSlots());
  }

  private liveSlots(): Map<string, SlotView> {
    const { world, planogram } = this.setup.store;
    return new Map(scanShelves(world.objects(), planogram).slots.map((s) => [s.slotName, s]));
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
    this.tree = new TreeSnapshot();
    this.replaySlots = new Map();
    this.logPanel.clear();
    this.treePanel.reset();
    const tree = this.tree;
    this.replay = new TraceReplay(events, (event) => {
      tree.apply(event);
      this.onEvent(event);
    });
    this.pacer.reset();
    this.setMode('replay');
    this.controls.note(`replaying ${file.name}: ${events.length} events`);
  }

  private leaveReplay(): void {
    this.replay = undefined;
    this.kpis = new KpiTracker();
    this.tree = undefined;
    this.logPanel.clear();
    this.treePanel.reset();
    this.bus = new TelemetryBus();
    this.attachBus();
    this.run = undefined;
  }

  private saveTrace(): void {
    const text = this.kept.map((e) => JSON.stringify(e)).join('\n') + (this.kept.length > 0 ? '\n' : '');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
    link.download = `restock-${Math.round(this.setup.store.simulation.sim.timeMs / 1000)}s.jsonl`;
    link.click();
    URL.revokeObjectURL(link.href);
  }
}
