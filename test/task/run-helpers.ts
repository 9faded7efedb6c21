import { seededRandom } from '../../src/math/random.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { runTask, type TaskRunOutcome } from '../../src/task/run-task.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { makePose } from '../../src/math/pose.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { createScriptedRobot, type ScriptedRobot } from '../../hardware/scripted/scripted-robot.ts';

/** A can the world model knows, tagged as given. */
export function can(id: string, ...tags: string[]): KnownObject {
  return {
    id,
    shape: { kind: 'cylinder', radiusM: 0.033, heightM: 0.12 },
    poseInWorld: makePose(),
    massKg: 0.35,
    friction: 0.5,
    tags,
  };
}

/** Runs a graph on the scripted double under a sim clock at max speed, recording its telemetry. */
export async function runOnDouble(
  root: Skill,
  objects: readonly KnownObject[] = [],
  script: (robot: ScriptedRobot) => void = () => undefined,
): Promise<{ outcome: TaskRunOutcome; events: TelemetryEvent[]; robot: ScriptedRobot }> {
  const scheduler = new SimScheduler();
  const robot = createScriptedRobot(scheduler);
  script(robot);
  const bus = new TelemetryBus(() => 0);
  const events: TelemetryEvent[] = [];
  bus.events$.subscribe((e) => events.push(e));
  const outcome = await runTask(root, {
    robot,
    world: new InMemoryWorldModel(objects),
    random: seededRandom(1),
    telemetry: bus,
    scheduler,
    speed: 'max',
    limitMs: 60_000,
  });
  return { outcome, events, robot };
}

/** `path message` of every progress event, the order a person reads them in. */
export function progressLines(events: readonly TelemetryEvent[]): string[] {
  return events.filter((e) => e.kind === 'progress').map((e) => `${e.path} ${e.message ?? ''}`);
}
