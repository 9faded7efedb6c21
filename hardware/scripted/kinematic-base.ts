import { BehaviorSubject, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { Motion, MotionFeedback } from '../common.ts';
import type { BaseKind, BaseLimits, Footstep, MobileBase, StampedPose2D, Twist2D } from '../mobile-base.ts';
import type { Robot } from '../robot.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { CommandLog } from './command-log.ts';
import { scriptedMotion } from './scripted-motion.ts';
import type { ScriptedRobot } from './scripted-robot.ts';

export interface KinematicBaseOptions {
  readonly kind?: BaseKind;
  readonly limits?: Partial<BaseLimits>;
  readonly start?: Pose2D;
  /** Gives bipeds a `walk(footsteps)`; ignored for wheeled kinds. Default true. */
  readonly canWalk?: boolean;
  /** Scheduler time per footstep, ms. */
  readonly stepDurationMs?: number;
}

/** Integration step of the double, ms: fine enough that a 50 Hz follower sees smooth odometry. */
const INTEGRATION_MS = 10;

const DEFAULT_LIMITS: BaseLimits = {
  maxLinearMps: 0.5,
  maxAngularRadps: 1.0,
  maxLinearAccelMps2: 0.5,
  footprintRadiusM: 0.3,
  maxStepLengthM: 0.2,
};

/**
 * A base double that moves: `setVelocity` is clipped as a real driver would (speed, yaw rate, no sideways motion
 * for differential and bipedal kinds) and integrated over scheduler time, so `pose$` follows the commands.
 * Like `ScriptedBase` it records every command in the shared `CommandLog`. (It implements `MobileBase` directly
 * rather than subclassing `ScriptedBase`, whose `kind` is fixed to `'holonomic'`.)
 *
 * Tests make the world push back with `isBlocked(pose)`: a pose it returns true for is never entered, so the
 * base stalls against it like a bumper against a shelf.
 */
export class KinematicBase implements MobileBase {
  readonly kind: BaseKind;
  readonly limits: BaseLimits;
  readonly pose$: BehaviorSubject<StampedPose2D>;
  readonly walk?: (footsteps: readonly Footstep[]) => Motion<readonly Footstep[]>;
  /** Poses the base cannot enter (an obstacle the map does not know). */
  isBlocked: (pose: Pose2D) => boolean = () => false;
  private command: Twist2D = { vxMps: 0, vyMps: 0, wzRadps: 0 };
  private lastMs: number;
  private ticking = false;

  constructor(
    private readonly log: CommandLog,
    private readonly scheduler: SchedulerLike,
    options: KinematicBaseOptions = {},
  ) {
    this.kind = options.kind ?? 'holonomic';
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    const start = options.start ?? { x: 0, y: 0, yawRad: 0 };
    this.lastMs = scheduler.now();
    this.pose$ = new BehaviorSubject<StampedPose2D>({ stampMs: this.lastMs, ...start });
    if (this.kind === 'bipedal' && (options.canWalk ?? true)) {
      const stepMs = options.stepDurationMs ?? 400;
      this.walk = (footsteps) => this.walkFootsteps(footsteps, stepMs);
    }
  }

  get pose(): StampedPose2D {
    return this.pose$.value;
  }

  /** The last applied command. */
  get velocity(): Twist2D {
    return this.command;
  }

  setVelocity(twist: Twist2D): Twist2D {
    this.integrate();
    const vy = this.kind === 'holonomic' ? twist.vyMps : 0;
    const speed = Math.hypot(twist.vxMps, vy);
    const k = speed > this.limits.maxLinearMps ? this.limits.maxLinearMps / speed : 1;
    const w = this.limits.maxAngularRadps;
    const applied = { vxMps: twist.vxMps * k, vyMps: vy * k, wzRadps: Math.min(w, Math.max(-w, twist.wzRadps)) };
    this.log.record('base', 'setVelocity', applied);
    this.command = applied;
    this.ensureTicking();
    return applied;
  }

  goTo(goal: Pose2D): Motion<Pose2D> {
    this.log.record('base', 'goTo', goal);
    const start = this.pose;
    const durationMs = (Math.hypot(goal.x - start.x, goal.y - start.y) / this.limits.maxLinearMps) * 1000;
    return scriptedMotion(this.log, this.scheduler, {
      part: 'base',
      command: 'goTo',
      applied: goal,
      durationMs,
      onProgress: (f) =>
        this.publish({
          x: start.x + (goal.x - start.x) * f,
          y: start.y + (goal.y - start.y) * f,
          yawRad: start.yawRad + (goal.yawRad - start.yawRad) * f,
        }),
    });
  }

  stop(): void {
    this.integrate();
    this.command = { vxMps: 0, vyMps: 0, wzRadps: 0 };
    this.log.record('base', 'stop');
  }

  /** Puts the base somewhere (a test's setup, or a person pushing it). */
  setPose(pose: Pose2D): void {
    this.integrate();
    this.publish(pose);
  }

  private get moving(): boolean {
    return this.command.vxMps !== 0 || this.command.vyMps !== 0 || this.command.wzRadps !== 0;
  }

  /** Advances the pose under the current command up to scheduler now, in sub-steps with the mid-step heading. */
  private integrate(): void {
    const nowMs = this.scheduler.now();
    let remainingS = (nowMs - this.lastMs) / 1000;
    this.lastMs = nowMs;
    if (!this.moving || remainingS <= 0) return;
    let { x, y, yawRad } = this.pose;
    const { vxMps, vyMps, wzRadps } = this.command;
    while (remainingS > 1e-12) {
      const dt = Math.min(remainingS, INTEGRATION_MS / 1000);
      const mid = yawRad + (wzRadps * dt) / 2;
      const next = {
        x: x + (Math.cos(mid) * vxMps - Math.sin(mid) * vyMps) * dt,
        y: y + (Math.sin(mid) * vxMps + Math.cos(mid) * vyMps) * dt,
        yawRad: yawRad + wzRadps * dt,
      };
      if (!this.isBlocked(next)) ({ x, y, yawRad } = next);
      remainingS -= dt;
    }
    this.publish({ x, y, yawRad });
  }

  private publish(pose: Pose2D): void {
    this.pose$.next({ stampMs: this.scheduler.now(), x: pose.x, y: pose.y, yawRad: pose.yawRad });
  }

  /**
   * Publishes odometry every integration step while moving; stops scheduling when still, so a sim run can end.
   * Each step is a fresh action: VirtualTimeScheduler nests rescheduled actions, which overflows on long runs.
   */
  private ensureTicking(): void {
    if (this.ticking || !this.moving) return;
    this.ticking = true;
    const step = (): void => {
      this.integrate();
      if (this.moving) this.scheduler.schedule(step, INTEGRATION_MS);
      else this.ticking = false;
    };
    this.scheduler.schedule(step, INTEGRATION_MS);
  }

  /**
   * A biped's walk: one footstep per `stepMs`, the body midway between the last two footsteps. Records
   * `walk:start`, `walk:done` or `walk:halt` (unsubscribed early) like the scripted motions.
   */
  private walkFootsteps(footsteps: readonly Footstep[], stepMs: number): Motion<readonly Footstep[]> {
    this.log.record('base', 'walk', footsteps);
    const execution$ = new Observable<MotionFeedback>((subscriber) => {
      this.log.record('base', 'walk:start', footsteps.length);
      let placed = 0;
      let pending: Subscription;
      const step = (): void => {
        placed++;
        const a = footsteps[placed - 1]!.pose;
        const b = placed >= 2 ? footsteps[placed - 2]!.pose : a;
        this.publish({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, yawRad: a.yawRad });
        subscriber.next({ stampMs: this.scheduler.now(), fraction: placed / footsteps.length });
        if (placed < footsteps.length) {
          pending = this.scheduler.schedule(step, stepMs);
          return;
        }
        this.log.record('base', 'walk:done');
        subscriber.complete();
      };
      pending = this.scheduler.schedule(step, stepMs);
      return () => {
        pending.unsubscribe();
        if (placed < footsteps.length) this.log.record('base', 'walk:halt');
      };
    });
    return { applied: footsteps, execution$ };
  }
}

/** The scripted robot with its base swapped for a `KinematicBase` that logs into the same command log. */
export function withKinematicBase(robot: ScriptedRobot, base: KinematicBase): Robot & { readonly log: CommandLog } {
  return {
    ...robot,
    parts: { ...robot.parts, base },
    stop: () => {
      robot.stop();
      base.stop();
    },
  };
}
