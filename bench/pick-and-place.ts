// Pick-and-place success rate and cycle time in the sim over randomized seeds, for both robots.
import { rootCause } from '../src/skill/root-cause.ts';
import { Euler, Quaternion } from 'three';
import { loadScene } from '../scenes/load-scene.ts';
import type { ResolvedScene } from '../scenes/schema.ts';
import { servicesForScene } from '../scenes/skill-services.ts';
import { pickAndPlace } from '../skills/pick-and-place.ts';
import { createSimulation } from '../sim/index.ts';
import { seededRandom, type RandomSource } from '../src/math/random.ts';
import { toSkillFailure } from '../src/skill/failure.ts';
import { runSkill } from '../src/skill/run.ts';
import { NULL_SINK } from '../src/telemetry/bus.ts';

interface Task {
  readonly label: string;
  readonly sceneFile: string;
  readonly robotId: string;
  /** Position jitter, m (packed totes leave little room). */
  readonly jitterM: number;
  /** Object and target for a seed. */
  readonly pick: (random: RandomSource, scene: ResolvedScene) => { object: string; target: string };
}

const TASKS: readonly Task[] = [
  {
    label: 'tabletop (UR arm)',
    sceneFile: 'tabletop.yaml',
    robotId: 'ur',
    jitterM: 0.01,
    pick: (random) => ({
      object: ['box-1', 'can-1', 'bottle-1'][random.int(3)]!,
      target: random.next() < 0.5 ? 'target/a' : 'target/b',
    }),
  },
  {
    label: 'retail aisle (wheeled humanoid)',
    sceneFile: 'retail-aisle.yaml',
    robotId: 'picker',
    jitterM: 0.002,
    pick: (random, scene) => {
      const inTote = scene.objects.filter((o) => o.id.startsWith('stock-tote'));
      const slots = ['aisle-a/level-1/slot-6', 'aisle-a/level-3/slot-6', 'aisle-a/level-4/slot-6'];
      return { object: inTote[random.int(inTote.length)]?.id ?? 'none', target: slots[random.int(slots.length)]! };
    },
  },
];

const SEEDS = Number(process.env.BENCH_SEEDS ?? 50);
const EPISODE_LIMIT_MS = 120_000;

/**
 * The picked object's pose jittered (± `jitterM`, ±10° yaw) and its friction scaled ±20 %. Only that object:
 * turning the products packed on the shelves pushes their corners into the shelf lips, which the sim rejects as
 * intersecting at load, and they are not part of the task.
 */
export function jitter(scene: ResolvedScene, random: RandomSource, jitterM: number, objectId: string): ResolvedScene {
  const objects = scene.objects.map((o) => {
    if (o.id !== objectId) return o;
    const position = o.poseInWorld.position.clone();
    position.x += random.uniform(-jitterM, jitterM);
    position.y += random.uniform(-jitterM, jitterM);
    const yaw = new Quaternion().setFromEuler(new Euler(0, 0, random.uniform(-0.17, 0.17)));
    return {
      ...o,
      poseInWorld: { position, quaternion: yaw.multiply(o.poseInWorld.quaternion) },
      friction: o.friction * random.uniform(0.8, 1.2),
    };
  });
  return { ...scene, objects };
}

interface EpisodeResult {
  readonly ok: boolean;
  readonly reason?: string;
  readonly cycleS: number;
  readonly object?: string;
  readonly target?: string;
  /** The deepest failure's message (printed with `BENCH_VERBOSE=1`). */
  readonly message?: string;
}

async function episode(task: Task, base: ResolvedScene, seed: number): Promise<EpisodeResult> {
  const random = seededRandom(seed);
  // The task is drawn from the unjittered scene (same objects and ids), then only its object is jittered.
  const { object, target } = task.pick(random, base);
  const scene = jitter(base, random, task.jitterM, object);
  let simulation;
  try {
    simulation = await createSimulation(scene, { seed });
  } catch (error) {
    return { ok: false, reason: `scene: ${(error as Error).name}`, cycleS: 0, object, target };
  }
  try {
    simulation.sim.runFor(300);
    const ctx = {
      robot: simulation.robots.get(task.robotId)!,
      world: simulation.worldModel,
      scheduler: simulation.sim.scheduler,
      random,
      telemetry: NULL_SINK,
      services: servicesForScene(scene, simulation.worldModel, simulation.services),
    };
    const startMs = simulation.sim.timeMs;
    const outcome: { done: boolean; reason?: string; message?: string } = { done: false };
    let sub;
    try {
      sub = runSkill(pickAndPlace({ object, target }), ctx).subscribe({
        error: (e: unknown) =>
          Object.assign(outcome, {
            done: true,
            reason: describe(toSkillFailure(e)),
            message:
              process.env.BENCH_VERBOSE === '2'
                ? JSON.stringify(toSkillFailure(e), (k, v: unknown) => (k === 'stack' ? undefined : v))
                : rootCause(toSkillFailure(e)).message,
          }),
        complete: () => (outcome.done = true),
      });
    } catch (error) {
      return { ok: false, reason: describe(toSkillFailure(error)), cycleS: 0, object, target };
    }
    simulation.sim.runUntil(() => outcome.done, EPISODE_LIMIT_MS);
    sub.unsubscribe();
    const cycleS = (simulation.sim.timeMs - startMs) / 1000;
    if (!outcome.done) return { ok: false, reason: 'timeout (bench limit)', cycleS, object, target };
    return outcome.reason === undefined
      ? { ok: true, cycleS, object, target }
      : {
          ok: false,
          reason: outcome.reason,
          cycleS,
          object,
          target,
          ...(outcome.message === undefined ? {} : { message: outcome.message }),
        };
  } finally {
    simulation.free();
  }
}

/** The deepest failure's reason and node, e.g. `missed at pick-and-place/place`. */
function describe(failure: ReturnType<typeof toSkillFailure>): string {
  const f = rootCause(failure);
  // `holding <object id>` differs per episode; grouped by node, not by object.
  return `${f.reason} at ${(f.path ?? '?').replace(/holding [^/]+/, 'holding')}`;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs both tasks over `BENCH_SEEDS` (default 50) seeds and prints success, median cycle time and failures. */
export async function runPickAndPlaceBench(): Promise<void> {
  const only = process.env.BENCH_TASK;
  for (const task of TASKS.filter((t) => !only || t.sceneFile.startsWith(only))) {
    const base = await loadScene(new URL(`../scenes/${task.sceneFile}`, import.meta.url).pathname);
    const results: EpisodeResult[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const result = await episode(task, base, seed);
      if (process.env.BENCH_VERBOSE && !result.ok)
        console.log(
          `  seed ${seed}: ${result.object ?? ''} ${result.reason}${result.message ? ` (${result.message})` : ''}`,
        );
      results.push(result);
      // Progress on stderr, a line per seed: this part takes minutes, and stdout stays the report.
      process.stderr.write(
        `  ${task.label}: seed ${seed}/${SEEDS} ${result.ok ? 'ok' : `failed (${result.reason})`}, ${results.filter((r) => r.ok).length}/${seed} so far\n`,
      );
    }
    const ok = results.filter((r) => r.ok);
    const reasons = new Map<string, number>();
    for (const r of results) if (!r.ok) reasons.set(r.reason!, (reasons.get(r.reason!) ?? 0) + 1);
    console.log(
      `pick-and-place, ${task.label}: ${ok.length}/${results.length} = ${((100 * ok.length) / results.length).toFixed(0)} % success, median cycle ${median(ok.map((r) => r.cycleS)).toFixed(1)} s (sim)`,
    );
    for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${n} × ${reason}`);
    const targets = [...new Set(results.map((r) => r.target).filter((t) => t !== undefined))].sort();
    console.log(
      `  by target: ${targets.map((t) => `${t} ${results.filter((r) => r.target === t && r.ok).length}/${results.filter((r) => r.target === t).length}`).join(', ')}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runPickAndPlaceBench();
