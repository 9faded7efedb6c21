import { loadScene } from '../../../scenes/load-scene.ts';
import type { ResolvedScene } from '../../../scenes/schema.ts';
import { servicesForScene } from '../../../scenes/skill-services.ts';
import { Blackboard } from '../../../src/skill/blackboard.ts';
import { createSimulation, type Simulation } from '../../../sim/index.ts';
import { seededRandom } from '../../../src/math/random.ts';
import type { SkillContext } from '../../../src/skill/context.ts';
import type { SkillProgress } from '../../../src/skill/events.ts';
import { toSkillFailure, type SkillFailure } from '../../../src/skill/failure.ts';
import { runSkill } from '../../../src/skill/run.ts';
import type { Skill } from '../../../src/skill/skill.ts';
import { NULL_SINK } from '../../../src/telemetry/bus.ts';
import type { Subscription } from 'rxjs';

/** A loaded scene in the sim with the skill registries set up and a context for one robot. */
export interface SimHarness {
  readonly simulation: Simulation;
  /** The context runs start from; its blackboard is shared by the runs of one harness (a robot session). */
  readonly ctx: Omit<SkillContext, 'node' | 'blackboard'> & { readonly blackboard: Blackboard };
}

export async function simHarness(sceneFile: string, robotId: string, seed: number): Promise<SimHarness> {
  const scene = await loadScene(new URL(`../../../scenes/${sceneFile}`, import.meta.url).pathname);
  return simHarnessFor(scene, robotId, seed);
}

/** `simHarness` for a scene already loaded (and perhaps changed, e.g. another robot in it). */
export async function simHarnessFor(scene: ResolvedScene, robotId: string, seed: number): Promise<SimHarness> {
  const simulation = await createSimulation(scene, { seed });
  const robot = simulation.robots.get(robotId)!;
  // Let objects settle on their supports before anything plans from their poses.
  simulation.sim.runFor(300);
  return {
    simulation,
    ctx: {
      robot,
      world: simulation.worldModel,
      scheduler: simulation.sim.scheduler,
      random: seededRandom(seed),
      telemetry: NULL_SINK,
      services: servicesForScene(scene, simulation.worldModel, simulation.services),
      blackboard: new Blackboard(),
    },
  };
}

export interface SimRun {
  readonly events: SkillProgress[];
  readonly outcome: { done: boolean; failure?: SkillFailure; endMs?: number };
  readonly subscription: Subscription;
}

/** Starts a skill and steps physics until it ends or `limitMs` of sim time passed. */
export function runInSim(
  h: SimHarness,
  skill: Skill,
  limitMs = 120_000,
  until?: (events: readonly SkillProgress[]) => boolean,
): SimRun {
  const events: SkillProgress[] = [];
  const outcome: SimRun['outcome'] = { done: false };
  const subscription = runSkill(skill, h.ctx).subscribe({
    next: (e) => events.push(e),
    error: (e: unknown) =>
      Object.assign(outcome, { done: true, failure: toSkillFailure(e), endMs: h.simulation.sim.timeMs }),
    complete: () => Object.assign(outcome, { done: true, endMs: h.simulation.sim.timeMs }),
  });
  h.simulation.sim.runUntil(() => outcome.done || (until?.(events) ?? false), limitMs);
  return { events, outcome, subscription };
}
