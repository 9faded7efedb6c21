import { BehaviorSubject, type Observable } from 'rxjs';
import type { Motion } from '../hardware/common.ts';
import type { Lift } from '../hardware/lift.ts';
import { TimedJointPath } from '../hardware/joint-path-timing.ts';
import { liftStretches } from './lift-followers.ts';
import type { SimRobotBody } from './robot-body.ts';
import { MotionSlot, samplePath, type PostureCheck } from './sim-motion.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';

interface LiftState {
  move: { from: number; to: number; speedMps: number; startMs: number } | undefined;
}

/** A torso lift: the prismatic joint follows a time-optimal trapezoidal profile within its URDF range and speed limit. */
export class SimLift implements Lift, SimStateful {
  readonly stateKey: string;
  readonly heightRangeM: readonly [number, number];
  readonly maxSpeedMps: number;
  readonly height$: Observable<{ readonly stampMs: number; readonly heightM: number }>;
  private readonly subject: BehaviorSubject<{ readonly stampMs: number; readonly heightM: number }>;
  private readonly slot: MotionSlot;
  private state: LiftState = { move: undefined };
  /** The move's stretches (`liftStretches`), each timed rest to rest, with when each starts, s after the move. */
  private profile: { readonly path: TimedJointPath; readonly startS: number }[] | undefined;

  constructor(
    private readonly sim: SimWorld,
    private readonly body: SimRobotBody,
    readonly jointName: string,
    /** Judges a height change before it starts (a biped's static balance); a fault refuses it. */
    private readonly postureCheck?: PostureCheck,
  ) {
    const limits = body.model.joints.get(jointName)?.limits;
    this.stateKey = `lift/${body.id}`;
    this.heightRangeM = [limits?.lower ?? 0, limits?.upper ?? 1];
    this.maxSpeedMps = limits?.velocity ?? 0.1;
    this.slot = new MotionSlot(sim, 'lift');
    this.subject = new BehaviorSubject({ stampMs: sim.timeMs, heightM: this.heightM() });
    this.height$ = this.subject.asObservable();
    sim.addPreStep((dtS) => this.advance(dtS));
    sim.addStateful(this);
  }

  heightM(): number {
    return this.body.joints[this.jointName] ?? 0;
  }

  moveTo(heightM: number, speedMps = this.maxSpeedMps): Motion<number> {
    const to = Math.min(this.heightRangeM[1], Math.max(this.heightRangeM[0], heightM));
    const speed = Math.min(this.maxSpeedMps, Math.max(1e-3, speedMps));
    return {
      applied: to,
      execution$: this.slot.execution(() => ({
        start: () => {
          const from = this.heightM();
          const durationS = Math.abs(to - from) / speed;
          const path = samplePath(durationS, (tS) => ({ [this.jointName]: from + ((to - from) * tS) / durationS }));
          const refusal = durationS > 0 ? this.postureCheck?.('lift', path) : undefined;
          if (refusal !== undefined) return refusal;
          this.begin({ from, to, speedMps: speed, startMs: this.sim.timeMs });
        },
        poll: () => (this.state.move === undefined ? 'done' : undefined),
        halt: () => this.begin(undefined),
      })),
    };
  }

  stop(): void {
    this.slot.stopActive();
    this.begin(undefined);
  }

  saveState(): unknown {
    return { ...this.state };
  }

  loadState(state: unknown): void {
    this.begin((state as LiftState).move);
  }

  private begin(move: LiftState['move']): void {
    this.state = { move };
    if (move === undefined) {
      this.profile = undefined;
      return;
    }
    let startS = 0;
    this.profile = liftStretches(this.body.model, this.jointName, move.from, move.to, move.speedMps).map((s) => {
      const path = new TimedJointPath(
        [[s.from], [s.to]],
        [{ maxVelocity: s.speedMps, maxAcceleration: 2 * s.speedMps }],
      );
      const stretch = { path, startS };
      startS += path.durationS;
      return stretch;
    });
  }

  private advance(dtS: number): void {
    const move = this.state.move;
    if (move === undefined || this.profile === undefined) return;
    const tS = (this.sim.timeMs - move.startMs) / 1000 + dtS;
    let stretch = this.profile[0]!;
    for (const s of this.profile) if (s.startS <= tS) stretch = s;
    this.body.joints[this.jointName] = stretch.path.at(tS - stretch.startS)[0]!;
    this.body.markMoved();
    this.subject.next({ stampMs: this.sim.timeMs + dtS * 1000, heightM: this.heightM() });
    const last = this.profile[this.profile.length - 1]!;
    if (tS >= last.startS + last.path.durationS) this.state = { move: undefined };
  }
}
