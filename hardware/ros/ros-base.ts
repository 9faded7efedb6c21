import { BehaviorSubject, Observable } from 'rxjs';
import { Quaternion, Vector3 } from 'three';
import type { Motion, MotionFeedback } from '../common.ts';
import type { BaseKind, BaseLimits, MobileBase, StampedPose2D, Twist2D } from '../mobile-base.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import { rosHeader } from './dialect.ts';
import { GoalSlot, type RosPartContext } from './goal-motion.ts';
import { OdometryMsg } from './messages.ts';
import type { RosRobotConfig } from './ros-config.ts';

type BaseConfig = NonNullable<RosRobotConfig['base']>;

/** Odometry-driven go-to: gains and the tolerances it stops within. */
const GO_TO = { periodMs: 50, gainPerS: 1.5, headingGainPerS: 2, positionTolM: 0.02, yawTolRad: 0.03 } as const;

/**
 * A wheeled base on `cmd_vel` (`Twist` or `TwistStamped`) with `nav_msgs/Odometry`. `setVelocity` is clipped to the
 * base's limits and kind before it is published; `goTo` is a Nav2 `NavigateToPose` goal (ROS 1: `move_base`) when
 * the config names one, else a straight-line go-to closed over odometry. Stopping publishes a zero twist.
 */
export class RosMobileBase implements MobileBase {
  readonly pose$: Observable<StampedPose2D>;
  readonly limits: BaseLimits;
  private readonly pose = new BehaviorSubject<StampedPose2D>({ stampMs: 0, x: 0, y: 0, yawRad: 0 });
  private readonly slot: GoalSlot;

  constructor(
    private readonly ctx: RosPartContext,
    readonly kind: BaseKind,
    private readonly config: BaseConfig,
  ) {
    this.pose$ = this.pose.asObservable();
    this.limits = {
      maxLinearMps: config.maxLinearMps ?? 0.5,
      maxAngularRadps: config.maxAngularRadps ?? 1,
      maxLinearAccelMps2: 0.5,
      footprintRadiusM: 0.3,
    };
    this.slot = new GoalSlot(ctx, 'base');
    ctx.bridge.topic$(config.odom, 'nav_msgs/Odometry').subscribe((message) => {
      const parsed = OdometryMsg.safeParse(message);
      if (!parsed.success) return;
      const { position, orientation: q } = parsed.data.pose.pose;
      const yawRad = Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
      this.pose.next({ stampMs: ctx.scheduler.now(), x: position.x, y: position.y, yawRad });
    });
  }

  setVelocity(twist: Twist2D): Twist2D {
    const vy = this.kind === 'holonomic' ? twist.vyMps : 0;
    const speed = Math.hypot(twist.vxMps, vy);
    const k = speed > this.limits.maxLinearMps ? this.limits.maxLinearMps / speed : 1;
    const w = this.limits.maxAngularRadps;
    const applied = { vxMps: twist.vxMps * k, vyMps: vy * k, wzRadps: Math.min(w, Math.max(-w, twist.wzRadps)) };
    // Nothing moves while the link is down: the applied command is then no motion at all.
    if (this.ctx.health.faultFor('base') !== undefined) return { vxMps: 0, vyMps: 0, wzRadps: 0 };
    this.publishTwist(applied);
    return applied;
  }

  goTo(goal: Pose2D): Motion<Pose2D> {
    const action = this.config.navigateAction;
    if (action === undefined) return { applied: goal, execution$: this.driveTo(goal) };
    const dialect = this.ctx.bridge.options.dialect;
    const q = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), goal.yawRad);
    const pose = {
      header: rosHeader(dialect, 0, 'map'),
      pose: { position: { x: goal.x, y: goal.y, z: 0 }, orientation: { x: q.x, y: q.y, z: q.z, w: q.w } },
    };
    const execution$ = this.slot.execution(
      dialect === 'ros2'
        ? { action, type: 'nav2_msgs/NavigateToPose', goal: () => ({ pose, behavior_tree: '' }) }
        : { action, type: 'move_base_msgs/MoveBase', goal: () => ({ target_pose: pose }) },
    );
    return { applied: goal, execution$ };
  }

  /** Zero twist now, and the navigation goal (if any) cancelled. */
  stop(): void {
    this.slot.stop();
    if (this.ctx.bridge.connected) this.publishTwist({ vxMps: 0, vyMps: 0, wzRadps: 0 });
  }

  private publishTwist(t: Twist2D): void {
    const twist = { linear: { x: t.vxMps, y: t.vyMps, z: 0 }, angular: { x: 0, y: 0, z: t.wzRadps } };
    const dialect = this.ctx.bridge.options.dialect;
    if (this.config.stamped)
      this.ctx.bridge.publish(this.config.cmdVel, 'geometry_msgs/TwistStamped', {
        header: rosHeader(dialect, this.ctx.rosTimeMs(), 'base_link'),
        twist,
      });
    else this.ctx.bridge.publish(this.config.cmdVel, 'geometry_msgs/Twist', twist);
  }

  /** A proportional go-to over odometry: turn-and-drive for differential bases, straight for holonomic ones. */
  private driveTo(goal: Pose2D): Observable<MotionFeedback> {
    return new Observable<MotionFeedback>((subscriber) => {
      const refused = this.ctx.health.faultFor('base');
      if (refused !== undefined) {
        subscriber.error(refused);
        return;
      }
      const start = this.pose.value;
      const total = Math.hypot(goal.x - start.x, goal.y - start.y) + 1e-9;
      const lost = this.ctx.health.lost$('base').subscribe((fault) => subscriber.error(fault));
      const step = (): void => {
        const p = this.pose.value;
        const dx = goal.x - p.x;
        const dy = goal.y - p.y;
        const distance = Math.hypot(dx, dy);
        const yawError = wrap(goal.yawRad - p.yawRad);
        if (distance < GO_TO.positionTolM && Math.abs(yawError) < GO_TO.yawTolRad) {
          this.setVelocity({ vxMps: 0, vyMps: 0, wzRadps: 0 });
          subscriber.next({ stampMs: this.ctx.scheduler.now(), fraction: 1 });
          subscriber.complete();
          return;
        }
        const cos = Math.cos(p.yawRad);
        const sin = Math.sin(p.yawRad);
        const forward = cos * dx + sin * dy;
        const left = -sin * dx + cos * dy;
        const heading = distance > GO_TO.positionTolM ? Math.atan2(left, forward) : yawError;
        const twist =
          this.kind === 'holonomic'
            ? {
                vxMps: GO_TO.gainPerS * forward,
                vyMps: GO_TO.gainPerS * left,
                wzRadps: GO_TO.headingGainPerS * yawError,
              }
            : {
                vxMps: Math.abs(heading) < 0.3 ? GO_TO.gainPerS * forward : 0,
                vyMps: 0,
                wzRadps: GO_TO.headingGainPerS * (distance > GO_TO.positionTolM ? heading : yawError),
              };
        this.setVelocity(twist);
        subscriber.next({ stampMs: this.ctx.scheduler.now(), fraction: Math.min(0.99, 1 - distance / total) });
        tick = this.ctx.scheduler.schedule(step, GO_TO.periodMs);
      };
      let tick = this.ctx.scheduler.schedule(step, 0);
      return () => {
        tick.unsubscribe();
        lost.unsubscribe();
        if (this.ctx.bridge.connected) this.publishTwist({ vxMps: 0, vyMps: 0, wzRadps: 0 });
      };
    });
  }
}

function wrap(angle: number): number {
  return Math.atan2(Math.sin(angle), Math.cos(angle));
}
