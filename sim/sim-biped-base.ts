import { BehaviorSubject, type Observable } from 'rxjs';
import { Vector3 } from 'three';
import { HardwareFault, type Motion } from '../hardware/common.ts';
import type { Lift } from '../hardware/lift.ts';
import type { PostureBalance } from '../hardware/posture-balance.ts';
import type {
  BalanceState,
  BaseLimits,
  Footstep,
  MobileBase,
  StampedPose2D,
  Twist2D,
  WalkingLimits,
} from '../hardware/mobile-base.ts';
import type { WalkingExtras } from '../src/kinematics/model.ts';
import type { TerrainHeight } from '../src/locomotion/footstep-planner.ts';
import type { FootPlacement, SoleSize } from '../src/locomotion/support-polygon.ts';
import { type FootSide, type GaitSettings, type PlannedStep, type WalkPlan } from '../src/locomotion/walk-plan.ts';
import type { Pose2D } from '../src/math/pose.ts';
import { BalanceMonitor } from './biped/balance-monitor.ts';
import { BipedLegs, feetUnder, rootPose, rootVector, soleOf, type LegSpec, type RootPose } from './biped/biped-legs.ts';
import { checkFootsteps, footstepsTo, staticTerrain } from './biped/footstep-check.ts';
import { legsCannotWalk, standUpHeight } from './biped/stand-up.ts';
import { STATIC_MARGIN_M, StaticBalance, type JointPath } from './biped/static-balance.ts';
import { walkCommand, type WalkHost, type WalkSchedule, type WalkState } from './biped/walk-command.ts';
import {
  bipedCapabilities,
  groundOf,
  planHalt,
  planStandingWalk,
  rootFor,
  type Standing,
} from './biped/walk-motion.ts';
import type { CarriedObject } from './carried-objects.ts';
import type { SimRobotBody } from './robot-body.ts';
import { MotionSlot } from './sim-motion.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';

/** What the base needs to know of the robot beyond its URDF: the legs, the gait, and what hangs on the wrists. */
export interface SimBipedSpec {
  readonly walking: WalkingExtras;
  readonly legs: readonly LegSpec[];
  /** The loose objects the hands carry right now (off every support), from the physics world's contacts. */
  readonly carried: () => readonly CarriedObject[];
  /**
   * The lift that sets the pelvis height (the squat), when the robot has one: a walk asked for in a squat too deep
   * for the legs to step first stands up with it, as far as the steps need.
   */
  readonly lift?: Lift;
}

/** A running walk is stopped (the robot would tip) when the measured ZMP is this far outside, m. */
const TIP_MARGIN_M = -0.005;

interface BipedState extends WalkSchedule {
  feet: Record<FootSide, FootPlacement>;
  root: RootPose;
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
  /** Static balance of postures, standing on both feet in the walking stance where the robot stands now. */
  readonly postureBalance: PostureBalance;
  readonly gait: Omit<GaitSettings, 'comHeightM'>;
  private readonly walkingLimits: WalkingLimits;
  private readonly sole: SoleSize;
  private readonly poseSubject: BehaviorSubject<StampedPose2D>;
  private readonly slot: MotionSlot;
  private readonly legs: BipedLegs;
  private readonly balance: BalanceMonitor;
  private readonly statics: StaticBalance;
  private state: BipedState;
  /** Whole-body CoM minus the root position at the last tick: the pelvis offset that puts the CoM on the plan. */
  private comOffset = new Vector3();
  /** What a walk command needs of this base (`walkCommand`). */
  private readonly walkHost: WalkHost;
  /** The static world's surface height under a floor point (a ray cast down past robots and loose objects). */
  private readonly terrain: TerrainHeight;

  constructor(
    private readonly sim: SimWorld,
    private readonly body: SimRobotBody,
    private readonly spec: SimBipedSpec,
  ) {
    const model = body.model;
    this.stateKey = `biped/${body.id}`;
    this.sole = soleOf(model, spec.legs[0]!.soleLink);
    const capabilities = bipedCapabilities(spec.walking, this.sole, sim.dtS);
    this.walkingLimits = capabilities.walking;
    this.limits = capabilities.base;
    this.gait = capabilities.gait;
    this.legs = new BipedLegs(body, spec.legs);
    this.balance = new BalanceMonitor(body, this.sole, sim.dtS, spec.carried);
    this.statics = new StaticBalance(body, this.legs, this.balance.masses, this.sole, spec.carried);
    this.postureBalance = {
      requiredMarginM: STATIC_MARGIN_M,
      marginM: (joints, loads) => {
        const root = this.state.root;
        return this.statics.postureMargin(joints, { feet: feetUnder(root, spec.walking.stanceWidthM), root }, loads);
      },
    };
    this.terrain = staticTerrain(sim, () => this.state.root.z + 1.5);
    const root = rootPose(body.rootInWorld);
    this.state = { feet: feetUnder(root, spec.walking.stanceWidthM), root, walk: undefined, queued: [] };
    this.poseSubject = new BehaviorSubject<StampedPose2D>({ x: root.x, y: root.y, yawRad: root.yawRad, stampMs: 0 });
    this.pose$ = this.poseSubject.asObservable();
    this.balance$ = this.balance.balance$;
    this.slot = new MotionSlot(sim, 'base');
    this.walkHost = {
      schedule: () => this.state,
      planChecked: (steps) => this.planChecked(steps),
      standUpHeightFor: (steps) => this.standUpHeightFor(steps),
      lift: spec.lift,
    };
    this.legs.bendToMidRange();
    this.legs.solve(this.state.feet, this.state.root);
    this.comOffset = this.balance.measureCom().sub(rootVector(this.state.root));
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
    return this.balance.takeMinMargin();
  }

  /**
   * Why a standing arm or squat motion along `path` may not start (`StaticBalance.refusal`: its posture would put
   * the static CoM too near or past the edge of the feet), if so. A walk's own motion is watched by the live ZMP
   * check instead, so nothing is judged while one runs or waits.
   */
  refusePosture(part: string, path: JointPath): HardwareFault | undefined {
    if (this.state.walk !== undefined || this.state.queued.length > 0) return undefined;
    return this.statics.refusal(part, path, { feet: this.state.feet, root: this.state.root });
  }

  /** This biped walks by footsteps only: a velocity command is not taken (the applied twist is zero). */
  setVelocity(_twist: Twist2D): Twist2D {
    return { vxMps: 0, vyMps: 0, wzRadps: 0 };
  }

  /** Walks to a pose: footsteps straight there (`footstepsTo`). */
  goTo(goal: Pose2D): Motion<Pose2D> {
    const footsteps = footstepsTo(this.pose(), goal, { ...this.walkingLimits, sole: this.sole }, this.terrain);
    return { applied: goal, execution$: this.walk(footsteps).execution$ };
  }

  walk(footsteps: readonly Footstep[]): Motion<readonly Footstep[]> {
    const accept = (): PlannedStep[] =>
      checkFootsteps(footsteps, this.lastPlannedFeet(), this.walkingLimits, this.sole, this.terrain);
    return { applied: footsteps, execution$: this.slot.execution(() => walkCommand(accept, this.walkHost)) };
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
    this.balance.reset();
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
    const plan = planStandingWalk(this.standing(), steps, this.gait);
    const why = this.legsCannotWalk(plan);
    if (why !== undefined) throw new HardwareFault('rejected', 'base', why);
    return plan;
  }

  /** Why the legs cannot follow a planned walk at the present pelvis height, if so. */
  private legsCannotWalk(plan: WalkPlan): string | undefined {
    return legsCannotWalk(this.legs, plan, this.comOffset);
  }

  /** The pelvis height to stand up to before walking `steps` (`standUpHeight`), if the squat is too deep. */
  private standUpHeightFor(steps: readonly PlannedStep[]): number | undefined {
    const plan = planStandingWalk(this.standing(), steps, this.gait);
    return this.spec.lift && standUpHeight(this.body.joints, this.spec.lift, plan, (p) => this.legsCannotWalk(p));
  }

  private standing(): Standing {
    return { feet: this.state.feet, root: this.state.root, comOffset: this.comOffset };
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
      this.state.root = rootFor(sample, this.comOffset, current.plan);
    }
    const solved = this.legs.solve(feet, this.state.root);
    if (!solved && walk !== undefined) {
      this.slot.failActive(new HardwareFault('protective-stop', 'base', 'a leg cannot reach its sole'));
    }
    const com = this.balance.measureCom();
    this.comOffset = com.clone().sub(rootVector(this.state.root));
    const onGround = support === 'double' ? [feet.left, feet.right] : [feet[support]];
    const marginM = this.balance.record(com, support, onGround, this.sim.timeMs);
    if (marginM !== undefined && marginM < TIP_MARGIN_M) {
      this.slot.failActive(
        new HardwareFault(
          'protective-stop',
          'base',
          `the ZMP left the support polygon by ${(-marginM * 1000).toFixed(1)} mm: the robot would tip`,
          { marginM },
        ),
      );
    }
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
    this.state.feet = { left: groundOf(last.left), right: groundOf(last.right) };
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

  /** A halt mid-walk: the foot in the air lands where it was going, then the CoM comes to rest over the feet. */
  private replanStop(walk: WalkState): void {
    const halt = planHalt(walk.plan, walk.tick, this.standing(), this.gait);
    if (halt === undefined) return;
    this.state.feet = halt.feet;
    this.state.walk = { plan: halt.plan, tick: 0, stopping: false };
  }
}
