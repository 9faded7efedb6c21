import {
  BehaviorSubject,
  EMPTY,
  Observable,
  concat,
  defer,
  distinctUntilChanged,
  map,
  of,
  switchMap,
  takeWhile,
} from 'rxjs';
import { createScriptedRobot } from '../hardware/scripted/scripted-robot.ts';
import type { ScriptedForceTorqueSensor } from '../hardware/scripted/scripted-parts.ts';
import type { Robot } from '../hardware/robot.ts';
import { fromObservable } from '../src/graph/from-observable.ts';
import { guard } from '../src/graph/guard.ts';
import { sequence } from '../src/graph/sequence.ts';
import { succeed } from '../src/graph/succeed.ts';
import { seededRandom } from '../src/math/random.ts';
import type { ContextBase } from '../src/skill/context.ts';
import type { ProgressUpdate } from '../src/skill/events.ts';
import { runSkill } from '../src/skill/run.ts';
import type { Skill } from '../src/skill/skill.ts';
import type { TelemetrySink } from '../src/skill/telemetry-events.ts';
import { NULL_SINK, TelemetryBus } from '../src/telemetry/bus.ts';
import { SimScheduler } from '../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../src/world/in-memory-world-model.ts';
import { fmt, median, percentile } from './stats.ts';

function baseContext(scheduler: SimScheduler, telemetry: TelemetrySink, robot: Robot): ContextBase {
  return { robot, world: new InMemoryWorldModel(), scheduler, random: seededRandom(1), telemetry };
}

/** A 1,001-node graph: a sequence of 10 sequences of 99 leaves. */
const GROUPS = 10;
const LEAVES = 99;
const NODE_COUNT = 1 + GROUPS + GROUPS * LEAVES;

function thousandNodeGraph(): Skill {
  const groups = Array.from({ length: GROUPS }, (_, g) =>
    sequence({ name: `group-${g}` }, ...Array.from({ length: LEAVES }, (_, i) => succeed({ name: `leaf-${i}` }))),
  );
  return sequence({ name: 'root' }, ...groups);
}

/** The same shape in plain rxjs: no skill wrappers, no telemetry. */
function bareGraph(): Observable<never> {
  const leaf = (): Observable<never> => defer(() => of<never>());
  return concat(...Array.from({ length: GROUPS }, () => concat(...Array.from({ length: LEAVES }, leaf))));
}

/** Wall time of `repeats` runs of `fn`, ms. */
function timed(repeats: number, fn: () => void): number {
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) fn();
  return performance.now() - t0;
}

/**
 * Per-transition cost of the skill graph (one transition = one node started and finished) against the same
 * graph in bare rxjs. The three variants are timed in turn within each round, so a load change hits all of them;
 * the ratios are per round, and the figures are medians over the rounds.
 */
export function benchTransitions(rounds = 41, repeats = 5): void {
  const root = thousandNodeGraph();
  const robot = {} as Robot; // the operators never touch the robot: the bench measures the graph alone
  const bus = new TelemetryBus();
  let events = 0;
  bus.events$.subscribe(() => events++);
  const runGraph = (telemetry: TelemetrySink): void => {
    let done = false;
    runSkill(root, baseContext(new SimScheduler(), telemetry, robot)).subscribe({ complete: () => (done = true) });
    if (!done) throw new Error('graph did not complete synchronously');
  };
  const bare = (): void => void bareGraph().subscribe();
  const quiet = (): void => runGraph(NULL_SINK);
  const traced = (): void => runGraph(bus);
  for (let i = 0; i < 20; i++) [bare, quiet, traced].forEach((fn) => fn()); // warm-up
  const perNode = { bare: [] as number[], quiet: [] as number[], traced: [] as number[] };
  const ratio = { quiet: [] as number[], traced: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const tBare = timed(repeats, bare);
    const tQuiet = timed(repeats, quiet);
    const tTraced = timed(repeats, traced);
    const us = (ms: number): number => (ms * 1000) / repeats / NODE_COUNT;
    perNode.bare.push(us(tBare));
    perNode.quiet.push(us(tQuiet));
    perNode.traced.push(us(tTraced));
    ratio.quiet.push(tQuiet / tBare);
    ratio.traced.push(tTraced / tBare);
  }
  const eventsPerRun = events / (20 + rounds * repeats);
  console.log(`graph transitions (${NODE_COUNT}-node graph; medians of ${rounds} rounds of ${repeats} runs each):`);
  console.log(`  bare rxjs (same shape)        ${fmt(median(perNode.bare), 3)} us/node`);
  console.log(
    `  skill graph, no telemetry     ${fmt(median(perNode.quiet), 3)} us/transition  ` +
      `(${fmt(median(ratio.quiet), 2)}x bare rxjs)`,
  );
  console.log(
    `  skill graph, telemetry bus    ${fmt(median(perNode.traced), 3)} us/transition  ` +
      `(${fmt(median(ratio.traced), 2)}x bare rxjs, ${eventsPerRun} events/run)`,
  );
  const worst = Math.max(median(ratio.quiet), median(ratio.traced));
  console.log(`  goal <= 4x bare rxjs: ${worst <= 4 ? 'met' : 'NOT met'}`);
}

/** Force along the tool axis past which the watch stops, N; the bench's readings stay below it. */
const CONTACT_N = 40;

/**
 * The force-threshold operator of a guarded move: one progress event per wrist reading (the live tree and the
 * trace see every tick), completion once |Fz| reaches the threshold.
 */
function forceThreshold$(sensor: ScriptedForceTorqueSensor): Observable<ProgressUpdate> {
  return new Observable<ProgressUpdate>((subscriber) =>
    sensor.wrench$.subscribe((wrench) => {
      const forceN = Math.abs(wrench.forceN[2]);
      subscriber.next({ message: 'force', fraction: forceN / CONTACT_N, data: { forceN } });
      if (forceN >= CONTACT_N) subscriber.complete();
    }),
  );
}

/** The same guard and threshold in bare rxjs: a condition switching the wrist stream, mapped to progress. */
function bareTick$(enabled$: Observable<boolean>, sensor: ScriptedForceTorqueSensor): Observable<ProgressUpdate> {
  return enabled$.pipe(
    distinctUntilChanged(),
    switchMap((on) =>
      on
        ? sensor.wrench$.pipe(
            map((wrench) => Math.abs(wrench.forceN[2])),
            takeWhile((forceN) => forceN < CONTACT_N, true),
            map((forceN) => ({ message: 'force', fraction: forceN / CONTACT_N, data: { forceN } })),
          )
        : EMPTY,
    ),
  );
}

/**
 * A 1 kHz control tick: each tick advances sim time 1 ms and the wrist F/T sensor (the scripted double's)
 * publishes one reading; every reading goes through a guard and a force-threshold operator that emits a progress
 * event, which telemetry turns into an event a subscriber receives. Measured per tick (advance + reading + all
 * of the above), next to the same guard and threshold in bare rxjs, in the same run, interleaved by round.
 */
export function benchTickLoop(rounds = 6, ticksPerRound = 10_000): void {
  const measure = (withGraph: boolean): { latencies: number[]; delivered: number } => {
    const scheduler = new SimScheduler();
    const robot = createScriptedRobot(scheduler);
    const sensor = robot.parts.ftSensors[0]!;
    const enabled$ = new BehaviorSubject(true);
    let delivered = 0;
    if (withGraph) {
      const bus = new TelemetryBus();
      bus.events$.subscribe((event) => {
        if (event.kind === 'progress') delivered++;
      });
      const watch = fromObservable('force-threshold', () => forceThreshold$(sensor));
      const root = guard({ name: 'enabled', onFalse: 'fail' }, () => enabled$, watch);
      runSkill(root, baseContext(scheduler, bus, robot)).subscribe();
    } else {
      bareTick$(enabled$, sensor).subscribe(() => delivered++);
    }
    const latencies: number[] = [];
    for (let i = 0; i < ticksPerRound; i++) {
      const t0 = performance.now();
      scheduler.advanceBy(1);
      sensor.push([0, 0, -(10 + 5 * Math.sin(i / 50))]);
      latencies.push(performance.now() - t0);
    }
    return { latencies, delivered };
  };
  measure(true); // warm-up
  measure(false);
  const bare: number[] = [];
  const graph: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const b = measure(false);
    const g = measure(true);
    // Every reading reached the end of both pipelines: nothing is sampled away before the graph runs.
    if (b.delivered < ticksPerRound || g.delivered < ticksPerRound) throw new Error('a wrist reading was dropped');
    bare.push(...b.latencies);
    graph.push(...g.latencies);
  }
  const us = (ms: number): string => fmt(ms * 1000, 2);
  console.log(
    `1 kHz control tick (${rounds} x ${ticksPerRound} ticks; wrist reading -> guard -> force threshold -> progress -> telemetry):`,
  );
  console.log(`  bare rxjs   p50 ${us(median(bare))} us  p99 ${us(percentile(bare, 99))} us`);
  console.log(
    `  skill graph p50 ${us(median(graph))} us  p99 ${us(percentile(graph, 99))} us  ` +
      `(p50 ${fmt(median(graph) / median(bare), 2)}x bare rxjs)`,
  );
  console.log(`  goal p99 < 1 ms: ${percentile(graph, 99) < 1 ? 'met' : 'NOT met'}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchTransitions();
  console.log('');
  benchTickLoop();
}
