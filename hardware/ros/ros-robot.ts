import {
  BehaviorSubject,
  combineLatest,
  firstValueFrom,
  map,
  mergeMap,
  Subject,
  type Observable,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { Matrix4, Quaternion, Vector3 } from 'three';
import type { Arm } from '../arm.ts';
import type { LifecycleState } from '../common.ts';
import type { Robot, RobotParts, RobotState } from '../robot.ts';
import { KinematicChain } from '../../src/kinematics/chain.ts';
import { linkTransforms } from '../../src/kinematics/forward.ts';
import type { KinematicModel } from '../../src/kinematics/model.ts';
import { matrixToPose, poseToMatrix, type Pose } from '../../src/math/pose.ts';
import type { RosPartContext } from './goal-motion.ts';
import { JointStateCache } from './joint-state-cache.ts';
import { LinkHealth } from './link-health.ts';
import { JointStateMsg, TfMessageMsg } from './messages.ts';
import { RosArm } from './ros-arm.ts';
import { RosMobileBase } from './ros-base.ts';
import { RosBridge } from './ros-bridge.ts';
import { RosDepthCamera } from './ros-camera.ts';
import type { RosRobotConfig } from './ros-config.ts';
import { RosParallelGripper } from './ros-gripper.ts';
import { RosLift } from './ros-lift.ts';
import { RosSuctionCup } from './ros-suction.ts';
import { RosForceTorqueSensor } from './ros-wrench.ts';

export interface RosRobotOptions {
  /** The run's clock; on hardware a real-time scheduler (rxjs `asyncScheduler`). */
  readonly scheduler: SchedulerLike;
  /** ROS time for message headers, ms since the epoch; the system clock by default, as ROS's own time is. */
  readonly rosTimeMs?: () => number;
  /** Where a robot without a mobile base stands in the world (a scene's mount); the origin otherwise. */
  readonly rootInWorld?: Pose;
}

/** An object pose a tracking system reported, in the world frame. */
export interface ObservedObjectPose {
  readonly id: string;
  readonly poseInWorld: Pose;
}

/** Frames a camera capture waits for before it fails, ms. */
const CAPTURE_TIMEOUT_MS = 2000;

/**
 * A robot over rosbridge: the parts its URDF's `<embody>` tag declares and its config names, each implementing
 * the same contract as the sim's. The link is watched: while the socket is down or `/joint_states` is silent for
 * longer than the watchdog, the robot is `faulted`, running motions fail with `communication-lost` (their goals
 * cancelled where the socket still carries it), the robot is stopped, and new commands fail at once.
 */
export class RosRobot implements Robot {
  readonly id: string;
  readonly parts: RobotParts;
  readonly lifecycle$: Observable<LifecycleState>;
  readonly state$: Observable<RobotState>;
  readonly bridge: RosBridge;
  readonly health: LinkHealth;
  /** What a person should know: fallbacks, refusals, watchdog trips. */
  readonly warnings$: Observable<string>;
  /** Object poses from the config's tracking topic (`objectPoses`), for the world model. */
  readonly objectPoses$: Observable<ObservedObjectPose>;
  private readonly joints = new JointStateCache();
  private readonly wanted = new BehaviorSubject(false);
  private readonly warnings = new Subject<string>();
  private readonly subscriptions: Subscription[] = [];

  constructor(
    readonly model: KinematicModel,
    readonly config: RosRobotConfig,
    private readonly options: RosRobotOptions,
  ) {
    this.id = config.robot.id;
    const { scheduler } = options;
    this.bridge = new RosBridge({ ...config, scheduler });
    this.health = new LinkHealth(this.bridge.connection$, scheduler, config.watchdogMs, config.jointStates);
    this.warnings$ = this.warnings.asObservable();
    this.subscriptions.push(this.bridge.warnings$.subscribe((w) => this.warnings.next(w)));
    const ctx: RosPartContext = {
      bridge: this.bridge,
      health: this.health,
      scheduler,
      rosTimeMs: options.rosTimeMs ?? (() => Date.now()),
    };
    this.parts = this.buildParts(ctx);
    this.lifecycle$ = combineLatest([this.wanted, this.health.health$]).pipe(
      map(([wanted, health]): LifecycleState => (!wanted ? 'disconnected' : health === 'ok' ? 'connected' : 'faulted')),
    );
    this.state$ = this.joints.updated$.pipe(
      map((stampMs): RobotState => {
        const base = this.parts.base as RosMobileBase | undefined;
        const pose = base === undefined ? undefined : latestOf(base.pose$);
        return { stampMs, joints: this.joints.positions(), ...(pose === undefined ? {} : { basePose: pose }) };
      }),
    );
    const tracking = config.objectPoses;
    this.objectPoses$ =
      tracking === undefined
        ? new Subject<ObservedObjectPose>()
        : this.bridge.topic$(tracking.topic, 'tf2_msgs/TFMessage').pipe(
            map((message) => {
              const parsed = TfMessageMsg.safeParse(message);
              if (!parsed.success) return [];
              const parent = tracking.parentFrame.replace(/^\//, '');
              return parsed.data.transforms
                .filter((t) => t.header.frame_id.replace(/^\//, '') === parent)
                .map((t) => ({
                  id: t.child_frame_id.replace(/^\//, ''),
                  poseInWorld: {
                    position: new Vector3(
                      t.transform.translation.x,
                      t.transform.translation.y,
                      t.transform.translation.z,
                    ),
                    quaternion: new Quaternion(
                      t.transform.rotation.x,
                      t.transform.rotation.y,
                      t.transform.rotation.z,
                      t.transform.rotation.w,
                    ),
                  },
                }));
            }),
            mergeMap((poses) => poses),
          );
    // The watchdog's action: whatever ran has failed through its part; stop everything that still listens.
    this.subscriptions.push(
      this.health.health$.subscribe((h) => {
        if (h === 'ok' || !this.wanted.value) return;
        this.warnings.next(`${this.id}: ${this.health.faultFor('robot')?.message ?? h}; stopping every part`);
        // After the running motions have failed with the link's fault (they listen to the same change), so the
        // stop's cancels do not fail them first as merely "stopped".
        queueMicrotask(() => this.stop());
      }),
    );
  }

  /**
   * Connects and waits for the robot's first `/joint_states` (a robot whose state is unknown cannot be commanded),
   * failing with a clear message after the configured timeout.
   */
  async connect(): Promise<void> {
    const firstState = firstValueFrom(this.joints.updated$);
    this.subscriptions.push(
      this.bridge.topic$(this.config.jointStates, 'sensor_msgs/JointState').subscribe((message) => {
        const parsed = JointStateMsg.safeParse(message);
        if (!parsed.success) {
          this.warnings.next(`${this.config.jointStates}: malformed JointState dropped`);
          return;
        }
        this.joints.apply(parsed.data, this.options.scheduler.now());
        this.health.heard();
      }),
    );
    await this.bridge.connect();
    const timeoutMs = this.config.connectTimeoutMs;
    const heard = await Promise.race([
      firstState.then(() => true),
      new Promise<false>((resolve) => this.options.scheduler.schedule(() => resolve(false), timeoutMs)),
    ]);
    if (!heard) {
      this.bridge.close();
      throw new Error(
        `connected to ${this.config.url} but no ${this.config.jointStates} arrived within ${timeoutMs} ms ` +
          '(is the driver running, and is the topic name right?)',
      );
    }
    this.wanted.next(true);
  }

  /** Stops every part, lets the stop leave the socket, and closes the link. */
  async disconnect(): Promise<void> {
    await this.halt();
    this.wanted.next(false);
    this.bridge.close();
    this.health.dispose();
    for (const s of this.subscriptions) s.unsubscribe();
  }

  /** Halts every part at once: goals cancelled, a zero twist to the base. Vacuum stays as it is. */
  stop(): void {
    this.parts.base?.stop();
    this.parts.lift?.stop();
    for (const arm of this.parts.arms) arm.stop();
    for (const gripper of this.parts.grippers) gripper.stop();
  }

  /** `stop()`, then waits until the cancels have left the socket (before a process exits on Ctrl-C). */
  async halt(): Promise<void> {
    this.stop();
    await this.bridge.flush();
  }

  /** T_world_link from the latest joint states and the base odometry (or the mount). */
  linkInWorld(link: string): Matrix4 {
    const base = this.parts.base as RosMobileBase | undefined;
    const pose = base === undefined ? undefined : latestOf(base.pose$);
    const root =
      pose !== undefined
        ? new Matrix4().makeRotationZ(pose.yawRad).setPosition(pose.x, pose.y, 0)
        : this.options.rootInWorld === undefined
          ? new Matrix4()
          : poseToMatrix(this.options.rootInWorld);
    const transform = linkTransforms(this.model, this.joints.positions(), root).get(link);
    if (transform === undefined) throw new Error(`robot '${this.id}' has no link '${link}'`);
    return transform;
  }

  private buildParts(ctx: RosPartContext): RobotParts {
    const { model, config } = this;
    const ex = model.extras;
    const warn = (message: string): void => this.warnings.next(message);
    const ftSensors = ex.ftSensors
      .filter((s) => config.ftSensors[s.name] !== undefined)
      .map((s) => ({
        arm: s.arm,
        sensor: new RosForceTorqueSensor(ctx.bridge, ctx.scheduler, s.name, s.link, config.ftSensors[s.name]!.topic),
      }));
    const grippers = ex.grippers
      .filter((g) => config.grippers[g.name] !== undefined)
      .map((g) => {
        const c = config.grippers[g.name]!;
        const gripper = new RosParallelGripper(ctx, this.joints, {
          name: g.name,
          part: `gripper/${g.arm}`,
          action: c.action,
          position: c.position,
          joints: c.joints ?? g.fingerJoints,
          maxWidthM: g.maxWidthM,
          maxForceN: g.maxForceN,
        });
        return { arm: g.arm, gripper };
      });
    const suctionCups = ex.suctionCups
      .filter((s) => config.suctionCups[s.name] !== undefined)
      .map((s) => {
        const areaM2 = Math.PI * (s.diameterM / 2) ** 2;
        const cup = new RosSuctionCup(
          ctx,
          {
            name: s.name,
            part: `suction/${s.arm}`,
            diameterM: s.diameterM,
            ratedHoldForceN: s.vacuumKPa * 1000 * areaM2,
            io: config.suctionCups[s.name]!,
          },
          warn,
        );
        return { arm: s.arm, cup };
      });
    const arms: Arm[] = ex.arms
      .filter((a) => config.arms[a.name] !== undefined)
      .map((a) => {
        const endEffector =
          grippers.find((g) => g.arm === a.name)?.gripper ?? suctionCups.find((s) => s.arm === a.name)?.cup;
        const wristSensor = ftSensors.find((s) => s.arm === a.name)?.sensor;
        return new RosArm(ctx, this.joints, {
          name: a.name,
          chain: KinematicChain.fromModel(model, a.baseLink, a.tipLink),
          trajectoryAction: config.arms[a.name]!.trajectoryAction,
          maxVelocityScale: config.maxVelocityScale,
          ...(endEffector === undefined ? {} : { endEffector }),
          ...(wristSensor === undefined ? {} : { wristSensor }),
        });
      });
    const liftJoint = ex.lift === undefined ? undefined : model.joints.get(ex.lift.joint);
    const lift =
      config.lift === undefined || liftJoint?.limits === undefined
        ? undefined
        : new RosLift(ctx, this.joints, liftJoint.name, liftJoint.limits, config.lift.trajectoryAction);
    const base =
      config.base === undefined || ex.base === undefined || ex.base.kind === 'bipedal'
        ? undefined
        : new RosMobileBase(ctx, ex.base.kind, config.base);
    const cameras = ex.cameras
      .filter((c) => config.cameras[c.name] !== undefined)
      .map((c) => {
        const source = config.cameras[c.name]!;
        return new RosDepthCamera(ctx.bridge, ctx.scheduler, {
          name: c.name,
          widthPx: c.widthPx,
          heightPx: c.heightPx,
          fovYRad: c.fovYRad,
          source:
            source.depthImage !== undefined ? { depthImage: source.depthImage } : { pointCloud: source.pointCloud! },
          poseInWorld: () => matrixToPose(this.linkInWorld(c.link)),
          frameId: c.link,
          captureTimeoutMs: CAPTURE_TIMEOUT_MS,
        });
      });
    return {
      ...(base === undefined ? {} : { base }),
      ...(lift === undefined ? {} : { lift }),
      arms,
      grippers: grippers.map((g) => g.gripper),
      suctionCups: suctionCups.map((s) => s.cup),
      ftSensors: ftSensors.map((s) => s.sensor),
      cameras,
    };
  }
}

function latestOf<T>(source$: Observable<T>): T | undefined {
  let value: T | undefined;
  source$.subscribe((v) => (value = v)).unsubscribe();
  return value;
}
