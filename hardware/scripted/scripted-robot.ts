import { readFileSync } from 'node:fs';
import { BehaviorSubject, combineLatest, map, type Observable, type SchedulerLike } from 'rxjs';
import type { LifecycleState } from '../common.ts';
import type { Robot, RobotParts, RobotState } from '../robot.ts';
import { KinematicChain } from '../../src/kinematics/chain.ts';
import type { KinematicModel } from '../../src/kinematics/model.ts';
import { parseUrdf } from '../../src/kinematics/urdf-parser.ts';
import { CommandLog } from './command-log.ts';
import {
  ScriptedArm,
  ScriptedBase,
  ScriptedForceTorqueSensor,
  ScriptedGripper,
  ScriptedLift,
  ScriptedSuctionCup,
} from './scripted-parts.ts';

const DOUBLE_URDF = new URL('./scripted-robot.urdf', import.meta.url);

/**
 * The scripted test double of a robot: implements every hardware interface, does no physics, records every
 * command (with scheduler time) in `log`, and takes scripted outcomes (`log.script(...)`) so tests can make a
 * part fault or hang. Motions take the time their limits imply, in scheduler time.
 */
export interface ScriptedRobot extends Robot {
  readonly log: CommandLog;
  readonly parts: RobotParts & {
    readonly base: ScriptedBase;
    readonly lift: ScriptedLift;
    readonly arms: readonly ScriptedArm[];
    readonly grippers: readonly ScriptedGripper[];
    readonly suctionCups: readonly ScriptedSuctionCup[];
    readonly ftSensors: readonly ScriptedForceTorqueSensor[];
  };
}

export interface ScriptedRobotOptions {
  /** The robot's URDF model; defaults to the small two-arm mobile manipulator beside this file. */
  readonly model?: KinematicModel;
}

/** Builds the double from its URDF: parts follow the model's `<embody>` extras and joint limits. */
export function createScriptedRobot(scheduler: SchedulerLike, options: ScriptedRobotOptions = {}): ScriptedRobot {
  const model = options.model ?? parseUrdf(readFileSync(DOUBLE_URDF, 'utf8'), 'hardware/scripted/scripted-robot.urdf');
  const log = new CommandLog(scheduler);
  const { extras } = model;

  const arms = extras.arms.map((spec) => {
    const chain = KinematicChain.fromModel(model, spec.baseLink, spec.tipLink);
    const arm = new ScriptedArm(spec.name, chain.jointNames, chain.limits, spec, log, scheduler);
    arm.chain = chain;
    return arm;
  });
  const liftJoint = extras.lift ? model.joints.get(extras.lift.joint) : undefined;
  const lift = new ScriptedLift(
    liftJoint?.name ?? 'torso_lift_joint',
    [liftJoint?.limits?.lower ?? 0, liftJoint?.limits?.upper ?? 0],
    liftJoint?.limits?.velocity ?? 0.1,
    log,
    scheduler,
  );
  const base = new ScriptedBase(
    { maxLinearMps: 0.5, maxAngularRadps: 1.0, maxLinearAccelMps2: 0.5, footprintRadiusM: 0.4 },
    log,
    scheduler,
  );
  const grippers = extras.grippers.map(
    (g) => new ScriptedGripper(g.name, [0, g.maxWidthM], g.maxForceN, log, scheduler),
  );
  const suctionCups = extras.suctionCups.map((s) => {
    const areaM2 = Math.PI * (s.diameterM / 2) ** 2;
    return new ScriptedSuctionCup(s.name, s.diameterM, s.vacuumKPa * 1000 * areaM2, log);
  });
  const ftSensors = extras.ftSensors.map((s) => new ScriptedForceTorqueSensor(s.name, s.link, log, scheduler));
  // Wire each arm to what its <embody> entries mount on it.
  for (const arm of arms) {
    const effector =
      grippers.find((g, i) => extras.grippers[i]!.arm === arm.name) ??
      suctionCups.find((s, i) => extras.suctionCups[i]!.arm === arm.name);
    const sensor = ftSensors.find((s, i) => extras.ftSensors[i]!.arm === arm.name);
    Object.assign(arm, { endEffector: effector, wristSensor: sensor });
  }

  const lifecycle$ = new BehaviorSubject<LifecycleState>('disconnected');
  const state$: Observable<RobotState> = combineLatest([
    base.pose$,
    lift.height$,
    ...arms.map((a) => a.jointState$),
  ]).pipe(
    map(([pose, height, ...armStates]) => {
      const joints: Record<string, number> = { [lift.jointName]: height.heightM };
      armStates.forEach((s, i) => arms[i]!.jointNames.forEach((name, j) => (joints[name] = s.positions[j] ?? 0)));
      return { stampMs: scheduler.now(), joints, basePose: pose };
    }),
  );

  return {
    id: model.name,
    model,
    log,
    parts: { base, lift, arms, grippers, suctionCups, ftSensors, cameras: [] },
    lifecycle$: lifecycle$.asObservable(),
    state$,
    connect: async () => {
      log.record('robot', 'connect');
      lifecycle$.next('connected');
    },
    disconnect: async () => {
      log.record('robot', 'disconnect');
      lifecycle$.next('disconnected');
    },
    stop: () => {
      log.record('robot', 'stop');
      base.stop();
      lift.stop();
      arms.forEach((a) => a.stop());
      grippers.forEach((g) => g.stop());
    },
  };
}
