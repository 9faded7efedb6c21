import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import { Matrix4, Quaternion, Vector2, Vector3 } from 'three';
import { HardwareFault, type Motion } from '../hardware/common.ts';
import type {
  BalanceState,
  BaseLimits,
  Footstep,
  MobileBase,
  StampedPose2D,
  Twist2D,
  WalkingLimits,
} from '../hardware/mobile-base.ts';
import { centerOfMass, massModel, type MassModel } from '../src/kinematics/center-of-mass.ts';
import { KinematicChain } from '../src/kinematics/chain.ts';
import { solveIk } from '../src/kinematics/ik.ts';
import type { KinematicModel, WalkingExtras } from '../src/kinematics/model.ts';
import { flatUnder, planFootsteps, type TerrainHeight } from '../src/locomotion/footstep-planner.ts';
import {
  stabilityMargin,
  supportPolygon,
  type FootPlacement,
  type SoleSize,
} from '../src/locomotion/support-polygon.ts';
import {
  planWalk,
  type FootSide,
  type GaitSettings,
  type PlannedStep,
  type WalkPlan,
  type WalkSample,
} from '../src/locomotion/walk-plan.ts';
import { planStop } from '../src/locomotion/stop-plan.ts';
import type { CarriedObject } from './carried-objects.ts';
import { zmpOf, type WristLoad } from '../src/locomotion/zmp.ts';
import { wrapAngle, type Pose2D } from '../src/math/pose.ts';
import type { SimRobotBody } from './robot-body.ts';
import { MotionSlot } from './sim-motion.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';

/** What the base needs to know of the robot beyond its URDF: the legs, the gait, and what hangs on the wrists. */
export interface SimBipedSpec {
  readonly walking: WalkingExtras;
  readonly legs: readonly { readonly name: FootSide; readonly hipLink: string; readonly soleLink: string }[];
  /** The loose objects the hands carry right now (off every support), from the physics world's contacts. */
  readonly carried: () => readonly CarriedObject[];
}

/** A plan is refused when its ZMP comes closer than this to the edge of the support polygon, m. */
const MIN_PLANNED_MARGIN_M = 0.01;
/** A running walk is stopped (the robot would tip) when the measured ZMP is this far outside, m. */
const TIP_MARGIN_M = -0.005;
/** Leg IK tolerances: the sole lands within a hundredth of a millimetre of its footstep. */
const LEG_IK = { maxIterations: 40, positionToleranceM: 1e-7, rotationToleranceRad: 1e-6 } as const;
/**
 * The CoM's acceleration is the second difference over this many ticks on either side (1/60 s at 240 Hz): over
 * one tick a tenth of a millimetre of IK noise would read as tens of centimetres of ZMP.
 */
const ACCELERATION_SPAN_TICKS = 4;
const GRAVITY_MPS2 = 9.81;
/** Time constant of the payload filter, s. */
const PAYLOAD_FILTER_S = 0.2;
/** The pelvis eases onto the feet's midpoint over the last this many seconds of a walk's settle. */
const SNAP_S = 0.5;

interface WalkState {
  readonly plan: WalkPlan;
  tick: number;
  /** Halt asked for: the swing under way lands, then the CoM comes to rest over the feet. */
  stopping: boolean;
}

interface BipedState {
  feet: Record<FootSide, FootPlacement>;
  root: { x: number; y: number; z: number; yawRad: number };
  walk: WalkState | undefined;
  /** Walks accepted while a stop was still under way: they start when it ends. */
  queued: PlannedStep[][];
}

/**
 * A biped's base in the sim. `walk(footsteps)` checks each footstep against the limits and the terrain (found by
 * ray casts against the static world), plans the CoM by ZMP preview control, refuses a plan whose ZMP leaves the
 * support polygon or whose legs cannot reach, and then drives the skeleton along it: the pelvis so that the
 * whole-body CoM follows the plan, the legs by IK so the soles stay on their footsteps. Every tick it measures the
 * ZMP from the whole-body CoM motion and the loads on the wrists (`balance$`). A squat is the lift's pelvis height;
 * the legs follow it by the same IK.
 */
export class SimBipedBase implements MobileBase, SimStateful {
  readonly kind = 'bipedal' as const;
  readonly stateKey: string;
  readonly limits: BaseLimits;
  readonly pose$: Observable<StampedPose2D>;
  readonly balance$: Observable<BalanceState>;
  readonly gait: Omit<GaitSettings, 'comHeightM'>;
  private readonly walkingLimits: WalkingLimits;
  private readonly sole: SoleSize;
  private readonly poseSubject: BehaviorSubject<StampedPose2D>;
  private readonly balanceSubject = new Subject<BalanceState>();
  private readonly slot: MotionSlot;
  private readonly legs: { readonly name: FootSide; readonly chain: KinematicChain; readonly toHip: KinematicChain }[];
  /** Every link's mass (hands included), where the kinematics put it. */
  private readonly masses: MassModel;
  /** The mass of each carried object as the balance counts it, kg: eased in and out over about 0.2 s. */
  private readonly carriedKg = new Map<string, number>();
  private readonly carriedAt = new Map<string, Vector3>();
  private state: BipedState;
  /** Whole-body CoM minus the root position at the last tick: the pelvis offset that puts the CoM on the plan. */
  private comOffset = new Vector3();
  private readonly history: { com: Vector3; support: BalanceState['support']; feet: FootPlacement[] }[] = [];
  private minMargin = Infinity;

  constructor(
    private readonly sim: SimWorld,
    private readonly body: SimRobotBody,
    private readonly spec: SimBipedSpec,
  ) {
    const model = body.model;
    this.stateKey = `biped/${body.id}`;
    this.sole = soleOf(model, spec.legs[0]!.soleLink);
    const w = spec.walking;
    this.walkingLimits = {
      maxStepLengthM: w.maxStepLengthM,
      maxStepWidthM: w.maxStepWidthM,
      maxTurnPerStepRad: w.maxTurnPerStepRad,
      maxStepHeightM: w.maxStepHeightM,
      stanceWidthM: w.stanceWidthM,
      soleLengthM: this.sole.lengthM,
      soleWidthM: this.sole.widthM,
    };
    const stepS = w.singleSupportS + w.doubleSupportS;
    this.limits = {
      maxLinearMps: w.maxStepLengthM / stepS,
      maxAngularRadps: w.maxTurnPerStepRad / stepS,
      maxLinearAccelMps2: 0.5,
      footprintRadiusM: Math.hypot(this.sole.lengthM / 2 + 0.05, w.stanceWidthM / 2 + this.sole.widthM / 2 + 0.1),
      maxStepLengthM: w.maxStepLengthM,
      maxStepHeightM: w.maxStepHeightM,
      walking: this.walkingLimits,
    };
    this.gait = {
      dtS: sim.dtS,
      singleSupportS: w.singleSupportS,
      doubleSupportS: w.doubleSupportS,
      startS: 0.4,
      settleS: 0.8,
      swingHeightM: w.swingHeightM,
      previewS: 1.6,
      sole: this.sole,
    };
    this.legs = spec.legs.map((leg) => ({
      name: leg.name,
      chain: KinematicChain.fromModel(model, leg.hipLink, leg.soleLink),
      toHip: KinematicChain.fromModel(model, model.rootLink, leg.hipLink),
    }));
    this.masses = massModel(model);
    const root = rootPose(body.rootInWorld);
    const standing = (foot: FootSide): FootPlacement => {
      const offset = ((foot === 'left' ? 1 : -1) * w.stanceWidthM) / 2;
      return {
        x: root.x - Math.sin(root.yawRad) * offset,
        y: root.y + Math.cos(root.yawRad) * offset,
        zM: root.z,
        yawRad: root.yawRad,
      };
    };
    this.state = { feet: { left: standing('left'), right: standing('right') }, root, walk: undefined, queued: [] };
    this.poseSubject = new BehaviorSubject<StampedPose2D>({ x: root.x, y: root.y, yawRad: root.yawRad, stampMs: 0 });
    this.pose$ = this.poseSubject.asObservable();
    this.balance$ = this.balanceSubject.asObservable();
    this.slot = new MotionSlot(sim, 'base');
    // Stand on the feet from the first step: the URDF's zero pose has straight legs below a pelvis that may sit
    // lower than that, so the solve starts from the middle of the legs' ranges (knees bent).
    for (const leg of this.legs) {
      leg.chain.jointNames.forEach((name, i) => {
        const limits = leg.chain.limits[i]!;
        body.joints[name] = (limits.lower + limits.upper) / 2;
      });
    }
    this.solveLegs(this.state.feet, this.state.root);
    this.comOffset = this.measureCom().sub(rootVector(this.state.root));
    sim.addPreStep(() => this.advance());
    sim.addStateful(this);
  }

  pose(): Pose2D {
    const { x, y, yawRad } = this.state.root;
    return { x, y, yawRad };
  }

  /** Where the soles stand (on the ground), world frame. */
  feet(): Readonly<Record<FootSide, FootPlacement>> {
    return this.state.feet;
  }

  /** The lowest ZMP margin measured since the last call, m; resets the count. */
  takeMinMargin(): number {
    const m = this.minMargin;
    this.minMargin = Infinity;
    return m;
  }

  /** This biped walks by footsteps only: a velocity command is not taken (the applied twist is zero). */
  setVelocity(_twist: Twist2D): Twist2D {
    return { vxMps: 0, vyMps: 0, wzRadps: 0 };
  }

  /** Walks to a pose: footsteps straight there (side steps and turns for a short move), then the feet together. */
  goTo(goal: Pose2D): Motion<Pose2D> {
    const start = this.pose();
    const limits = { ...this.walkingLimits, sole: this.sole };
    const steps = planFootsteps(
      [new Vector2(start.x, start.y), new Vector2(goal.x, goal.y)],
      start,
      goal.yawRad,
      limits,
      this.terrain,
    );
    const footsteps = steps.map((s) => ({
      foot: s.foot,
      pose: { x: s.to.x, y: s.to.y, yawRad: s.to.yawRad },
      zM: s.to.zM,
    }));
    return { applied: goal, execution$: this.walk(footsteps).execution$ };
  }

  walk(footsteps: readonly Footstep[]): Motion<readonly Footstep[]> {
    return {
      applied: footsteps,
      execution$: this.slot.execution(() => {
        let accepted: PlannedStep[] | undefined;
        let refusal: HardwareFault | undefined;
        let plan: WalkPlan | undefined;
        return {
          start: () => {
            try {
              accepted = this.checkFootsteps(footsteps);
              if (this.state.walk === undefined) {
                plan = this.planChecked(accepted);
                this.state.walk = { plan, tick: 0, stopping: false };
              } else {
                this.state.queued.push(accepted);
              }
            } catch (error) {
              refusal = error instanceof HardwareFault ? error : new HardwareFault('rejected', 'base', String(error));
            }
          },
          poll: () => {
            if (refusal !== undefined) return refusal;
            const walk = this.state.walk;
            if (plan === undefined) {
              // Queued behind a stop: it becomes the running walk when that ends.
              if (walk !== undefined && walk.plan.steps === accepted) plan = walk.plan;
              return undefined;
            }
            if (walk?.plan !== plan) return 'done';
            return walk.tick / plan.samples.length;
          },
          halt: () => {
            if (plan !== undefined && this.state.walk?.plan === plan) this.state.walk.stopping = true;
            this.state.queued = this.state.queued.filter((q) => q !== accepted);
          },
        };
      }),
    };
  }

  stop(): void {
    this.slot.stopActive();
    if (this.state.walk !== undefined) this.state.walk.stopping = true;
    this.state.queued = [];
  }

  saveState(): unknown {
    return {
      feet: { ...this.state.feet },
      root: { ...this.state.root },
      walk: this.state.walk === undefined ? undefined : { ...this.state.walk },
      queued: [...this.state.queued],
      comOffset: this.comOffset.toArray(),
    };
  }

  loadState(saved: unknown): void {
    const s = saved as BipedState & { comOffset: [number, number, number] };
    this.state = {
      feet: { ...s.feet },
      root: { ...s.root },
      walk: s.walk === undefined ? undefined : { ...s.walk },
      queued: [...s.queued],
    };
    this.comOffset = new Vector3(...s.comOffset);
    this.history.length = 0;
  }

  /** The static world's surface height under a floor point (a ray cast down past robots and loose objects). */
  private readonly terrain: TerrainHeight = (x, y) => {
    const { rapier, world } = this.sim;
    const top = this.state.root.z + 1.5;
    const ray = new rapier.Ray({ x, y, z: top }, { x: 0, y: 0, z: -1 });
    const flags = rapier.QueryFilterFlags.EXCLUDE_DYNAMIC | rapier.QueryFilterFlags.EXCLUDE_KINEMATIC;
    const hit = world.castRay(ray, 10, true, flags);
    return hit === null ? 0 : top - hit.timeOfImpact;
  };

  /** Each footstep against the limits (relative to the other foot when it lands) and flat under its sole. */
  private checkFootsteps(footsteps: readonly Footstep[]): PlannedStep[] {
    const feet = { ...this.lastPlannedFeet() };
    const limits = this.walkingLimits;
    return footsteps.map((footstep, i) => {
      const to: FootPlacement = {
        x: footstep.pose.x,
        y: footstep.pose.y,
        zM: footstep.zM ?? this.terrain(footstep.pose.x, footstep.pose.y),
        yawRad: footstep.pose.yawRad,
      };
      const stance = feet[footstep.foot === 'left' ? 'right' : 'left'];
      const c = Math.cos(stance.yawRad);
      const s = Math.sin(stance.yawRad);
      const forward = c * (to.x - stance.x) + s * (to.y - stance.y);
      const lateral = (footstep.foot === 'left' ? 1 : -1) * (-s * (to.x - stance.x) + c * (to.y - stance.y));
      const turn = Math.abs(wrapAngle(to.yawRad - stance.yawRad));
      const rise = Math.abs(to.zM - stance.zM);
      const eps = 1e-6;
      const refuse = (why: string): never => {
        throw new HardwareFault('rejected', 'base', `footstep ${i} (${footstep.foot}): ${why}`, { footstep: i });
      };
      if (Math.abs(forward) > limits.maxStepLengthM + eps)
        refuse(`${forward.toFixed(3)} m ahead of the other foot, limit ${limits.maxStepLengthM} m`);
      if (
        lateral < limits.stanceWidthM - limits.maxStepWidthM - eps ||
        lateral > limits.stanceWidthM + limits.maxStepWidthM + eps
      )
        refuse(
          `${lateral.toFixed(3)} m beside the other foot, allowed ${limits.stanceWidthM} ± ${limits.maxStepWidthM} m`,
        );
      if (turn > limits.maxTurnPerStepRad + eps)
        refuse(`turns ${turn.toFixed(3)} rad, limit ${limits.maxTurnPerStepRad}`);
      if (rise > limits.maxStepHeightM + eps) refuse(`a ${rise.toFixed(3)} m step, limit ${limits.maxStepHeightM} m`);
      if (!flatUnder(to, this.sole, this.terrain))
        refuse(`the sole would not land flat at (${to.x.toFixed(3)}, ${to.y.toFixed(3)})`);
      feet[footstep.foot] = to;
      return { foot: footstep.foot, to };
    });
  }

  /** Where the feet will be when the walks accepted so far have run. */
  private lastPlannedFeet(): Record<FootSide, FootPlacement> {
    const feet = { ...this.state.feet };
    const pending = [...(this.state.walk === undefined ? [] : [this.state.walk.plan.steps]), ...this.state.queued];
    for (const steps of pending) for (const step of steps) feet[step.foot] = step.to;
    return feet;
  }

  /** Plans a walk from standing and refuses it when the ZMP or the legs say it cannot be walked. */
  private planChecked(steps: readonly PlannedStep[]): WalkPlan {
    // The CoM starts where it stands (ahead of the feet's midpoint when the arms reach forward).
    const com = rootVector(this.state.root).add(this.comOffset);
    const plan = planWalk(
      this.state.feet,
      steps,
      { ...this.gait, comHeightM: this.comHeightM() },
      { x: [com.x, 0, 0], y: [com.y, 0, 0], zmp: { x: com.x, y: com.y } },
      this.restOffset(),
    );
    if (plan.minMarginM < MIN_PLANNED_MARGIN_M) {
      throw new HardwareFault(
        'rejected',
        'base',
        `the ZMP would come within ${(plan.minMarginM * 1000).toFixed(1)} mm of the support polygon's edge at ` +
          `t = ${plan.minMarginAtS.toFixed(2)} s (at least ${MIN_PLANNED_MARGIN_M * 1000} mm needed)`,
        { minMarginM: plan.minMarginM, atS: plan.minMarginAtS },
      );
    }
    const q = this.body.joints;
    for (let k = 0; k < plan.samples.length; k += 8) {
      const sample = plan.samples[k]!;
      const root = this.rootFor(sample);
      for (const leg of this.legs) {
        const seed = leg.chain.jointNames.map((name) => q[name] ?? 0);
        if (this.legIk(leg, sample[leg.name], root, seed) === undefined) {
          throw new HardwareFault(
            'rejected',
            'base',
            `the ${leg.name} leg cannot reach its sole at t = ${sample.tS.toFixed(2)} s of the walk`,
          );
        }
      }
    }
    return plan;
  }

  /** The CoM's offset from the root in the root's frame: where it rests relative to the feet's midpoint. */
  private restOffset(): { forwardM: number; leftM: number } {
    const c = Math.cos(this.state.root.yawRad);
    const s = Math.sin(this.state.root.yawRad);
    return {
      forwardM: c * this.comOffset.x + s * this.comOffset.y,
      leftM: -s * this.comOffset.x + c * this.comOffset.y,
    };
  }

  /** The CoM height above the mean sole height now: the pendulum length of the next walk. */
  private comHeightM(): number {
    return this.state.root.z + this.comOffset.z - (this.state.feet.left.zM + this.state.feet.right.zM) / 2;
  }

  /**
   * The root under a planned sample: shifted so the whole-body CoM lands on the plan's (the offset of the last tick),
   * at the support height (the pelvis height above it is the lift's), facing between the feet.
   */
  private rootFor(sample: WalkSample, plan?: WalkPlan): BipedState['root'] {
    const yawRad = wrapAngle(sample.left.yawRad + wrapAngle(sample.right.yawRad - sample.left.yawRad) / 2);
    let x = sample.com.x - this.comOffset.x;
    let y = sample.com.y - this.comOffset.y;
    // The CoM offset drifts by millimetres as the legs' posture changes from start to end; over the last part of
    // the settle the pelvis eases onto the feet's midpoint, so the base ends exactly on the goal.
    const remainingS = plan === undefined ? Infinity : plan.durationS - sample.tS;
    if (remainingS < SNAP_S && sample.stepIndex < 0) {
      const w = 1 - remainingS / SNAP_S;
      const s = w * w * (3 - 2 * w);
      x += ((sample.left.x + sample.right.x) / 2 - x) * s;
      y += ((sample.left.y + sample.right.y) / 2 - y) * s;
    }
    return { x, y, z: sample.groundZ, yawRad };
  }

  private advance(): void {
    const walk = this.state.walk;
    let feet: Record<FootSide, FootPlacement & { liftM?: number }> = this.state.feet;
    let support: BalanceState['support'] = 'double';
    if (walk !== undefined) {
      if (walk.stopping) this.replanStop(walk);
      const current = this.state.walk!;
      const sample = current.plan.samples[current.tick]!;
      feet = { left: sample.left, right: sample.right };
      support = sample.support;
      this.state.root = this.rootFor(sample, current.plan);
    }
    const solved = this.solveLegs(feet, this.state.root);
    if (!solved && walk !== undefined) {
      this.slot.failActive(new HardwareFault('protective-stop', 'base', 'a leg cannot reach its sole'));
    }
    const com = this.measureCom();
    this.comOffset = com.clone().sub(rootVector(this.state.root));
    this.monitor(com, support, support === 'double' ? [feet.left, feet.right] : [feet[support]]);
    if (walk !== undefined) {
      const current = this.state.walk!;
      current.tick += 1;
      if (current.tick >= current.plan.samples.length) this.finishWalk(current.plan);
    }
    const { x, y, yawRad } = this.state.root;
    this.poseSubject.next({ x, y, yawRad, stampMs: this.sim.timeMs + this.sim.dtS * 1000 });
  }

  private finishWalk(plan: WalkPlan): void {
    const last = plan.samples[plan.samples.length - 1]!;
    const onGround = (foot: FootPlacement & { liftM: number }): FootPlacement => ({
      x: foot.x,
      y: foot.y,
      zM: foot.zM - foot.liftM,
      yawRad: foot.yawRad,
    });
    this.state.feet = { left: onGround(last.left), right: onGround(last.right) };
    const next = this.state.queued.shift();
    this.state.walk = undefined;
    if (next === undefined) return;
    try {
      this.state.walk = { plan: this.planChecked(next), tick: 0, stopping: false };
    } catch (error) {
      this.slot.failActive(
        error instanceof HardwareFault ? error : new HardwareFault('rejected', 'base', String(error)),
      );
    }
  }

  /**
   * A halt mid-walk: the foot in the air lands where it was going, then the CoM is brought to rest over the feet
   * from its present motion (a preview plan with no more steps).
   */
  private replanStop(walk: WalkState): void {
    const sample = walk.plan.samples[walk.tick]!;
    if (sample.support !== 'double') return;
    const previous = walk.plan.samples[Math.max(0, walk.tick - 1)]!;
    const dt = this.gait.dtS;
    const velocity = (axis: 'x' | 'y'): number => (sample.com[axis] - previous.com[axis]) / dt;
    const feet = { left: groundOf(sample.left), right: groundOf(sample.right) };
    const offset = this.restOffset();
    const middleYaw = wrapAngle(feet.left.yawRad + wrapAngle(feet.right.yawRad - feet.left.yawRad) / 2);
    const restAt = {
      x: (feet.left.x + feet.right.x) / 2 + Math.cos(middleYaw) * offset.forwardM - Math.sin(middleYaw) * offset.leftM,
      y: (feet.left.y + feet.right.y) / 2 + Math.sin(middleYaw) * offset.forwardM + Math.cos(middleYaw) * offset.leftM,
    };
    const stop = planStop(
      feet,
      {
        x: [sample.com.x, velocity('x'), sample.comAcc.x],
        y: [sample.com.y, velocity('y'), sample.comAcc.y],
        zmp: { x: sample.zmp.x, y: sample.zmp.y },
      },
      restAt,
      { ...this.gait, comHeightM: this.comHeightM() },
    );
    this.state.feet = feet;
    this.state.walk = { plan: stop, tick: 0, stopping: false };
  }

  /** Puts the legs on the soles by IK below the pelvis the root and the lift give; false if one cannot reach. */
  private solveLegs(feet: Record<FootSide, FootPlacement & { liftM?: number }>, root: BipedState['root']): boolean {
    const q = this.body.joints;
    let ok = true;
    for (const leg of this.legs) {
      const seed = leg.chain.jointNames.map((name) => q[name] ?? 0);
      const solution = this.legIk(leg, feet[leg.name], root, seed);
      if (solution === undefined) {
        ok = false;
        continue;
      }
      leg.chain.jointNames.forEach((name, i) => (q[name] = solution[i]!));
    }
    this.body.rootInWorld = rootMatrix(root);
    this.body.markMoved();
    return ok;
  }

  private legIk(
    leg: SimBipedBase['legs'][number],
    foot: FootPlacement,
    root: BipedState['root'],
    seed: readonly number[],
  ): number[] | undefined {
    const q = this.body.joints;
    const hipInRoot = leg.toHip.fk(leg.toHip.jointNames.map((name) => q[name] ?? 0));
    const hipInWorld = rootMatrix(root).multiply(hipInRoot);
    const soleInWorld = new Matrix4().compose(
      new Vector3(foot.x, foot.y, foot.zM),
      new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), foot.yawRad),
      new Vector3(1, 1, 1),
    );
    const target = hipInWorld.invert().multiply(soleInWorld);
    const result = solveIk(leg.chain, target, { seed, ...LEG_IK });
    if (result.status !== 'converged' && result.positionErrorM > 1e-3) return undefined;
    return result.q;
  }

  /**
   * The CoM the walk plans with and the pelvis tracks: every link's mass where the kinematics put it, hands
   * included. It moves only as smoothly as the joints do; what the hands carry, and how they swing on their
   * wrists, the balance monitor reads at the wrists instead.
   */
  private measureCom(): Vector3 {
    return centerOfMass(this.masses, (link) => this.body.linkPose(link));
  }

  /**
   * The carried objects as vertical loads where they are: their weight only, eased in as an object leaves its
   * support and out as it is set down (over about 0.2 s), as the load on the feet changes in a real lift.
   */
  private payloads(): WristLoad[] {
    const alpha = this.sim.dtS / (PAYLOAD_FILTER_S + this.sim.dtS);
    const now = new Map(this.spec.carried().map((o) => [o.id, o] as const));
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

  /**
   * The ZMP of the tick before this one, from the CoM's motion (central differences) and the wrist loads, against
   * the support polygon of the feet that were on the ground then.
   */
  private monitor(com: Vector3, support: BalanceState['support'], onGround: FootPlacement[]): void {
    this.history.push({ com: com.clone(), support, feet: onGround.map((f) => ({ ...f })) });
    const span = ACCELERATION_SPAN_TICKS;
    if (this.history.length > 2 * span + 1) this.history.shift();
    if (this.history.length < 2 * span + 1) return;
    const a = this.history[0]!;
    const b = this.history[span]!;
    const c = this.history[2 * span]!;
    const h = span * this.sim.dtS;
    const acc = c.com
      .clone()
      .sub(b.com.clone().multiplyScalar(2))
      .add(a.com)
      .divideScalar(h * h);
    const groundZ = b.feet.reduce((sum, f) => sum + f.zM, 0) / b.feet.length;
    const zmp = zmpOf({ massKg: this.masses.totalKg, com: b.com, comAcc: acc }, this.payloads(), groundZ);
    const marginM = stabilityMargin(zmp, supportPolygon(b.feet, this.sole));
    this.minMargin = Math.min(this.minMargin, marginM);
    this.balanceSubject.next({ stampMs: this.sim.timeMs - h * 1000, zmp: [zmp.x, zmp.y], marginM, support: b.support });
    if (marginM < TIP_MARGIN_M) {
      this.slot.failActive(
        new HardwareFault(
          'protective-stop',
          'base',
          `the ZMP left the support polygon by ${(-marginM * 1000).toFixed(1)} mm: the robot would tip`,
          { marginM },
        ),
      );
    }
  }
}

function groundOf(foot: FootPlacement & { liftM: number }): FootPlacement {
  return { x: foot.x, y: foot.y, zM: foot.zM - foot.liftM, yawRad: foot.yawRad };
}

function rootPose(m: Matrix4): BipedState['root'] {
  const position = new Vector3();
  const quaternion = new Quaternion();
  m.decompose(position, quaternion, new Vector3());
  const forward = new Vector3(1, 0, 0).applyQuaternion(quaternion);
  return { x: position.x, y: position.y, z: position.z, yawRad: Math.atan2(forward.y, forward.x) };
}

function rootMatrix(root: BipedState['root']): Matrix4 {
  return new Matrix4().compose(
    new Vector3(root.x, root.y, root.z),
    new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), root.yawRad),
    new Vector3(1, 1, 1),
  );
}

function rootVector(root: BipedState['root']): Vector3 {
  return new Vector3(root.x, root.y, root.z);
}

/** The sole's size: the box collision of the foot link the sole frame hangs from. */
function soleOf(model: KinematicModel, soleLink: string): SoleSize {
  const joint = [...model.joints.values()].find((j) => j.child === soleLink);
  const foot = joint === undefined ? undefined : model.links.get(joint.parent);
  const box = foot?.collisions.find((c) => c.geometry.kind === 'box')?.geometry;
  if (box === undefined || box.kind !== 'box') {
    throw new Error(`${model.name}: the foot above ${soleLink} needs a box collision (the sole's size)`);
  }
  return { lengthM: box.sizeM[0], widthM: box.sizeM[1] };
}
