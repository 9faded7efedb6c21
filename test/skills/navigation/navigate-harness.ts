import type { Subscription } from 'rxjs';
import type { BaseKind, BaseLimits, Twist2D } from '../../../hardware/mobile-base.ts';
import type { Robot } from '../../../hardware/robot.ts';
import type { StaticBox } from '../../../src/math/footprint.ts';
import { NavigationMap } from '../../../src/world/navigation/navigation-map.ts';
import type { WorldServices } from '../../../src/world/services.ts';
import type { Pose2D } from '../../../src/math/pose.ts';
import { seededRandom } from '../../../src/math/random.ts';
import type { ContextBase } from '../../../src/skill/context.ts';
import type { SkillProgress } from '../../../src/skill/events.ts';
import { toSkillFailure, type SkillFailure } from '../../../src/skill/failure.ts';
import { runSkill } from '../../../src/skill/run.ts';
import type { Skill } from '../../../src/skill/skill.ts';
import { NULL_SINK } from '../../../src/telemetry/bus.ts';
import { SimScheduler } from '../../../src/time/sim-scheduler.ts';
import type { NamedPlace } from '../../../src/world/world-model.ts';
import { InMemoryWorldModel } from '../../../src/world/in-memory-world-model.ts';
import type { CommandLog } from '../../../hardware/scripted/command-log.ts';
import { KinematicBase, withKinematicBase } from '../../../hardware/scripted/kinematic-base.ts';
import { createScriptedRobot } from '../../../hardware/scripted/scripted-robot.ts';

export interface NavHarnessOptions {
  readonly kind?: BaseKind;
  readonly start?: Pose2D;
  readonly boxes?: readonly StaticBox[];
  readonly boundsM?: readonly [number, number, number, number];
  readonly limits?: Partial<BaseLimits>;
  readonly places?: readonly NamedPlace[];
  readonly canWalk?: boolean;
  /** Provide no navigation map. */
  readonly noMap?: boolean;
  /** The navigation map to provide, instead of one built from `boxes`. */
  readonly map?: NavigationMap;
}

/** A world, a robot with a kinematic base and a sim clock, ready to run navigate in. */
export interface NavHarness {
  readonly scheduler: SimScheduler;
  readonly base: KinematicBase;
  readonly robot: Robot & { readonly log: CommandLog };
  readonly world: InMemoryWorldModel;
  readonly ctx: ContextBase;
}

export function navHarness(options: NavHarnessOptions = {}): NavHarness {
  const scheduler = new SimScheduler();
  const scripted = createScriptedRobot(scheduler);
  const base = new KinematicBase(scripted.log, scheduler, {
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.start ? { start: options.start } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.canWalk === undefined ? {} : { canWalk: options.canWalk }),
  });
  const robot = withKinematicBase(scripted, base);
  const world = new InMemoryWorldModel([], options.places ?? []);
  const services: WorldServices = options.noMap
    ? {}
    : {
        navigationMap:
          options.map ?? NavigationMap.fromBoxes(options.boxes ?? [], { boundsM: options.boundsM ?? [-1, -1, 6, 5] }),
      };
  return {
    scheduler,
    base,
    robot,
    world,
    ctx: { robot, world, scheduler, random: seededRandom(11), telemetry: NULL_SINK, services },
  };
}

/** A run in progress: its events so far and how it ended, if it has. */
export interface NavRun {
  readonly events: SkillProgress[];
  readonly outcome: { done: boolean; failure?: SkillFailure; endMs?: number };
  readonly subscription: Subscription;
}

export function startRun(skill: Skill, h: NavHarness): NavRun {
  const events: SkillProgress[] = [];
  const outcome: NavRun['outcome'] = { done: false };
  const subscription = runSkill(skill, h.ctx).subscribe({
    next: (e) => events.push(e),
    error: (e: unknown) => {
      outcome.done = true;
      outcome.failure = toSkillFailure(e);
      outcome.endMs = h.scheduler.now();
    },
    complete: () => {
      outcome.done = true;
      outcome.endMs = h.scheduler.now();
    },
  });
  return { events, outcome, subscription };
}

/** Runs a skill to its end in sim time (or until `limitMs`). */
export function runToEnd(skill: Skill, h: NavHarness, limitMs = 120_000): NavRun {
  const run = startRun(skill, h);
  h.scheduler.runUntil(() => run.outcome.done, limitMs);
  return run;
}

/** The base's setVelocity commands, in order. */
export function velocityCommands(log: CommandLog): Twist2D[] {
  return log.of('base', 'setVelocity').map((c) => c.args as Twist2D);
}

export const isZeroTwist = (t: Twist2D | undefined): boolean =>
  t !== undefined && t.vxMps === 0 && t.vyMps === 0 && t.wzRadps === 0;
