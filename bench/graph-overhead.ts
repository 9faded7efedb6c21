import { Subject, concat, defer, distinctUntilChanged, filter, map, of, takeWhile, type Observable } from 'rxjs';
import { guard } from '../src/graph/guard.ts';
import { fromObservable } from '../src/graph/from-observable.ts';
import { sequence } from '../src/graph/sequence.ts';
import { succeed } from '../src/graph/succeed.ts';
import type { ContextBase } from '../src/skill/context.ts';
import { runSkill } from '../src/skill/run.ts';
import type { Skill } from '../src/skill/skill.ts';
import { TelemetryBus, NULL_SINK } from '../src/telemetry/bus.ts';
import type { TelemetrySink } from '../src/skill/telemetry-events.ts';
import { SimScheduler } from '../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../src/world/in-memory-world-model.ts';
import { seededRandom } from '../src/math/random.ts';
import type { Robot } from '../hardware/robot.ts';
import { fmt, median, percentile, timeRuns } from './stats.ts';

function baseContext(scheduler: SimScheduler, telemetry: TelemetrySink): ContextBase {
  // The graph operators never touch the robot; the bench measures the graph alone.
  return { robot: {} as Robot, world: new InMemoryWorldModel(), scheduler, random: seededRandom(1), telemetry };
}

/** A 1,000-node graph: a sequence of 10 sequences of 99 leaves (1 + 10 + 990 = 1,001 nodes). */
function thousandNodeGraph(): Skill {
  const groups = Array.from({ length: 10 }, (_, g) =>
    sequence({ name: `group-${g}` }, ...Array.from({ length: 99 }, (_, i) => succeed({ name: `leaf-${i}` }))),
  );
  return sequence({ name: 'root' }, ...groups);
}

function runGraph(root: Skill, telemetry: TelemetrySink): void {
  let done = false;
  runSkill(root, baseContext(new SimScheduler(), telemetry)).subscribe({ complete: () => (done = true) });
  if (!done) throw new Error('graph did not complete synchronously');
}

/** Per-transition cost of the skill graph: one transition = one node started and finished. */
export function benchTransitions(): void {
  const root = thousandNodeGraph();
  const nodeCount = 1 + 10 + 990;
  const bare = (): void => {
    // Baseline: the same shape in plain rxjs, no skill wrappers or telemetry.
    const leaf = (): Observable<never> => defer(() => of<never>());
    const graph = concat(...Array.from({ length: 10 }, () => concat(...Array.from({ length: 99 }, leaf))));
    graph.subscribe();
  };
  const bus = new TelemetryBus();
  let events = 0;
  bus.events$.subscribe(() => events++);
  const runs = 31;
  const tBare = median(timeRuns(runs, 5, bare));
  const tNull = median(timeRuns(runs, 5, () => runGraph(root, NULL_SINK)));
  const tBus = median(timeRuns(runs, 5, () => runGraph(root, bus)));
  const us = (ms: number): string => fmt((ms * 1000) / nodeCount, 3);
  console.log(`graph transitions (${nodeCount}-node graph, median of ${runs} runs):`);
  console.log(`  plain rxjs baseline        ${us(tBare)} us/node`);
  console.log(`  skill graph, no telemetry  ${us(tNull)} us/transition  (${fmt(tNull / tBare, 1)}x baseline)`);
  console.log(
    `  skill graph, telemetry bus ${us(tBus)} us/transition  (${fmt(tBus / tBare, 1)}x baseline, ${events / (runs + 5)} events/run)`,
  );
  console.log(`  goal < 20 us/transition: ${(tBus * 1000) / nodeCount < 20 ? 'met' : 'NOT met'}`);
}

/**
 * A 1 kHz control tick through a guard and a force-threshold operator: each tick advances sim time 1 ms and
 * publishes one wrench sample; the guarded skill watches the force and would stop above 40 N.
 */
export function benchTickLoop(): void {
  const ticks = 20_000;
  const measure = (withGraph: boolean): number[] => {
    const scheduler = new SimScheduler();
    const forceN$ = new Subject<number>();
    const enabled$ = new Subject<boolean>();
    let seen = 0;
    if (withGraph) {
      const watchForce = fromObservable('force-threshold', () =>
        forceN$.pipe(
          takeWhile((f) => f < 40),
          filter(() => (seen++ & 1023) === 0),
          map((f) => ({ message: 'force', data: { forceN: f } })),
        ),
      );
      const root = guard({ onFalse: 'fail' }, () => enabled$.pipe(distinctUntilChanged()), watchForce);
      runSkill(root, baseContext(scheduler, new TelemetryBus())).subscribe();
    } else {
      forceN$.pipe(takeWhile((f) => f < 40)).subscribe(() => seen++);
    }
    enabled$.next(true);
    const latencies: number[] = [];
    for (let i = 0; i < ticks; i++) {
      const t0 = performance.now();
      scheduler.advanceBy(1);
      forceN$.next(10 + 5 * Math.sin(i / 50));
      latencies.push(performance.now() - t0);
    }
    if (seen === 0) throw new Error('force samples did not reach the operator');
    return latencies;
  };
  measure(true); // warm-up
  const bare = measure(false);
  const graph = measure(true);
  const us = (ms: number): string => fmt(ms * 1000, 2);
  console.log(`1 kHz tick loop (${ticks} ticks, guard + force threshold):`);
  console.log(`  bare subject baseline  median ${us(median(bare))} us  p99 ${us(percentile(bare, 99))} us`);
  console.log(
    `  skill graph            median ${us(median(graph))} us  p99 ${us(percentile(graph, 99))} us` +
      `  (median ${fmt(median(graph) / median(bare), 1)}x baseline)`,
  );
  console.log(`  goal p99 < 1 ms: ${percentile(graph, 99) < 1 ? 'met' : 'NOT met'}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchTransitions();
  benchTickLoop();
}
