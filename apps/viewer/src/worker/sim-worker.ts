import { fetchFileSource } from '../../../../scenes/file-source.ts';
import { bodyPose } from '../../../../sim/bodies.ts';
import { TelemetryBus } from '../../../../src/telemetry/bus.ts';
import { scanShelves } from '../../../../src/world/planogram-scan.ts';
import { RestockRun } from '../../../restock/restock-run.ts';
import { openStore, type StoreSession } from '../../../restock/store-session.ts';
import { SimPacer } from '../sim-pacer.ts';
import type { Frame, FromWorker, ObjectInfo, StoreParams, ToWorker } from './protocol.ts';

// The console's sim worker: the store in Rapier, the restocking graph and the store's life run here, paced to the
// wall clock at the chosen speed; the page gets a frame (poses, joints, state) per tick and the telemetry events.
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
let lastIds = '';
const drawn = new Set<string>();
let lastSlotsMs = 0;
let simMs = 0;

const post = (message: FromWorker, transfer: Transferable[] = []): void => self.postMessage(message, { transfer });

/** Settles when the store is open: a Start sent while it opens waits for it rather than being lost. */
let opening: Promise<void> = Promise.resolve();

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.kind === 'open') {
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
  if (store !== undefined) postFrame(store, started);
  if (lines.length > 0) {
    post({ kind: 'events', lines });
    lines = [];
  }
  setTimeout(tick, Math.max(0, TICK_MS - (performance.now() - started)));
}

function postFrame(s: StoreSession, nowMs: number): void {
  const { simulation } = s;
  const ids = [...simulation.objects.keys()];
  const key = ids.join('\n');
  const added: ObjectInfo[] = [];
  for (const id of ids) {
    if (drawn.has(id)) continue;
    const known = simulation.worldModel.object(id);
    if (known === undefined) continue;
    drawn.add(id);
    added.push({ id, shape: known.shape, ...(known.type === undefined ? {} : { type: known.type }) });
  }
  const poses = new Float32Array(ids.length * 7);
  let maxObjectSpeedMps = 0;
  ids.forEach((id, i) => {
    const handle = simulation.objects.get(id)!.bodyHandle;
    const pose = bodyPose(simulation.sim, handle);
    poses.set([...pose.position.toArray(), ...pose.quaternion.toArray()], i * 7);
    const v = simulation.sim.body(handle).linvel();
    maxObjectSpeedMps = Math.max(maxObjectSpeedMps, Math.hypot(v.x, v.y, v.z));
  });
  const scan = nowMs - lastSlotsMs >= SLOTS_EVERY_MS;
  if (scan) lastSlotsMs = nowMs;
  const frame: Frame = {
    simTimeMs: simulation.sim.timeMs,
    ...(key === lastIds ? {} : { ids }),
    added,
    poses,
    joints: { ...s.robot.body.joints },
    rootInWorld: s.robot.body.rootInWorld.toArray(),
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
  };
  lastIds = key;
  post({ kind: 'frame', frame }, [poses.buffer]);
}
