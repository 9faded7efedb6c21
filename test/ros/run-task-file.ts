import { join } from 'node:path';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import type { Vector3 } from 'three';
import { openRosSession } from '../../apps/cli/ros-backend.ts';
import { openSimSession } from '../../apps/cli/sim-backend.ts';
import { SKILLS } from '../../skills/index.ts';
import { seededRandom } from '../../src/math/random.ts';
import { toSkillFailure, type SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import { createDefaultRegistries } from '../../src/task/default-registries.ts';
import { loadTask } from '../../src/task/index.ts';
import { runTask } from '../../src/task/run-task.ts';
import { NULL_SINK } from '../../src/telemetry/bus.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { ROOT } from './serve-process.ts';

export const PICK_AND_PLACE = join(ROOT, 'tasks/tabletop-pick-and-place.yaml');
export const TABLETOP = join(ROOT, 'scenes/tabletop.yaml');

/** How a task run ended and where the scene's objects were at the end. */
export interface TaskEnd {
  readonly failure?: SkillFailure;
  readonly objects: ReadonlyMap<string, Vector3>;
  /** The run's clock at its end, ms: over ROS the wall clock counted from the session's start. */
  readonly clockAtEndMs?: number;
}

/** The task file on the Rapier sim directly, at full speed (the reference run). */
export async function runOnSim(taskPath: string, seed = 1): Promise<TaskEnd> {
  const task = await loadTask(taskPath, createDefaultRegistries(SKILLS));
  const scheduler = new SimScheduler();
  const session = await openSimSession(TABLETOP, { scheduler, seed });
  try {
    await session.robot.connect();
    const outcome = await runTask(task.root, {
      robot: session.robot,
      world: session.world,
      services: session.services,
      random: seededRandom(seed),
      telemetry: NULL_SINK,
      scheduler,
      speed: 'max',
      limitMs: 120_000,
      worldStep: session.worldStep,
    });
    return {
      ...(outcome.status === 'failed' ? { failure: outcome.failure } : {}),
      objects: new Map(session.world.objects().map((o) => [o.id, o.poseInWorld.position.clone()])),
    };
  } finally {
    session.close();
  }
}

/**
 * The same task file through the ROS backend against a rosbridge server, on the wall clock. The end positions
 * are the next object poses the server reports after the run (its physics is the truth, the world model only a
 * belief).
 */
export async function runOverRos(taskPath: string, robotConfigPath: string, seed = 1): Promise<TaskEnd> {
  const task = await loadTask(taskPath, createDefaultRegistries(SKILLS));
  const warnings: string[] = [];
  const session = await openRosSession({ robotConfigPath, scenePath: TABLETOP, warn: (w) => warnings.push(w) });
  try {
    await session.robot.connect();
    const failure = await new Promise<SkillFailure | undefined>((resolve) =>
      runSkill(task.root, {
        robot: session.robot,
        world: session.world,
        services: session.services,
        scheduler: session.scheduler,
        random: seededRandom(seed),
        telemetry: NULL_SINK,
      }).subscribe({ error: (e: unknown) => resolve(toSkillFailure(e)), complete: () => resolve(undefined) }),
    );
    const clockAtEndMs = session.scheduler.now();
    const ids = session.world.objects().map((o) => o.id);
    const reported = await firstValueFrom(
      session.robot.objectPoses$.pipe(
        filter((p) => ids.includes(p.id)),
        take(ids.length),
        toArray(),
      ),
    );
    return {
      ...(failure === undefined ? {} : { failure }),
      objects: new Map(reported.map((p) => [p.id, p.poseInWorld.position.clone()])),
      clockAtEndMs,
    };
  } finally {
    await session.close();
  }
}
