import { BehaviorSubject, type Observable } from 'rxjs';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { HardwareFault, type Motion } from '../hardware/common.ts';
import type { BaseKind, BaseLimits, MobileBase, StampedPose2D, Twist2D } from '../hardware/mobile-base.ts';
import { wrapAngle, type Pose2D } from '../src/math/pose.ts';
import type { SimRobotBody } from './robot-body.ts';
import { MotionSlot } from './sim-motion.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';

/** Defaults for a retail-robot base; URDF has no element for them. */
export const DEFAULT_BASE_LIMITS: BaseLimits = {
  maxLinearMps: 0.8,
  maxAngularRadps: 1.2,
  maxLinearAccelMps2: 0.6,
  footprintRadiusM: 0.4,
};

const ARRIVED_M = 0.005;
/** A fixture whose top is within this of the base's sole is ground it rolls on, not an obstacle, m. */
const SOLE_TOLERANCE_M = 0.005;
const ARRIVED_RAD = 0.01;

interface BaseState {
  pose: Pose2D;
  /** Present body-frame velocity (after acceleration limits) and the commanded one. */
  velocity: Twist2D;
  command: Twist2D;
  goal: Pose2D | undefined;
}

const STILL: Twist2D = { vxMps: 0, vyMps: 0, wzRadps: 0 };

/**
 * A wheeled base as a kinematic planar body: commanded body-frame twists are clipped to the limits (a
 * differential base cannot strafe), reached under an acceleration limit and integrated into the root pose of
 * the robot. `goTo` runs a go-to-pose controller on top (a differential base turns toward the goal first).
 */
export class SimMobileBase implements MobileBase, SimStateful {
  readonly stateKey: string;
  readonly pose$: Observable<StampedPose2D>;
  private readonly subject: BehaviorSubject<StampedPose2D>;
  private readonly slot: MotionSlot;
  private state: BaseState;
  /** Height, roll and pitch of the root stay as the scene placed it; the base moves in the plane. */
  private readonly rootZ: number;

  constructor(
    private readonly sim: SimWorld,
    private readonly body: SimRobotBody,
    readonly kind: BaseKind,
    readonly limits: BaseLimits = DEFAULT_BASE_LIMITS,
    /** The robot's links the base carries (chassis, torso, head), watched for contact with fixtures. */
    watchedLinks: ReadonlySet<string> = new Set(),
  ) {
    this.stateKey = `base/${body.id}`;
    const position = new Vector3();
    const quaternion = new Quaternion();
    body.rootInWorld.decompose(position, quaternion, new Vector3());
    this.rootZ = position.z;
    const forward = new Vector3(1, 0, 0).applyQuaternion(quaternion);
    this.state = {
      pose: { x: position.x, y: position.y, yawRad: Math.atan2(forward.y, forward.x) },
      velocity: STILL,
      command: STILL,
      goal: undefined,
    };
    this.subject = new BehaviorSubject({ ...this.state.pose, stampMs: sim.timeMs });
    this.pose$ = this.subject.asObservable();
    this.slot = new MotionSlot(sim, 'base');
    sim.addPreStep((dtS) => this.advance(dtS));
    sim.onCollision((a, b, started) => {
      if (started) this.checkContact(a, b, watchedLinks);
    });
    sim.addStateful(this);
  }

  pose(): Pose2D {
    return this.state.pose;
  }

  setVelocity(twist: Twist2D): Twist2D {
    const clipped = this.clip(twist);
    this.state = { ...this.state, command: clipped, goal: undefined };
    return clipped;
  }

  goTo(goal: Pose2D): Motion<Pose2D> {
    return {
      applied: goal,
      execution$: this.slot.execution(() => ({
        start: () => {
          this.state = { ...this.state, goal };
        },
        poll: () => (this.state.goal === undefined ? 'done' : undefined),
        halt: () => (this.state = { ...this.state, goal: undefined, command: STILL }),
      })),
    };
  }

  stop(): void {
    this.slot.stopActive();
    this.state = { ...this.state, goal: undefined, command: STILL };
  }

  saveState(): unknown {
    return structuredClone(this.state);
  }

  loadState(state: unknown): void {
    this.state = structuredClone(state as BaseState);
    this.placeRoot();
  }

  private clip(t: Twist2D): Twist2D {
    const lim = this.limits;
    const vy = this.kind === 'holonomic' ? t.vyMps : 0;
    const speed = Math.hypot(t.vxMps, vy);
    const k = speed > lim.maxLinearMps ? lim.maxLinearMps / speed : 1;
    return {
      vxMps: t.vxMps * k,
      vyMps: vy * k,
      wzRadps: Math.max(-lim.maxAngularRadps, Math.min(lim.maxAngularRadps, t.wzRadps)),
    };
  }

  /** The twist that heads for the goal, slowing down so it can stop in time. */
  private goalTwist(goal: Pose2D): Twist2D | undefined {
    const { pose } = this.state;
    const dx = goal.x - pose.x;
    const dy = goal.y - pose.y;
    const dist = Math.hypot(dx, dy);
    const dyaw = wrapAngle(goal.yawRad - pose.yawRad);
    if (dist < ARRIVED_M && Math.abs(dyaw) < ARRIVED_RAD) return undefined;
    const a = this.limits.maxLinearAccelMps2;
    const speed = Math.min(this.limits.maxLinearMps, Math.sqrt(2 * a * dist) * 0.9, 4 * dist);
    const c = Math.cos(pose.yawRad);
    const s = Math.sin(pose.yawRad);
    // Goal direction in the body frame.
    const bx = dist > 0 ? (c * dx + s * dy) / dist : 0;
    const by = dist > 0 ? (-s * dx + c * dy) / dist : 0;
    if (this.kind === 'holonomic' || dist < ARRIVED_M) {
      return this.clip({ vxMps: speed * bx, vyMps: speed * by, wzRadps: 2 * dyaw });
    }
    const heading = Math.atan2(by, bx);
    if (Math.abs(heading) > 0.05) return this.clip({ vxMps: 0, vyMps: 0, wzRadps: 2 * heading });
    return this.clip({ vxMps: speed, vyMps: 0, wzRadps: 2 * heading });
  }

  private advance(dtS: number): void {
    if (this.state.goal !== undefined) {
      const twist = this.goalTwist(this.state.goal);
      if (twist === undefined) this.state = { ...this.state, goal: undefined, command: STILL, velocity: STILL };
      else this.state = { ...this.state, command: twist };
    }
    const { velocity: v, command: c } = this.state;
    if (v.vxMps === 0 && v.vyMps === 0 && v.wzRadps === 0 && c.vxMps === 0 && c.vyMps === 0 && c.wzRadps === 0) return;
    const maxDv = this.limits.maxLinearAccelMps2 * dtS;
    const maxDw = 2 * this.limits.maxAngularRadps * dtS;
    const step = (from: number, to: number, max: number): number => from + Math.max(-max, Math.min(max, to - from));
    const velocity = {
      vxMps: step(v.vxMps, c.vxMps, maxDv),
      vyMps: step(v.vyMps, c.vyMps, maxDv),
      wzRadps: step(v.wzRadps, c.wzRadps, maxDw),
    };
    const p = this.state.pose;
    const cos = Math.cos(p.yawRad);
    const sin = Math.sin(p.yawRad);
    const pose = {
      x: p.x + (cos * velocity.vxMps - sin * velocity.vyMps) * dtS,
      y: p.y + (sin * velocity.vxMps + cos * velocity.vyMps) * dtS,
      yawRad: wrapAngle(p.yawRad + velocity.wzRadps * dtS),
    };
    this.state = { ...this.state, pose, velocity };
    this.placeRoot();
    this.subject.next({ ...pose, stampMs: this.sim.timeMs + dtS * 1000 });
  }

  private moving(): boolean {
    const { velocity: v, command: c, goal } = this.state;
    return goal !== undefined || [v.vxMps, v.vyMps, v.wzRadps, c.vxMps, c.vyMps, c.wzRadps].some((x) => x !== 0);
  }

  /**
   * A protective stop: a moving base whose link touches a fixture (not one it stands on) halts at once, and the
   * running `goTo` fails with a `collision` fault naming the link and the fixture.
   */
  private checkContact(a: number, b: number, watched: ReadonlySet<string>): void {
    if (!this.moving()) return;
    for (const [mine, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const link = this.body.colliderLinks.get(mine);
      if (link === undefined || !watched.has(link) || !this.body.isFixture(other) || this.standsOn(other)) continue;
      const fixture = this.sim.colliderNames.get(other) ?? `collider ${other}`;
      this.state = { ...this.state, goal: undefined, command: STILL, velocity: STILL };
      this.slot.failActive(
        new HardwareFault('collision', 'base', `protective stop: ${link} touched ${fixture}`, { link, fixture }),
      );
      return;
    }
  }

  /** True for a fixture whose top is no higher than the base's sole (the floor it rolls on). */
  private standsOn(collider: number): boolean {
    const c = this.sim.collider(collider);
    const half = c.halfExtents();
    // Fixtures are boxes; anything else is never ground.
    if (half === null) return false;
    const q = c.rotation();
    // Height of the box's top above its centre: |row z of its rotation| · half extents.
    const r20 = 2 * (q.x * q.z - q.w * q.y);
    const r21 = 2 * (q.y * q.z + q.w * q.x);
    const r22 = 1 - 2 * (q.x * q.x + q.y * q.y);
    const topZ = c.translation().z + Math.abs(r20) * half.x + Math.abs(r21) * half.y + Math.abs(r22) * half.z;
    return topZ <= this.rootZ + SOLE_TOLERANCE_M;
  }

  private placeRoot(): void {
    const { pose } = this.state;
    this.body.rootInWorld = new Matrix4().compose(
      new Vector3(pose.x, pose.y, this.rootZ),
      new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), pose.yawRad),
      new Vector3(1, 1, 1),
    );
    this.body.markMoved();
  }
}
