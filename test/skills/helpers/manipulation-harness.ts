import { Vector3 } from 'three';
import { sensorRotationInWorld } from '../../../skills/force/wrench.ts';
import { interval, type Subscription } from 'rxjs';
import type { Robot } from '../../../hardware/robot.ts';
import { heldObject } from '../../../skills/arm/held-objects.ts';
import { latest, toolInWorld } from '../../../skills/arm/robot-frames.ts';
import { NavigationMap } from '../../../src/world/navigation/navigation-map.ts';
import { Blackboard } from '../../../src/skill/blackboard.ts';
import type { StaticBox } from '../../../src/math/footprint.ts';
import { composePoses, makePose, type Pose, type Pose2D } from '../../../src/math/pose.ts';
import { seededRandom } from '../../../src/math/random.ts';
import type { SkillContext } from '../../../src/skill/context.ts';
import type { SkillProgress } from '../../../src/skill/events.ts';
import { toSkillFailure, type SkillFailure } from '../../../src/skill/failure.ts';
import { runSkill } from '../../../src/skill/run.ts';
import type { Skill } from '../../../src/skill/skill.ts';
import { NULL_SINK } from '../../../src/telemetry/bus.ts';
import { SimScheduler } from '../../../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../../../src/world/in-memory-world-model.ts';
import type { KnownObject, NamedPlace } from '../../../src/world/world-model.ts';
import type { CommandLog } from '../../../hardware/scripted/command-log.ts';
import { KinematicBase, withKinematicBase } from '../../../hardware/scripted/kinematic-base.ts';
import { createScriptedRobot, type ScriptedRobot } from '../../../hardware/scripted/scripted-robot.ts';
import type { ScriptedForceTorqueSensor } from '../../../hardware/scripted/scripted-parts.ts';
import { shapeHalfExtents } from '../../../src/world/shape-bounds.ts';

/** A can standing on a 0.45 m surface in front of the double's right arm. */
export function can(id = 'can-1', x = 0.55, y = -0.25, surfaceZM = 0.4): KnownObject {
  return {
    id,
    type: 'can-330ml',
    shape: { kind: 'cylinder', radiusM: 0.033, heightM: 0.115 },
    poseInWorld: makePose([x, y, surfaceZM + 0.0575]),
    massKg: 0.35,
    friction: 0.4,
    tags: [],
  };
}

/** The place the double's place tests put a can: 'target/a', a 0.12 m square spot at (0.5, -0.4) on the surface. */
export function targetPlace(surfaceZM = 0.4): NamedPlace {
  return {
    name: 'target/a',
    poseInWorld: makePose([0.5, -0.4, surfaceZM]),
    sizeM: [0.12, 0.12, 0.3],
    tags: ['target'],
  };
}

/** A box with a top face the cup can seal on. */
export function box(id: string, sizeM: [number, number, number], x = 0.55, y = 0.25, surfaceZM = 0.4): KnownObject {
  return {
    id,
    shape: { kind: 'box', sizeM },
    poseInWorld: makePose([x, y, surfaceZM + sizeM[2] / 2]),
    massKg: 0.5,
    friction: 0.5,
    tags: [],
  };
}

export interface Harness {
  readonly scheduler: SimScheduler;
  readonly robot: Robot & { readonly log: CommandLog };
  readonly scripted: ScriptedRobot;
  readonly base: KinematicBase;
  readonly world: InMemoryWorldModel;
  readonly ctx: Omit<SkillContext, 'node' | 'blackboard'> & { readonly blackboard: Blackboard };
}

export interface HarnessOptions {
  readonly objects?: readonly KnownObject[];
  readonly places?: readonly NamedPlace[];
  readonly start?: Pose2D;
  readonly boxes?: readonly StaticBox[];
  /** Start the lift at this height (m). */
  readonly liftM?: number;
}

/** The scripted double with a moving base, a world model and a sim clock. */
export function harness(options: HarnessOptions = {}): Harness {
  const scheduler = new SimScheduler();
  const scripted = createScriptedRobot(scheduler);
  const base = new KinematicBase(scripted.log, scheduler, options.start ? { start: options.start } : {});
  const robot = withKinematicBase(scripted, base);
  const world = new InMemoryWorldModel(options.objects ?? [], options.places ?? []);
  const navigationMap = NavigationMap.fromBoxes(options.boxes ?? [], { boundsM: [-3, -3, 4, 4] });
  // The arms start folded forward and down, a posture the IK can leave from in any direction.
  for (const arm of scripted.parts.arms)
    arm.jointState$.next({ ...arm.currentState(), positions: [0, 0.6, 1.2, -0.3] });
  if (options.liftM !== undefined) scripted.parts.lift.height$.next({ stampMs: 0, heightM: options.liftM });
  return {
    scheduler,
    robot,
    scripted,
    base,
    world,
    ctx: {
      robot,
      world,
      scheduler,
      random: seededRandom(7),
      telemetry: NULL_SINK,
      services: { navigationMap },
      blackboard: new Blackboard(),
    },
  };
}

/**
 * Physics enough for grasp and place on the double, on a 10 ms tick of scheduler time: the cup or pads meet the
 * object when the tool reaches its surface; while it is held and the arm moved after the last tare, the wrist
 * reads its weight; a held object touching `surfaceZM` pushes back `contactN`; a release drops it straight
 * down onto `surfaceZM` under the hand.
 */
export function simulatePayload(
  h: Harness,
  options: { objectId: string; armName: string; weightN: number; surfaceZM: number; contactN?: number },
): Subscription {
  const arm = h.scripted.parts.arms.find((a) => a.name === options.armName)!;
  const sensor = arm.wristSensor as ScriptedForceTorqueSensor;
  const effector = arm.endEffector!;
  const contactN = options.contactN ?? 8;
  let held: Pose | undefined;
  return interval(10, h.scheduler).subscribe(() => {
    const object = h.world.object(options.objectId)!;
    const half = shapeHalfExtents(object.shape);
    const holding =
      effector.kind === 'parallel-gripper'
        ? latest(effector.objectDetected$) === true
        : latest(effector.sealed$) === true;
    const tool = toolInWorld(h.ctx, arm);
    const commands = h.scripted.log.commands;
    let lastTare = -1;
    commands.forEach((c, i) => {
      if (c.part === `ft/${sensor.name}` && c.command === 'tare') lastTare = i;
    });
    const movedSinceTare =
      lastTare >= 0 &&
      commands
        .slice(lastTare + 1)
        .some((c) => c.part === `arm/${options.armName}` && c.command === 'moveCartesian:start');
    if (!holding) {
      if (held) {
        h.world.updateObjectPose(options.objectId, {
          position: held.position.clone().setZ(options.surfaceZM + half[2]),
          quaternion: held.quaternion,
        });
        held = undefined;
      }
      // The tool pressing on the object's surface: the cup seats.
      const inObject = tool.position
        .clone()
        .sub(object.poseInWorld.position)
        .applyQuaternion(object.poseInWorld.quaternion.clone().invert());
      const touching =
        effector.kind === 'suction-cup' && inObject.toArray().every((v, i) => Math.abs(v) <= half[i]! + 0.002);
      sensor.push(inSensorFrame(h, sensor.frameId, touching ? contactN : 0));
      return;
    }
    const hold = heldObject(h.ctx.blackboard, options.objectId);
    if (hold) held = composePoses(tool, hold.objectInTool);
    const weight = movedSinceTare || hold ? options.weightN : 0;
    const onSurface = held !== undefined && held.position.z - half[2] <= options.surfaceZM + 0.002;
    sensor.push(inSensorFrame(h, sensor.frameId, -weight + (onSurface ? contactN : 0)));
  });
}

/** A vertical world force (up positive) as a reading in the sensor's frame, as a real wrist would report it. */
function inSensorFrame(h: Harness, frameId: string, upN: number): [number, number, number] {
  const f = new Vector3(0, 0, upN).applyQuaternion(sensorRotationInWorld(h.ctx, frameId).invert());
  return [f.x, f.y, f.z];
}

/** A run in progress: its events so far and how it ended. */
export interface Run {
  readonly events: SkillProgress[];
  readonly outcome: { done: boolean; failure?: SkillFailure; endMs?: number };
  readonly subscription: Subscription;
}

export function startRun(skill: Skill, h: Harness): Run {
  const events: SkillProgress[] = [];
  const outcome: Run['outcome'] = { done: false };
  const subscription = runSkill(skill, h.ctx).subscribe({
    next: (e) => events.push(e),
    error: (e: unknown) => Object.assign(outcome, { done: true, failure: toSkillFailure(e), endMs: h.scheduler.now() }),
    complete: () => Object.assign(outcome, { done: true, endMs: h.scheduler.now() }),
  });
  return { events, outcome, subscription };
}

/** Runs a skill to its end in scheduler time. */
export function runToEnd(skill: Skill, h: Harness, limitMs = 120_000): Run {
  const run = startRun(skill, h);
  h.scheduler.runUntil(() => run.outcome.done, limitMs);
  return run;
}

/** Commands of the log as `part command` strings, for order assertions. */
export function commandTrail(log: CommandLog, parts: readonly string[]): string[] {
  return log.commands.filter((c) => parts.some((p) => c.part.startsWith(p))).map((c) => `${c.part} ${c.command}`);
}
