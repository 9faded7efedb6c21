import { BehaviorSubject, distinctUntilChanged, Subject, type Observable } from 'rxjs';
import { HardwareFault, type Motion } from '../hardware/common.ts';
import type { GripperPads, ParallelGripper } from '../hardware/end-effector.ts';
import { COLLISION_GROUPS } from './collision-groups.ts';
import type { Collider } from './rapier.ts';
import {
  buildParallelJaw,
  PARALLEL_JAW_LAW,
  totalStrokeM,
  type JawFinger,
  type JawHandles,
} from './effectors/parallel-jaw.ts';
import {
  driveParallelJaw,
  jawParts,
  jawTravel,
  jawStallS,
  jawTravelRecord,
  type JawParts,
  type JawTravel,
} from './effectors/jaw-drive.ts';
import { HoldSlideTracker, padsTouch, type HoldSlide, type OpenHold } from './effectors/hold-slide.ts';
import { type PadSpinState, padSpinState, resistPadSpin } from './effectors/pad-spin.ts';
import { endSteadyHold, steadyHold } from './effectors/steady-hold.ts';
import { MotionSlot } from './sim-motion.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';

export interface GripperSpec {
  readonly name: string;
  /** Part name in faults: `gripper/right`. */
  readonly part: string;
  readonly handBodyHandle: number;
  /** The two fingers, in the hand frame (the jaw's contact model, `effectors/parallel-jaw.ts`, couples them). */
  readonly fingers: readonly [JawFinger, JawFinger];
  /** Pad gap when fully open (all fingers at openQ), m. */
  readonly maxWidthM: number;
  readonly maxForceN: number;
  readonly defaultSpeedMps?: number;
  /** The pads' contact faces in the arm's tool frame, when the tool is on this hand. */
  readonly pads?: GripperPads;
}

/** Time the motor gets to build up the squeeze before a close reports done, ms. */
const SQUEEZE_SETTLE_MS = 100;

type Phase = 'idle' | 'moving' | 'squeezing';

interface GripperState {
  phase: Phase;
  /** Commanded opening fraction (0 closed, 1 open) and where the ramp ends. */
  commandS: number;
  goalS: number;
  rateSps: number;
  forceN: number;
  stalledS: number;
  settledMs: number;
  objectDetected: boolean;
  /** Opening: travel where the fingers were when they last moved, m, and for how long they have not since, s. */
  restTravelM: number;
  restS: number;
  /** Opening: sim time by which the fingers must have arrived or stalled, ms (`openBoundMs`). */
  deadlineMs: number;
  /** Opening: why it ended short of the width (a stall), reported as the motion's fault; plain data, so saved. */
  stall: { readonly message: string; readonly detail: Readonly<Record<string, number | boolean>> } | undefined;
}

/**
 * A parallel gripper built on the jaw contact model (`effectors/parallel-jaw.ts`, the same one every datagen trial
 * runs): two coupled dynamic fingers squeezed by a force-capped servo. Nothing is welded: a held object stays only
 * by friction from the squeeze. Closing ramps the target at the commanded speed; when the fingers stall (on an
 * object) or reach the closed end, the target jumps past closed so the servo saturates at the commanded force,
 * the way a force-controlled grasp holds.
 */
export class SimParallelGripper implements ParallelGripper, SimStateful {
  readonly kind = 'parallel-gripper';
  readonly name: string;
  readonly stateKey: string;
  readonly widthRangeM: readonly [number, number];
  readonly maxForceN: number;
  readonly pads?: GripperPads;
  readonly width$: Observable<{ readonly stampMs: number; readonly widthM: number }>;
  readonly objectDetected$: Observable<boolean>;
  /** Each hold's slide in the hand, when the hold ends (`effectors/hold-slide.ts`); a sim-only reading. */
  readonly holds$: Observable<HoldSlide>;
  /** Finger body handles, for sensing and tests. */
  readonly fingerBodyHandles: readonly number[];
  private readonly jaw: JawHandles;
  private readonly travel: JawTravel = jawTravelRecord();
  private readonly strokeM: number;
  private readonly slot: MotionSlot;
  private readonly widthSubject: BehaviorSubject<{ readonly stampMs: number; readonly widthM: number }>;
  private readonly detectedSubject = new BehaviorSubject(false);
  private state: GripperState;
  /** The pads' spin friction memory (saved with the state: it carries from step to step). */
  private spin: PadSpinState = padSpinState();
  private readonly holdSlides: HoldSlideTracker;
  private readonly holdSubject = new Subject<HoldSlide>();
  /** While a load is held, the solver iterations the hand had before (`effectors/steady-hold.ts`). */
  private steadiedFrom: number | null = null;

  constructor(
    private readonly sim: SimWorld,
    private readonly spec: GripperSpec,
  ) {
    this.name = spec.name;
    this.stateKey = `gripper/${spec.name}`;
    this.widthRangeM = [0, spec.maxWidthM];
    this.maxForceN = spec.maxForceN;
    if (spec.pads !== undefined) this.pads = spec.pads;
    this.slot = new MotionSlot(sim, spec.part);
    this.strokeM = totalStrokeM(spec.fingers);
    // Fingers start fully open, matching the initial command.
    this.jaw = buildParallelJaw(
      sim.rapier,
      sim.world,
      sim.body(spec.handBodyHandle),
      spec.fingers,
      COLLISION_GROUPS.hand,
    );
    spec.fingers.forEach((finger, i) => {
      for (const collider of this.jaw.padColliders[i]!) sim.colliderNames.set(collider, `finger ${finger.name}`);
    });
    this.fingerBodyHandles = this.jaw.fingerBodies;
    this.state = {
      phase: 'idle',
      commandS: 1,
      goalS: 1,
      rateSps: 0,
      forceN: spec.maxForceN,
      stalledS: 0,
      settledMs: 0,
      objectDetected: false,
      restTravelM: 0,
      restS: 0,
      deadlineMs: 0,
      stall: undefined,
    };
    this.widthSubject = new BehaviorSubject({ stampMs: sim.timeMs, widthM: this.widthM() });
    this.width$ = this.widthSubject.asObservable();
    this.objectDetected$ = this.detectedSubject.pipe(distinctUntilChanged());
    this.holdSlides = new HoldSlideTracker(spec.name, (body) => {
      const name = sim.colliderNames.get(sim.world.getRigidBody(body).collider(0).handle);
      if (name === undefined) return `body ${body}`;
      return name.startsWith('object ') ? name.slice('object '.length) : undefined;
    });
    this.holds$ = this.holdSubject.asObservable();
    this.applyMotors();
    sim.addPreStep((dtS) => this.control(dtS));
    sim.addPostStep((dtS) => this.sense(dtS));
    sim.addStateful(this);
  }

  /** Present pad gap, from the finger joint positions. */
  widthM(): number {
    return this.spec.maxWidthM * this.meanOpenFraction();
  }

  open(widthM = this.spec.maxWidthM, speedMps = this.spec.defaultSpeedMps ?? 0.1): Motion<{ readonly widthM: number }> {
    const width = clamp(widthM, 0, this.spec.maxWidthM);
    return {
      applied: { widthM: width },
      execution$: this.slot.execution(() => ({
        start: () => this.startMove(width / this.spec.maxWidthM, speedMps, this.spec.maxForceN),
        poll: () => {
          const { stall, phase } = this.state;
          if (stall !== undefined) return new HardwareFault('stalled', this.spec.part, stall.message, stall.detail);
          return phase === 'idle' ? 'done' : this.progress();
        },
        halt: () => this.freeze(),
      })),
    };
  }

  close(forceN: number, speedMps = this.spec.defaultSpeedMps ?? 0.1): Motion<{ readonly forceN: number }> {
    const force = clamp(forceN, 0, this.spec.maxForceN);
    return {
      applied: { forceN: force },
      execution$: this.slot.execution(() => ({
        start: () => this.startMove(0, speedMps, force),
        poll: () =>
          this.state.phase === 'squeezing' && this.state.settledMs >= SQUEEZE_SETTLE_MS ? 'done' : undefined,
        halt: () => this.freeze(),
      })),
    };
  }

  stop(): void {
    this.slot.stopActive();
    this.freeze();
  }

  saveState(): unknown {
    const spin: PadSpinState = { bodies: [...this.spin.bodies], turnRad: [...this.spin.turnRad] };
    const open = this.holdSlides.open;
    const hold = open === null ? null : { ...open };
    return { gripper: { ...this.state }, spin, hold, steadiedFrom: this.steadiedFrom };
  }

  loadState(state: unknown): void {
    const saved = state as {
      gripper: GripperState;
      spin: PadSpinState;
      hold: OpenHold | null;
      steadiedFrom: number | null;
    };
    this.state = { ...saved.gripper };
    this.spin = { bodies: [...saved.spin.bodies], turnRad: [...saved.spin.turnRad] };
    this.holdSlides.open = saved.hold ? { ...saved.hold } : null;
    this.steadiedFrom = saved.steadiedFrom ?? null;
    this.applyMotors();
  }

  /** The jaw's bodies and joints in the present world (a snapshot restore replaces them). */
  private parts(): JawParts {
    return jawParts(this.sim.world, this.sim.body(this.spec.handBodyHandle), this.jaw);
  }

  /** Opening fraction of the jaw from the finger bodies (0 closed, 1 open). */
  private meanOpenFraction(): number {
    jawTravel(this.parts(), this.spec.fingers, this.travel);
    return clamp(this.travel.travelM / this.strokeM, 0, 1);
  }

  private startMove(goalS: number, speedMps: number, forceN: number): void {
    const fromS = this.meanOpenFraction();
    // Sending the fingers anywhere releases what they held: the hold's slide is reported, its extra iterations end.
    const hold = this.holdSlides.end(this.sim.timeMs);
    if (hold !== undefined) this.holdSubject.next(hold);
    if (this.steadiedFrom !== null) endSteadyHold(this.sim.body(this.spec.handBodyHandle), this.steadiedFrom);
    this.steadiedFrom = null;
    const rateSps = Math.max(1e-3, speedMps) / this.spec.maxWidthM;
    this.state = {
      ...this.state,
      phase: 'moving',
      commandS: fromS,
      goalS,
      rateSps,
      forceN,
      stalledS: 0,
      settledMs: 0,
      restTravelM: fromS * this.strokeM,
      restS: 0,
      deadlineMs: this.sim.timeMs + openBoundMs(Math.abs(goalS - fromS) / rateSps, this.strokeM),
      stall: undefined,
    };
  }

  /** Holds the fingers where they are; a squeeze in progress keeps squeezing so nothing held drops. */
  private freeze(): void {
    if (this.state.phase === 'moving') this.state = { ...this.state, phase: 'idle', commandS: this.meanOpenFraction() };
  }

  private progress(): number {
    return 1 - Math.abs(this.state.commandS - this.state.goalS);
  }

  private control(dtS: number): void {
    const s = this.state;
    if (s.phase === 'moving') {
      const step = s.rateSps * dtS;
      s.commandS = s.goalS > s.commandS ? Math.min(s.goalS, s.commandS + step) : Math.max(s.goalS, s.commandS - step);
    }
    this.applyMotors();
    this.resistSpin(dtS);
  }

  private applyMotors(): void {
    const s = this.state;
    const parts = this.parts();
    jawTravel(parts, this.spec.fingers, this.travel);
    // Squeezing holds whatever is between the pads with the force limit, the fingers coupled like a real hand's.
    driveParallelJaw(
      parts,
      this.spec.fingers,
      { travelM: s.commandS * this.strokeM, forceN: s.forceN, squeeze: s.phase === 'squeezing' },
      this.travel,
    );
  }

  /** The pads' spin friction for the coming step, from the last step's contacts. */
  private resistSpin(dtS: number): void {
    const world = this.sim.world;
    const pads = this.jaw.padColliders.map((f) => f.map((c) => world.getCollider(c))) as [Collider[], Collider[]];
    resistPadSpin(world, this.parts(), pads, this.spin, dtS);
  }

  private sense(dtS: number): void {
    const s = this.state;
    const widthM = this.widthM();
    if (s.phase === 'moving' || s.phase === 'squeezing') {
      if (s.phase === 'moving') {
        const arrived = Math.abs(s.commandS - s.goalS) < 1e-9;
        // Blocked: stalled behind the closing command (the jaw law's rule, which datagen's trials use too).
        const closing = s.goalS < s.commandS + 1e-9;
        jawTravel(this.parts(), this.spec.fingers, this.travel);
        s.stalledS = closing ? jawStallS(s.stalledS, this.travel, s.commandS * this.strokeM, dtS) : 0;
        if (s.goalS === 0 && (arrived || s.stalledS >= PARALLEL_JAW_LAW.stallS - 1e-9)) {
          s.phase = 'squeezing';
          s.settledMs = 0;
        } else if (s.goalS > 0) {
          this.judgeOpening(arrived, dtS);
        }
      } else {
        s.settledMs += dtS * 1000;
      }
    }
    // An object is detected when the fingers hold apart short of closed: something is between them.
    const settled = s.phase === 'squeezing' && s.settledMs >= SQUEEZE_SETTLE_MS;
    s.objectDetected = settled && widthM > 0.002;
    if (settled) {
      const [a, b] = this.spin.bodies;
      const hand = this.sim.body(this.spec.handBodyHandle);
      const world = this.sim.world;
      const touches = (body: number): boolean => padsTouch(world, this.jaw.padColliders, body);
      this.holdSlides.sample(world, hand, a === b ? a : -1, this.sim.timeMs, touches);
      // Holding a load: the chain load → pads → fingers → hand → wrist gets the iterations to converge.
      if (this.holdSlides.open !== null && this.steadiedFrom === null) this.steadiedFrom = steadyHold(hand);
    }
    this.detectedSubject.next(s.objectDetected);
    this.widthSubject.next({ stampMs: this.sim.timeMs, widthM });
  }

  /**
   * Ends an opening as a real GripperCommand does, with `reached_goal` or `stalled`, judged on where the fingers
   * are rather than on their bodies' velocities: a finger pushed against a fixture by its servo reads a steady
   * 1 cm/s from the solver's position correction while it stays put, and an opening that waited for the fingers
   * to be still never ended (a put-back release in the restock demo waited 14 min of sim time). The fingers are at
   * rest once they moved less than the jaw law's stall speed would carry them in its stall time, for that time;
   * at rest within the law's blocked lag of the command's end they reached the goal, anywhere else they stalled.
   */
  private judgeOpening(commandArrived: boolean, dtS: number): void {
    const s = this.state;
    const law = PARALLEL_JAW_LAW;
    const travelM = this.travel.travelM;
    if (Math.abs(travelM - s.restTravelM) > law.stallSpeedMps * law.stallS) {
      s.restTravelM = travelM;
      s.restS = 0;
    } else {
      s.restS += dtS;
    }
    const atRest = s.restS >= law.stallS - 1e-9;
    const lagM = s.commandS * this.strokeM - travelM;
    if (atRest && commandArrived && Math.abs(lagM) <= law.blockedLagM) {
      s.phase = 'idle';
    } else if ((atRest && Math.abs(lagM) > law.blockedLagM) || this.sim.timeMs >= s.deadlineMs - 1e-9) {
      const widthM = this.widthM();
      const why = atRest ? 'stalled' : 'neither reached the width nor stalled in time';
      s.stall = {
        message: `opening to ${mm(s.goalS * this.spec.maxWidthM)} ${why} at ${mm(widthM)}`,
        detail: { widthM, goalWidthM: s.goalS * this.spec.maxWidthM, reachedGoal: false, stalled: true },
      };
      s.phase = 'idle';
      // Hold where they stopped instead of pressing the fixture at the force limit.
      s.commandS = this.meanOpenFraction();
    }
  }
}

/**
 * Longest an opening may take before it must have ended, ms: the command's ramp, then the time a finger still
 * moving at the jaw law's stall speed (any slower is a stall) needs to cover the whole stroke, then one stall
 * window. Any opening that neither arrives nor stalls by then is a fault.
 */
export function openBoundMs(rampS: number, strokeM: number): number {
  const law = PARALLEL_JAW_LAW;
  return (rampS + strokeM / law.stallSpeedMps + law.stallS) * 1000;
}

function mm(m: number): string {
  return `${(m * 1000).toFixed(1)} mm`;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
