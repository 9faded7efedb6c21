import { BehaviorSubject, type Observable, type SchedulerLike } from 'rxjs';
import type { Vec3 } from '../common.ts';
import type { ForceTorqueSensor, Wrench } from '../force-torque-sensor.ts';
import type { RosBridge } from './ros-bridge.ts';
import { WrenchStampedMsg } from './messages.ts';

/**
 * A wrist F/T sensor from `geometry_msgs/WrenchStamped`. `tare` zeroes the reading in software at the present
 * load (the same on every driver; some offer a zeroing service of their own, which a site may call instead).
 */
export class RosForceTorqueSensor implements ForceTorqueSensor {
  readonly wrench$: Observable<Wrench>;
  private readonly wrench: BehaviorSubject<Wrench>;
  private biasForce: Vec3 = [0, 0, 0];
  private biasTorque: Vec3 = [0, 0, 0];
  private raw: { force: Vec3; torque: Vec3 } = { force: [0, 0, 0], torque: [0, 0, 0] };

  constructor(
    bridge: RosBridge,
    scheduler: SchedulerLike,
    readonly name: string,
    readonly frameId: string,
    topic: string,
  ) {
    this.wrench = new BehaviorSubject<Wrench>({ stampMs: 0, frameId, forceN: [0, 0, 0], torqueNm: [0, 0, 0] });
    this.wrench$ = this.wrench.asObservable();
    bridge.topic$(topic, 'geometry_msgs/WrenchStamped').subscribe((message) => {
      const parsed = WrenchStampedMsg.safeParse(message);
      if (!parsed.success) return;
      const { force, torque } = parsed.data.wrench;
      this.raw = { force: [force.x, force.y, force.z], torque: [torque.x, torque.y, torque.z] };
      this.publish(scheduler.now());
    });
  }

  currentWrench(): Wrench {
    return this.wrench.value;
  }

  tare(): void {
    this.biasForce = this.raw.force;
    this.biasTorque = this.raw.torque;
    this.publish(this.wrench.value.stampMs);
  }

  private publish(stampMs: number): void {
    const f = this.raw.force;
    const t = this.raw.torque;
    const bf = this.biasForce;
    const bt = this.biasTorque;
    this.wrench.next({
      stampMs,
      frameId: this.frameId,
      forceN: [f[0] - bf[0], f[1] - bf[1], f[2] - bf[2]],
      torqueNm: [t[0] - bt[0], t[1] - bt[1], t[2] - bt[2]],
    });
  }
}
