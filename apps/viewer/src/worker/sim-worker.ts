import { fetchFileSource } from '../../../../scenes/file-source.ts';
import { bodyPose } from '../../../../sim/bodies.ts';
import { TelemetryBus } from '../../../../src/telemetry/bus.ts';
import { scanShelves } from '../../../../src/world/planogram-scan.ts';
import { RestockRun } from '../../../restock/restock-run.ts';
import { openStore, type StoreSession } from '../../../restock/store-session.ts';
import { SimPacer } from '../sim-pacer.ts';
import { encodePoses, type PoseLayout } from './pose-buffer.ts';
import type { Frame, FromWorker, ObjectInfo, StoreParams, ToWorker } from './protocol.ts';

// The console's sim worker: the store in Rapier, the restocking graph and the store's life run here, paced to the
// wall clock at the chosen speed; the page asks for a frame (poses, joints, state, the telemetry events) when it is
// ready to draw one, so a slow page gets fewer frames rather than a queue of stale ones.
// Pause and Stop unsubscribe the graph (RestockRun.stop), the same cancellation path as Ctrl-C in `npm start`.

/** A tick every this many wall ms: about the page's frame rate. */
const TICK_MS = 16;
/** Planogram slot states are sent this often, wall ms. */
const SLOTS_EVERY_MS = 250;

type Mode = 'idle' | 'running' | 'paused' | 'stopped';

let store: StoreSession | undefined;
let run: RestockRun | undefined;
let pacer: SimPacer | undefined;
let mode: Mode = 'idle';
let lines: string[] = [];
let layout: PoseLayout | undefined;
let layoutKey = '';
/** The page asked for a frame the worker could not send yet (the store still opening). */
let frameWanted = false;
const drawn = new Set<string>();
let lastSlotsMs = 0;
let simMs = 0;

const post = (message: FromWorker, transfer: Transferable[] = []): void => self.postMessage(message, { transfer });

/** Settles when the store is open: a Start sent while it opens waits for it rather than being lost. */
let opening: Promise<void> = Promise.resolve();

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.kind === 'frame') {
    // Answered at once, between ticks: the freshest state, one frame per request.
    if (store === undefined) frameWanted = true;
    else postFrame(store, performance.now());
  } else if (message.kind === 'open') {
    opening = open(message.params).catch((error: unknown) => {
      post({ kind: 'failed', message: (error as Error).message });
    });
  } else {
    void opening.then(() => control(message));
  }
});

/** Start, Pause, Stop and speed, once the store is open. */
function control(message: Exclude<ToWorker, { kind: 'open' }>): void {
  switch (message.kind) {
    case 'start':
      if (run === undefined || mode === 'running') return;
      pacer?.reset();
      run.start();
      mode = 'running';
      return;
    case 'pause':
      if (mode !== 'running') return;
      run?.stop();
      mode = 'paused';
      return;
    case 'stop':
      if (mode !== 'running' && mode !== 'paused') return;
      run?.stop();
      pacer?.reset();
      mode = 'stopped';
      return;
    case 'speed':
      if (pacer !== undefined) pacer.speed = message.speed;
      return;
  }
}

async function open(params: StoreParams): Promise<void> {
  const source = fetchFileSource(params.baseUrl);
  store = await openStore({
    planogramPath: params.planogramPath,
    source,
    seed: params.seed,
    initialFill: params.initialFill,
    emptyFacings: params.emptyFacings,
  });
  const bus = new TelemetryBus();
  bus.events$.subscribe((event) => lines.push(JSON.stringify(event)));
  run = new RestockRun(store, {
    taskText: await source.readText(params.taskFile),
    taskFile: params.taskFile,
    continuous: true,
    telemetry: bus,
    life: { shopperItemsPerHour: params.shopperItemsPerHour },
  });
  pacer = new SimPacer(store.simulation.sim.dtS * 1000);
  post({ kind: 'opened' });
  if (frameWanted) postFrame(store, performance.now());
  tick();
}

function tick(): void {
  const started = performance.now();
  if (store !== undefined && pacer !== undefined && (mode === 'running' || mode === 'stopped')) {
    const sim = store.simulation.sim;
    pacer.frame(
      started,
      () => performance.now(),
      () => sim.step(),
    );
    simMs = 0.9 * simMs + 0.1 * (performance.now() - started);
  } else {
    pacer?.reset();
  }
  setTimeout(tick, Math.max(0, TICK_MS - (performance.now() - started)));
}

function postFrame(s: StoreSession, nowMs: number): void {
  frameWanted = false;
  const { simulation } = s;
  const products = [...simulation.objects.keys()];
  const joints = s.robot.body.joints;
  const key = `${Object.keys(joints).join(',')}|${products.join(',')}`;
  const changed = key !== layoutKey || layout === undefined;
  if (changed) {
    layout = { joints: Object.keys(joints), products };
    layoutKey = key;
  }
  const added: ObjectInfo[] = [];
  for (const id of products) {
    if (drawn.has(id)) continue;
    const known = simulation.worldModel.object(id);
    if (known === undefined) continue;
    drawn.add(id);
    added.push({ id, shape: known.shape, ...(known.type === undefined ? {} : { type: known.type }) });
  }
  let maxObjectSpeedMps = 0;
  const poses = encodePoses(layout!, s.robot.body.rootInWorld.elements, joints, (id) => {
    const handle = simulation.objects.get(id)!.bodyHandle;
    const v = simulation.sim.body(handle).linvel();
    maxObjectSpeedMps = Math.max(maxObjectSpeedMps, Math.hypot(v.x, v.y, v.z));
    return bodyPose(simulation.sim, handle);
  });
  const scan = nowMs - lastSlotsMs >= SLOTS_EVERY_MS;
  if (scan) lastSlotsMs = nowMs;
  const frame: Frame = {
    simTimeMs: simulation.sim.timeMs,
    ...(changed ? { layout: layout! } : {}),
    added,
    poses,
    runState: run?.state.status ?? 'idle',
    realTimeFactor: pacer?.realTimeFactor ?? 0,
    simMs,
    maxObjectSpeedMps,
    ...(scan
      ? {
          slots: scanShelves(simulation.worldModel.objects(), s.planogram).slots.map(
            (slot) => [slot.slotName, slot.status, slot.full, slot.facings] as const,
          ),
        }
      : {}),
    lines,
  };
  lines = [];
  post({ kind: 'frame', frame }, [poses.buffer]);
}
