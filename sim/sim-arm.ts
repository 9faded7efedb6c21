import { BehaviorSubject, throwError, type Observable } from 'rxjs';
import type { AppliedJointTrajectory, Arm, CartesianTarget, JointState, JointTarget } from '../hardware/arm.ts';
import { HardwareFault, type Motion } from '../hardware/common.ts';
import type { EndEffector } from '../hardware/end-effector.ts';
import type { ForceTorqueSensor } from '../hardware/force-torque-sensor.ts';
import { KinematicChain } from '../src/kinematics/chain.ts';
import { solveIk } from '../src/kinematics/ik.ts';
import type { JointLimits } from '../src/kinematics/model.ts';
import { matrixToPose, poseToMatrix, type Pose } from '../src/math/pose.ts';
import { seededRandom } from '../src/math/random.ts';
import { JointTrajectory, type JointBounds } from './joint-trajectory.ts';
import type { SimRobotBody } from './robot-body.ts';
import { MotionSlot } from './sim-motion.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';

export interface SimArmSpec {
  readonly name: string;
  readonly baseLink: string;
  readonly tipLink: string;
  /** Links moved by this arm's joints, watched for contact with fixtures. */
  readonly watchedLinks: ReadonlySet<string>;
  readonly endEffector?: EndEffector;
  readonly wristSensor?: ForceTorqueSensor;
  /** Joint acceleration limit, rad/s² (URDF has none); default 4× each joint's velocity limit per second. */
  readonly accelerationScale?: number;
}

/** Straight-line Cartesian moves are solved at this many waypoints. */
const LINEAR_WAYPOINTS = 16;

interface ArmState {
  trajectory: { waypoints: number[][]; startMs: number } | undefined;
  previous: number[];
}

/**
 * A position-controlled arm modelled kinematically: its links follow a time-parameterised joint trajectory
 * (trapezoidal, all joints synchronised, within velocity and acceleration limits) through `setNextKinematic*`.
 * A link touching a fixture is a protective stop: the arm halts where it is and the running motion fails with
 * a `collision` fault.
 */
export class SimArm implements Arm, SimStateful {
  readonly name: string;
  readonly stateKey: string;
  readonly jointNames: readonly string[];
  readonly limits: readonly JointLimits[];
  readonly baseLink: string;
  readonly tipLink: string;
  readonly jointState$: Observable<JointState>;
  readonly endEffector?: EndEffector;
  readonly wristSensor?: ForceTorqueSensor;
  readonly chain: KinematicChain;
  private readonly part: string;
  private readonly bounds: JointBounds[];
  private readonly slot: MotionSlot;
  private readonly stateSubject: BehaviorSubject<JointState>;
  private state: ArmState;
  private trajectory: JointTrajectory | undefined;

  constructor(
    private readonly sim: SimWorld,
    private readonly body: SimRobotBody,
    spec: SimArmSpec,
  ) {
    this.name = spec.name;
    this.part = `arm/${spec.name}`;
    this.stateKey = `arm/${body.id}/${spec.name}`;
    this.baseLink = spec.baseLink;
    this.tipLink = spec.tipLink;
    this.chain = KinematicChain.fromModel(body.model, spec.baseLink, spec.tipLink);
    this.jointNames = this.chain.jointNames;
    this.limits = this.chain.limits;
    const accel = spec.accelerationScale ?? 4;
    this.bounds = this.limits.map((l) => ({
      maxVelocity: l.velocity > 0 ? l.velocity : 1,
      maxAcceleration: accel * (l.velocity > 0 ? l.velocity : 1),
    }));
    if (spec.endEffector !== undefined) this.endEffector = spec.endEffector;
    if (spec.wristSensor !== undefined) this.wristSensor = spec.wristSensor;
    this.slot = new MotionSlot(sim, this.part);
    this.state = { trajectory: undefined, previous: this.positions() };
    this.stateSubject = new BehaviorSubject(this.jointStateNow(this.jointNames.map(() => 0)));
    this.jointState$ = this.stateSubject.asObservable();
    sim.addPreStep((dtS) => this.advance(dtS));
    sim.addPostStep((dtS) => this.publish(dtS));
    sim.onCollision((a, b, started) => {
      if (started) this.checkContact(a, b, spec.watchedLinks);
    });
    sim.addStateful(this);
  }

  currentState(): JointState {
    return this.stateSubject.value;
  }

  /** Tool (tip link) pose in the arm base frame at the present joint positions. */
  toolPoseInBase(): Pose {
    return matrixToPose(this.chain.fk(this.positions()));
  }

  moveJoints(target: JointTarget): Motion<AppliedJointTrajectory> {
    const clipped: string[] = [];
    const end = target.positions.map((q, i) => {
      const l = this.limits[i]!;
      const c = Math.min(l.upper, Math.max(l.lower, q));
      if (c !== q) clipped.push(this.jointNames[i]!);
      return c;
    });
    return this.motion([this.positions(), end], clipped, target.velocityScale);
  }

  moveCartesian(target: CartesianTarget): Motion<AppliedJointTrajectory> {
    const start = this.positions();
    const goals = target.linear === true ? this.linePoses(target.poseInBase) : [target.poseInBase];
    const waypoints = [start];
    for (const goal of goals) {
      const seed = waypoints[waypoints.length - 1]!;
      const r = solveIk(this.chain, poseToMatrix(goal), {
        seed,
        restarts: 4,
        random: seededRandom(7),
        positionToleranceM: 1e-4,
        rotationToleranceRad: 1e-3,
      });
      if (r.status !== 'converged') {
        const fault = new HardwareFault(
          'rejected',
          this.part,
          `no IK solution for the target (${r.status}, ${(r.positionErrorM * 1000).toFixed(1)} mm off)`,
          {
            status: r.status,
            positionErrorM: r.positionErrorM,
            rotationErrorRad: r.rotationErrorRad,
          },
        );
        return { applied: { positions: start, durationMs: 0, clipped: [] }, execution$: throwError(() => fault) };
      }
      waypoints.push(r.q);
    }
    return this.motion(waypoints, [], target.velocityScale);
  }

  stop(): void {
    this.slot.stopActive();
    this.halt();
  }

  saveState(): unknown {
    return { trajectory: this.state.trajectory, previous: [...this.state.previous] };
  }

  loadState(state: unknown): void {
    this.state = structuredClone(state as ArmState);
    this.trajectory =
      this.state.trajectory === undefined
        ? undefined
        : new JointTrajectory(this.state.trajectory.waypoints, this.bounds);
  }

  private motion(waypoints: number[][], clipped: string[], velocityScale = 1): Motion<AppliedJointTrajectory> {
    const scale = Math.min(1, Math.max(0.01, velocityScale));
    const bounds = this.bounds.map((b) => ({
      maxVelocity: b.maxVelocity * scale,
      maxAcceleration: b.maxAcceleration * scale * scale,
    }));
    const planned = new JointTrajectory(waypoints, bounds);
    return {
      applied: { positions: planned.end, durationMs: planned.durationS * 1000, clipped },
      execution$: this.slot.execution(() => ({
        start: () => {
          // Start from wherever the arm is when the motion is subscribed, not where it was when planned.
          const now = this.positions();
          const path = [now, ...waypoints.slice(1)];
          this.trajectory = new JointTrajectory(path, bounds);
          this.state.trajectory = { waypoints: path, startMs: this.sim.timeMs };
        },
        poll: () => {
          const t = this.state.trajectory;
          if (t === undefined || this.trajectory === undefined) return 'done';
          const elapsedS = (this.sim.timeMs - t.startMs) / 1000;
          if (elapsedS >= this.trajectory.durationS) {
            this.halt();
            return 'done';
          }
          return elapsedS / this.trajectory.durationS;
        },
        halt: () => this.halt(),
      })),
    };
  }

  private halt(): void {
    this.trajectory = undefined;
    this.state.trajectory = undefined;
  }

  private positions(): number[] {
    return this.jointNames.map((n) => this.body.joints[n] ?? 0);
  }

  private advance(dtS: number): void {
    const t = this.state.trajectory;
    if (t === undefined || this.trajectory === undefined) return;
    const q = this.trajectory.at((this.sim.timeMs - t.startMs) / 1000 + dtS);
    this.jointNames.forEach((n, i) => (this.body.joints[n] = q[i]!));
    this.body.markMoved();
  }

  private publish(dtS: number): void {
    const q = this.positions();
    const moving = q.some((v, i) => v !== this.state.previous[i]);
    if (!moving && this.stateSubject.value.velocities.every((v) => v === 0)) return;
    const velocities = q.map((v, i) => (v - this.state.previous[i]!) / dtS);
    this.state.previous = q;
    this.stateSubject.next(this.jointStateNow(velocities));
  }

  private jointStateNow(velocities: number[]): JointState {
    return { stampMs: this.sim.timeMs, positions: this.positions(), velocities, efforts: this.jointNames.map(() => 0) };
  }

  private checkContact(a: number, b: number, watched: ReadonlySet<string>): void {
    for (const [mine, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const link = this.body.colliderLinks.get(mine);
      if (link === undefined || !watched.has(link) || !this.body.isFixture(other)) continue;
      const fixture = this.sim.colliderNames.get(other) ?? `collider ${other}`;
      this.halt();
      this.slot.failActive(
        new HardwareFault('collision', this.part, `protective stop: ${link} touched ${fixture}`, { link, fixture }),
      );
      return;
    }
  }

  /** Evenly spaced poses from the present tool pose to `goal` (position lerp, orientation slerp). */
  private linePoses(goal: Pose): Pose[] {
    const from = this.toolPoseInBase();
    const out: Pose[] = [];
    for (let i = 1; i <= LINEAR_WAYPOINTS; i++) {
      const u = i / LINEAR_WAYPOINTS;
      out.push({
        position: from.position.clone().lerp(goal.position, u),
        quaternion: from.quaternion.clone().slerp(goal.quaternion, u),
      });
    }
    return out;
  }
}
