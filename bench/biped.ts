// The bipedal humanoid: walking speed and ZMP margin on level ground and onto a platform, and pick-and-place
// success on the tabletop (the same task file as the UR arm's) and in the retail aisle (the high slot of
// examples/restock-shelf.yaml, the biped in place of the wheeled humanoid) over randomized seeds, and the store
// (`bench/biped-store.ts`).
import type { Observable } from 'rxjs';
import { Vector3 } from 'three';
import type { BalanceState } from '../hardware/mobile-base.ts';
import { loadScene } from '../scenes/load-scene.ts';
import { servicesForScene } from '../scenes/skill-services.ts';
import type { ResolvedScene } from '../scenes/schema.ts';
import { withBiped } from '../scenes/with-biped.ts';
import { runBipedStoreBench } from './biped-store.ts';
import { pickAndPlace } from '../skills/pick-and-place.ts';
import { createSimulation, type Simulation } from '../sim/index.ts';
import type { SimBipedBase } from '../sim/sim-biped-base.ts';
import { seededRandom } from '../src/math/random.ts';
import type { SkillProgress } from '../src/skill/events.ts';
import { toSkillFailure } from '../src/skill/failure.ts';
import { runSkill } from '../src/skill/run.ts';
import { NULL_SINK } from '../src/telemetry/bus.ts';
import { jitter } from './pick-and-place.ts';
import { median } from './stats.ts';

const SEEDS = Number(process.env.BENCH_BIPED_SEEDS ?? 30);
/** BENCH_BIPED_WALK=0 leaves out the walking figures (to run only the pick-and-place episodes). */
const WALK = process.env.BENCH_BIPED_WALK !== '0';
/** Aisle episodes (each walks about 3 m and plans two stand-offs: several times a tabletop episode's cost). */
const AISLE_SEEDS = Number(process.env.BENCH_BIPED_AISLE_SEEDS ?? 30);
/** Low-slot episodes (the 0.15 m board under the 0.6 m one, reached in the deep squat with the waist bent). */
const LOW_SEEDS = Number(process.env.BENCH_BIPED_LOW_SEEDS ?? 30);
/** BENCH_BIPED_FIRST_SEED=16 starts both trials' seeds there, so one run can be split over two processes. */
const FIRST_SEED = Number(process.env.BENCH_BIPED_FIRST_SEED ?? 1);
const AISLE_SCENE = new URL('../scenes/retail-aisle.yaml', import.meta.url).pathname;
const STEPS_SCENE = new URL('../scenes/biped-steps.yaml', import.meta.url).pathname;
const TABLE_SCENE = new URL('../scenes/biped-tabletop.yaml', import.meta.url).pathname;

async function bipedIn(
  path: string,
  seed = 1,
): Promise<{ simulation: Simulation; base: SimBipedBase; margins: number[] }> {
  const simulation = await createSimulation(await loadScene(path), { seed });
  const base = simulation.robots.get('biped')!.parts.base as SimBipedBase;
  simulation.sim.runFor(300);
  const margins: number[] = [];
  base.balance$.subscribe((b: BalanceState) => margins.push(b.marginM));
  return { simulation, base, margins };
}

function runToEnd(simulation: Simulation, execution$: Observable<unknown>): { failed?: string; seconds: number } {
  const start = simulation.sim.timeMs;
  let done = false;
  let failed: string | undefined;
  execution$.subscribe({ complete: () => (done = true), error: (e: unknown) => ((failed = String(e)), (done = true)) });
  simulation.sim.runUntil(() => done, 120_000);
  return { ...(failed === undefined ? {} : { failed }), seconds: (simulation.sim.timeMs - start) / 1000 };
}

async function walkingFigures(): Promise<void> {
  const cases = [
    { label: 'straight 3 m', goal: { x: 3, y: 0, yawRad: 0 }, scene: TABLE_SCENE },
    { label: '3 m with a 90° turn', goal: { x: 1.5, y: -1.2, yawRad: -Math.PI / 2 }, scene: STEPS_SCENE },
    { label: 'onto the 10 cm platform', goal: { x: 2.6, y: 0, yawRad: 0 }, scene: STEPS_SCENE },
  ];
  for (const c of cases) {
    // The tabletop scene's table is in the way of a straight walk: walk away from it instead.
    const goal = c.scene === TABLE_SCENE ? { x: -0.95 - 3, y: 0, yawRad: Math.PI } : c.goal;
    const { simulation, base, margins } = await bipedIn(c.scene);
    const from = base.pose();
    const wallStart = performance.now();
    const walk = runToEnd(simulation, base.goTo(goal).execution$);
    const wallS = (performance.now() - wallStart) / 1000;
    const distanceM = Math.hypot(goal.x - from.x, goal.y - from.y);
    console.log(
      `  ${c.label.padEnd(26)} ${walk.failed ?? 'arrived'}: ${distanceM.toFixed(2)} m in ${walk.seconds.toFixed(1)} s sim ` +
        `(${(distanceM / walk.seconds).toFixed(2)} m/s door to door, start and settle included); ` +
        `min ZMP margin ${(Math.min(...margins) * 1000).toFixed(1)} mm; ${(walk.seconds / wallS).toFixed(1)}× real time`,
    );
    simulation.free();
  }
  const limits = (await bipedIn(STEPS_SCENE)).base.limits;
  console.log(
    `  gait: steps up to ${limits.walking!.maxStepLengthM} m, one every ` +
      `${(limits.walking!.maxStepLengthM / limits.maxLinearMps || 0).toFixed(2)} s: ${limits.maxLinearMps.toFixed(2)} m/s cruising`,
  );
}

interface Trial {
  readonly label: string;
  readonly seeds: number;
  readonly scene: ResolvedScene;
  readonly robotId: string;
  /** The object and target of a seed's episode, drawn from its random source. */
  readonly draw: (random: ReturnType<typeof seededRandom>) => { object: string; target: string };
}

async function pickAndPlaceFigures(trial: Trial): Promise<void> {
  const results: {
    ok: boolean;
    reason?: string;
    cycleS: number;
    minMarginM: number;
    replans: number;
    placeErrorM?: number;
    squatTiltDeg: number;
  }[] = [];
  for (let seed = FIRST_SEED; seed < FIRST_SEED + trial.seeds; seed++) {
    const random = seededRandom(seed);
    const { object, target } = trial.draw(random);
    const scene = jitter(trial.scene, random, 0.01, object);
    const simulation = await createSimulation(scene, { seed });
    simulation.sim.runFor(300);
    const robot = simulation.robots.get(trial.robotId)!;
    const margins: number[] = [];
    (robot.parts.base as SimBipedBase).balance$.subscribe((b) => margins.push(b.marginM));
    const ctx = {
      robot,
      world: simulation.worldModel,
      scheduler: simulation.sim.scheduler,
      random,
      telemetry: NULL_SINK,
      services: servicesForScene(scene, simulation.worldModel, simulation.services),
    };
    const start = simulation.sim.timeMs;
    const outcome: { done: boolean; reason?: string } = { done: false };
    const events: SkillProgress[] = [];
    // The held object's tilt from how it stood, every tick of the lift move before the place (the squat).
    let squatTiltDeg = 0;
    const rest = simulation.worldModel.object(object)!.poseInWorld.quaternion.clone();
    simulation.sim.addPreStep(() => {
      if (!events[events.length - 1]?.path.endsWith('/carry/setLiftFor')) return;
      const now = simulation.worldModel.object(object)!.poseInWorld.quaternion;
      const up = new Vector3(0, 0, 1).applyQuaternion(rest);
      const tilt = (new Vector3(0, 0, 1).applyQuaternion(now).angleTo(up) * 180) / Math.PI;
      squatTiltDeg = Math.max(squatTiltDeg, tilt);
    });
    const sub = runSkill(pickAndPlace({ object, target }), ctx).subscribe({
      next: (e) => events.push(e),
      error: (e: unknown) => Object.assign(outcome, { done: true, reason: toSkillFailure(e).describe() }),
      complete: () => (outcome.done = true),
    });
    simulation.sim.runUntil(() => outcome.done, 150_000);
    sub.unsubscribe();
    const cycleS = (simulation.sim.timeMs - start) / 1000;
    const replans = events.filter((e) => e.message === 'retrying').length;
    const placeErrorM = [...events].reverse().find((e) => e.message === 'placed')?.data?.positionErrorM as
      number | undefined;
    results.push({
      ok: outcome.done && outcome.reason === undefined,
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      cycleS,
      minMarginM: Math.min(...margins),
      replans,
      ...(placeErrorM === undefined ? {} : { placeErrorM }),
      squatTiltDeg,
    });
    console.log(
      `    seed ${String(seed).padStart(2)}/${FIRST_SEED + trial.seeds - 1}: ${outcome.reason ?? 'ok'}; ${replans} re-plans; ` +
        `placed ${placeErrorM === undefined ? '-' : `${(placeErrorM * 1000).toFixed(1)} mm`} off; max tilt in the squat ` +
        `${squatTiltDeg.toFixed(1)}°; min ZMP margin ${(Math.min(...margins) * 1000).toFixed(1)} mm; ${cycleS.toFixed(1)} s sim`,
    );
    simulation.free();
  }
  const ok = results.filter((r) => r.ok);
  if (results.length === 0) return;
  console.log(
    `  ${trial.label} (biped, ${trial.seeds} seeds, ±1 cm / ±10° / friction ±20 %): ${ok.length}/${trial.seeds} ` +
      `= ${((100 * ok.length) / trial.seeds).toFixed(0)} %, median cycle ${median(ok.map((r) => r.cycleS)).toFixed(1)} s sim, ` +
      `min ZMP margin over all episodes ${(Math.min(...results.map((r) => r.minMarginM)) * 1000).toFixed(1)} mm ` +
      `(median of the episodes' minima ${(median(results.map((r) => r.minMarginM)) * 1000).toFixed(1)} mm, ` +
      `${results.filter((r) => r.minMarginM <= 0).length} episodes at or below 0)`,
  );
  const firstTry = results.filter((r) => r.ok && r.replans === 0).length;
  console.log(
    `    first plan placed it: ${firstTry}/${trial.seeds}; max tilt of the load in the squat over all episodes ` +
      `${Math.max(...results.map((r) => r.squatTiltDeg)).toFixed(1)}°`,
  );
  for (const r of results.filter((x) => !x.ok)) console.log(`    failed: ${r.reason}`);
}

export async function runBipedBench(): Promise<void> {
  console.log('biped: walking (sim, LIPM preview control, ZMP measured from the whole-body CoM and wrist loads)');
  if (WALK) await walkingFigures();
  await pickAndPlaceFigures({
    label: 'tabletop pick-and-place',
    seeds: SEEDS,
    scene: await loadScene(TABLE_SCENE),
    robotId: 'biped',
    draw: (random) => ({
      object: ['box-1', 'can-1', 'bottle-1'][random.int(3)]!,
      target: random.next() < 0.5 ? 'target/a' : 'target/b',
    }),
  });
  // The high slot of examples/restock-shelf.yaml.
  await pickAndPlaceFigures({
    label: 'aisle pick-and-place, tote to the 1.5 m board',
    seeds: AISLE_SEEDS,
    scene: withBiped(await loadScene(AISLE_SCENE)),
    robotId: 'picker',
    draw: () => ({ object: 'stock-tote/can-330ml-8', target: 'aisle-a/level-4/slot-6' }),
  });
  // Its low slot: the 0.15 m board under a board at 0.6 m.
  await pickAndPlaceFigures({
    label: 'aisle pick-and-place, tote to the 0.15 m board',
    seeds: LOW_SEEDS,
    scene: withBiped(await loadScene(AISLE_SCENE)),
    robotId: 'picker',
    draw: () => ({ object: 'stock-tote/can-330ml-3', target: 'aisle-a/level-1/slot-6' }),
  });
  await runBipedStoreBench();
}

if (import.meta.url === `file://${process.argv[1]}`) await runBipedBench();
