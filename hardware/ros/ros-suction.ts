import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { SuctionCup } from '../end-effector.ts';
import type { RosPartContext } from './goal-motion.ts';
import { BoolMsg, SuccessResponse } from './messages.ts';
import type { RosRobotConfig } from './ros-config.ts';

export interface RosSuctionSpec {
  readonly name: string;
  readonly part: string;
  readonly diameterM: number;
  readonly ratedHoldForceN: number;
  readonly io: RosRobotConfig['suctionCups'][string];
}

/** `ur_msgs/SetIO` function code for a digital output. */
const UR_SET_DIGITAL_OUT = 1;

/**
 * A vacuum cup switched through a `std_srvs/SetBool` service, a `std_msgs/Bool` topic or a UR tool output
 * (`ur_msgs/SetIO`). `sealed$` follows a pressure-switch topic when there is one, else the pump's state.
 * `setVacuum` is synchronous by contract: while the link is down nothing is sent and the state the pump is
 * known to be in is returned, so a skill sees the vacuum did not switch.
 */
export class RosSuctionCup implements SuctionCup {
  readonly kind = 'suction-cup' as const;
  readonly name: string;
  readonly diameterM: number;
  readonly ratedHoldForceN: number;
  readonly sealed$: Observable<boolean>;
  private readonly pump = new BehaviorSubject(false);
  private readonly sealed = new BehaviorSubject(false);

  constructor(
    private readonly ctx: RosPartContext,
    private readonly spec: RosSuctionSpec,
    private readonly warn: (message: string) => void,
  ) {
    this.name = spec.name;
    this.diameterM = spec.diameterM;
    this.ratedHoldForceN = spec.ratedHoldForceN;
    this.sealed$ = this.sealed.pipe(distinctUntilChanged());
    const sealedTopic = spec.io.sealedTopic;
    if (sealedTopic === undefined) this.pump.subscribe((on) => this.sealed.next(on));
    else
      ctx.bridge.topic$(sealedTopic, 'std_msgs/Bool').subscribe((message) => {
        const parsed = BoolMsg.safeParse(message);
        if (parsed.success) this.sealed.next(parsed.data.data);
      });
  }

  setVacuum(on: boolean): boolean {
    const fault = this.ctx.health.faultFor(this.spec.part);
    if (fault !== undefined) {
      this.warn(`${fault.message}: vacuum not switched ${on ? 'on' : 'off'}`);
      return this.pump.value;
    }
    const io = this.spec.io;
    if (io.topic !== undefined) this.ctx.bridge.publish(io.topic, 'std_msgs/Bool', { data: on });
    else {
      const [service, type, request] =
        io.setBool !== undefined
          ? [io.setBool, 'std_srvs/SetBool', { data: on }]
          : [
              io.urSetIo!.service,
              'ur_msgs/SetIO',
              { fun: UR_SET_DIGITAL_OUT, pin: io.urSetIo!.pin, state: on ? 1 : 0 },
            ];
      this.ctx.bridge.call$(service, type, request).subscribe({
        next: (response) => {
          const parsed = SuccessResponse.safeParse(response);
          if (!parsed.success || !parsed.data.success)
            this.warn(`${this.spec.part}: ${service} refused to switch the vacuum ${on ? 'on' : 'off'}`);
        },
        error: (error: unknown) => this.warn(`${this.spec.part}: ${(error as Error).message}`),
      });
    }
    this.pump.next(on);
    return on;
  }
}
