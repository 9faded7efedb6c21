// A demo store built to one moment, for the planner's and the place's tests: the store of a demo seed with a facing
// empty and the tote refilled for it, a planning scene over it, and one restock of the facing run in the sim.
import { fileURLToPath } from 'node:url';
import { StoreLife } from '../../apps/restock/store-life.ts';
import {
  openStore,
  storeSkillContext,
  type StoreOptions,
  type StoreSession,
} from '../../apps/restock/store-session.ts';
import type { PlanningScene } from '../../skills/arm/planning-scene.ts';
import { stowJoints } from '../../skills/arm/postures.ts';
import { rankGraspChoices, type GraspChoice } from '../../skills/grasping/plan-grasp.ts';
import { PICK_DISTANCES } from '../../skills/planning/pick-motion.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import { restockFacing } from '../../skills/restock.ts';
import { objectsIn, stockPlace } from '../../skills/restock/stock.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import type { SkillProgress } from '../../src/skill/events.ts';
import { toSkillFailure, type SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import type { TelemetrySink } from '../../src/skill/telemetry-events.ts';
import { NULL_SINK } from '../../src/telemetry/bus.ts';

const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));

/**
 * The store of demo seed `seed` (`initialFill` of the facings stocked, the demo's 0.85 by default) with `facing`
 * empty (the store's robot, or the one `robotFor` puts in its scene), its tote refilled as the store's life refills
 * it at the start, and settled for half a second.
 */
export async function storeWithEmptyFacing(
  seed: number,
  facing: string,
  initialFill = 0.85,
  robotFor?: StoreOptions['robotFor'],
): Promise<StoreSession> {
  const store = await openStore({
    planogramPath: PLANOGRAM,
    seed,
    initialFill,
    emptyFacings: [facing],
    ...(robotFor ? { robotFor } : {}),
  });
  refillTote(store);
  return store;
}

/** The tote refilled for the store's empty facings, as the store's life refills it, and settled for half a second. */
export function refillTote(store: StoreSession): void {
  const life = new StoreLife(store, { emit: () => undefined }, { shopperItemsPerHour: 0 });
  life.start();
  store.simulation.sim.runFor(500);
  life.stop();
}

/** The store's planning scene. */
export function planningScene(store: StoreSession): PlanningScene {
  return { robot: store.robot, world: store.world, services: store.services };
}

/** The first item of `sku` in the store's tote. */
/**
 * A gripper pick of `object` by the hold labelled `label`, as the drive to the tote leaves the robot: docked at
 * `basePose`, both arms folded (their stow), the lift at `liftM`. The planning scene, the ranked choice (undefined when
 * no hold has that label) and the overrides a pick plan takes.
 */
export function foldedGripperPick(
  store: StoreSession,
  object: KnownObject,
  label: string,
  basePose: Pose2D,
  liftM: number,
): {
  scene: PlanningScene;
  choice: GraspChoice | undefined;
  overrides: { basePose: Pose2D; joints: Record<string, number> };
} {
  const scene = planningScene(store);
  const choice = rankGraspChoices(scene, object, {
    effector: 'gripper',
    approachDistanceM: PICK_DISTANCES.approachDistanceM,
  }).ranked.find((c) => c.candidate.label === label);
  const joints: Record<string, number> = { [store.robot.parts.lift!.jointName]: liftM };
  for (const a of store.robot.parts.arms) {
    const stow = stowJoints(store.robot, a);
    a.jointNames.forEach((name, i) => (joints[name] = stow[i]!));
  }
  return { scene, choice, overrides: { basePose, joints } };
}

export function inTote(store: StoreSession, sku: string): KnownObject {
  const found = objectsIn(store.world, stockPlace(store.world, store.stockPlace)).find((o) =>
    o.id.includes(`/${sku}-`),
  );
  if (!found) throw new Error(`store-case: no '${sku}' in the tote`);
  return found;
}

/** What one restock of a facing (or another skill run once) did: its events, its failure if any, and how far each shelf item moved, m. */
export interface RestockRun {
  readonly events: readonly SkillProgress[];
  readonly failure?: SkillFailure;
  readonly done: boolean;
  readonly shelfMovesM: ReadonlyMap<string, number>;
}

/** Something done to the store once during a restock, the first time `when` holds of its events so far. */
export interface Midway {
  readonly when: (events: readonly SkillProgress[]) => boolean;
  readonly act: () => void;
}

/**
 * Restocks `facing` once in the sim (one try: a skip would hide the reason behind a second stock item); `midway`, if
 * given, acts on the store once as the restock gets there (a load made to slide in the hand, say); `telemetry` gets
 * the run's node events (a failed node's reason and message).
 */
export function restockOnce(
  store: StoreSession,
  facing: string,
  midway?: Midway,
  telemetry: TelemetrySink = NULL_SINK,
): RestockRun {
  return runOnce(store, restockFacing({ facing, stock: store.stockPlace, attempts: 1 }), midway, telemetry);
}

/** Runs `skill` in the store's sim to its end (at most 240 s of sim), with `midway` and `telemetry` as in `restockOnce`. */
export function runOnce(
  store: StoreSession,
  skill: Skill,
  midway?: Midway,
  telemetry: TelemetrySink = NULL_SINK,
): RestockRun {
  const before = new Map(
    store.world
      .objects()
      .filter((o) => o.id.startsWith('shelf/'))
      .map((o) => [o.id, o.poseInWorld.position.clone()]),
  );
  const events: SkillProgress[] = [];
  const outcome: { done: boolean; failure?: SkillFailure } = { done: false };
  runSkill(skill, storeSkillContext(store, telemetry)).subscribe({
    next: (e) => events.push(e),
    error: (e: unknown) => Object.assign(outcome, { done: true, failure: toSkillFailure(e) }),
    complete: () => (outcome.done = true),
  });
  if (midway) {
    store.simulation.sim.runUntil(() => outcome.done || midway.when(events), 240_000);
    if (!outcome.done) midway.act();
  }
  store.simulation.sim.runUntil(() => outcome.done, 240_000);
  const shelfMovesM = new Map(
    [...before].map(([id, at]) => [id, store.world.object(id)?.poseInWorld.position.distanceTo(at) ?? Infinity]),
  );
  return { events, ...(outcome.failure ? { failure: outcome.failure } : {}), done: outcome.done, shelfMovesM };
}
