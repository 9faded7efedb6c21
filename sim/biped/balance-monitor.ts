import { Subject, type Observable } from 'rxjs';
import { Vector3 } from 'three';
import type { BalanceState } from '../../hardware/mobile-base.ts';
import { centerOfMass, massModel, type MassModel } from '../../src/kinematics/center-of-mass.ts';
import {
  stabilityMargin,
  supportPolygon,
  type FootPlacement,
  type SoleSize,
} from '../../src/locomotion/support-polygon.ts';
import { zmpOf, type WristLoad } from '../../src/locomotion/zmp.ts';
import type { CarriedObject } from '../carried-objects.ts';
import type { SimRobotBody } from '../robot-body.ts';

/**
 * The CoM's acceleration is the second difference over this many ticks on either side (1/60 s at 240 Hz): over
 * one tick a tenth of a millimetre of IK noise would read as tens of centimetres of ZMP.
 */
const ACCELERATION_SPAN_TICKS = 4;
const GRAVITY_MPS2 = 9.81;
/** Time constant of the payload filter, s. */
const PAYLOAD_FILTER_S = 0.2;

/**
 * A biped's balance as the sim measures it every tick: the whole-body CoM from the kinematics, the ZMP from its
 * motion and the loads the hands carry, and the margin of that ZMP inside the support polygon of the feet on the
 * ground. Publishes `balance$` and keeps the lowest margin seen.
 */
export class BalanceMonitor {
  readonly balance$: Observable<BalanceState>;
  /** Every link's mass (hands included), where the kinematics put it. */
  readonly masses: MassModel;
  private readonly subject = new Subject<BalanceState>();
  /** The mass of each carried object as the balance counts it, kg: eased in and out over about 0.2 s. */
  private readonly carriedKg = new Map<string, number>();
  private readonly carriedAt = new Map<string, Vector3>();
  private readonly history: { com: Vector3; support: BalanceState['support']; feet: FootPlacement[] }[] = [];
  private minMargin = Infinity;

  constructor(
    private readonly body: SimRobotBody,
    private readonly sole: SoleSize,
    private readonly dtS: number,
    /** The loose objects the hands carry right now (off every support). */
    private readonly carried: () => readonly CarriedObject[],
  ) {
    this.masses = massModel(body.model);
    this.balance$ = this.subject.asObservable();
  }

  /**
   * The CoM the walk plans with and the pelvis tracks: every link's mass where the kinematics put it, hands
   * included. It moves only as smoothly as the joints do; what the hands carry, and how they swing on their
   * wrists, the monitor reads at the wrists instead.
   */
  measureCom(): Vector3 {
    return centerOfMass(this.masses, (link) => this.body.linkPose(link));
  }

  /** The lowest ZMP margin measured since the last call, m; resets the count. */
  takeMinMargin(): number {
    const m = this.minMargin;
    this.minMargin = Infinity;
    return m;
  }

  /** Forgets the CoM history (after a snapshot was restored: the motion before it is not this one's). */
  reset(): void {
    this.history.length = 0;
  }

  /**
   * Records this tick's CoM and the feet on the ground, and measures the ZMP of the tick `ACCELERATION_SPAN_TICKS`
   * before (central differences) against the support polygon of the feet that were on the ground then. Returns its
   * margin, m (undefined until the history is long enough).
   */
  record(
    com: Vector3,
    support: BalanceState['support'],
    onGround: readonly FootPlacement[],
    timeMs: number,
  ): number | undefined {
    this.history.push({ com: com.clone(), support, feet: onGround.map((f) => ({ ...f })) });
    const span = ACCELERATION_SPAN_TICKS;
    if (this.history.length > 2 * span + 1) this.history.shift();
    if (this.history.length < 2 * span + 1) return undefined;
    const a = this.history[0]!;
    const b = this.history[span]!;
    const c = this.history[2 * span]!;
    const h = span * this.dtS;
    const acc = c.com
      .clone()
      .sub(b.com.clone().multiplyScalar(2))
      .add(a.com)
      .divideScalar(h * h);
    const groundZ = b.feet.reduce((sum, f) => sum + f.zM, 0) / b.feet.length;
    const zmp = zmpOf({ massKg: this.masses.totalKg, com: b.com, comAcc: acc }, this.payloads(), groundZ);
    const marginM = stabilityMargin(zmp, supportPolygon(b.feet, this.sole));
    this.minMargin = Math.min(this.minMargin, marginM);
    this.subject.next({ stampMs: timeMs - h * 1000, zmp: [zmp.x, zmp.y], marginM, support: b.support });
    return marginM;
  }

  /**
   * The carried objects as vertical loads where they are: their weight only, eased in as an object leaves its
   * support and out as it is set down (over about 0.2 s), as the load on the feet changes in a real lift.
   */
  private payloads(): WristLoad[] {
    const alpha = this.dtS / (PAYLOAD_FILTER_S + this.dtS);
    const now = new Map(this.carried().map((o) => [o.id, o] as const));
    const loads: WristLoad[] = [];
    for (const id of new Set([...this.carriedKg.keys(), ...now.keys()])) {
      const object = now.get(id);
      const kg = (this.carriedKg.get(id) ?? 0) + alpha * ((object?.massKg ?? 0) - (this.carriedKg.get(id) ?? 0));
      this.carriedKg.set(id, kg);
      if (object !== undefined) this.carriedAt.set(id, object.position);
      const at = this.carriedAt.get(id)!;
      if (kg < 1e-4 && object === undefined) {
        this.carriedKg.delete(id);
        this.carriedAt.delete(id);
        continue;
      }
      loads.push({ position: at, forceN: new Vector3(0, 0, -kg * GRAVITY_MPS2) });
    }
    return loads;
  }
}
