import { Subscription } from 'rxjs';
import { HardwareFault } from '../../hardware/common.ts';
import type { Lift } from '../../hardware/lift.ts';
import type { PlannedStep, WalkPlan } from '../../src/locomotion/walk-plan.ts';
import type { MotionDriver } from '../sim-motion.ts';

/** The walk the base is running: its plan, the tick it is at, and whether a halt was asked for. */
export interface WalkState {
  readonly plan: WalkPlan;
  tick: number;
  /** Halt asked for: the swing under way lands, then the CoM comes to rest over the feet. */
  stopping: boolean;
}

/** The base's walks: the one running and those accepted while a stop was under way (they start when it ends). */
export interface WalkSchedule {
  walk: WalkState | undefined;
  queued: PlannedStep[][];
}

/** What one walk command needs of the biped's base. */
export interface WalkHost {
  /** The base's schedule as it is now (the command queues, starts and unqueues its own walk in it). */
  schedule(): WalkSchedule;
  /** Plans a walk from standing; throws a `rejected` fault when the ZMP or the legs say it cannot be walked. */
  planChecked(steps: readonly PlannedStep[]): WalkPlan;
  /** The pelvis height to stand up to first, when the squat is too deep to step from (throws when none will do). */
  standUpHeightFor(steps: readonly PlannedStep[]): number | undefined;
  readonly lift: Lift | undefined;
}

/**
 * The life of one `walk(footsteps)` command, as the base's motion slot runs it: the footsteps are checked
 * (`accept`, which throws a `rejected` fault naming the first bad one), then the walk is queued behind a stop
 * under way, or starts at once, or first stands the robot up with the lift when its squat is too deep to step
 * from. Progress is the fraction of the plan's ticks walked; a halt lands the swing foot and brings the CoM to rest.
 */
export function walkCommand(accept: () => PlannedStep[], host: WalkHost): MotionDriver {
  let accepted: PlannedStep[] | undefined;
  let refusal: HardwareFault | undefined;
  let plan: WalkPlan | undefined;
  let standingUp: { subscription: Subscription; done: boolean } | undefined;
  const refuse = (error: unknown): void => {
    refusal = error instanceof HardwareFault ? error : new HardwareFault('rejected', 'base', String(error));
  };
  const rise = (toM: number): void => {
    const rising = { done: false, subscription: Subscription.EMPTY };
    standingUp = rising;
    rising.subscription = host.lift!.moveTo(toM).execution$.subscribe({
      error: refuse,
      complete: () => (rising.done = true),
    });
  };
  const begin = (steps: PlannedStep[]): void => {
    plan = host.planChecked(steps);
    host.schedule().walk = { plan, tick: 0, stopping: false };
  };
  return {
    start: () => {
      try {
        accepted = accept();
        if (host.schedule().walk !== undefined) {
          host.schedule().queued.push(accepted);
          return;
        }
        const riseToM = host.standUpHeightFor(accepted);
        if (riseToM === undefined) {
          begin(accepted);
          return;
        }
        rise(riseToM);
      } catch (error) {
        refuse(error);
      }
    },
    poll: () => {
      if (refusal !== undefined) return refusal;
      if (standingUp !== undefined && plan === undefined) {
        if (!standingUp.done) return 0;
        try {
          // The height was judged with the CoM offset of the body in the squat; the walk is planned again with the
          // body as it stands up there, and a sole can be out of reach again (store round seed 2: the right leg at
          // t = 5.6 s): it rises further, at least a step each time, or is refused at the top of the lift.
          const higherM = host.standUpHeightFor(accepted!);
          if (higherM !== undefined) {
            rise(higherM);
            return 0;
          }
          begin(accepted!);
        } catch (error) {
          refuse(error);
          return refusal;
        }
      }
      const walk = host.schedule().walk;
      if (plan === undefined) {
        // Queued behind a stop: it becomes the running walk when that ends.
        if (walk !== undefined && walk.plan.steps === accepted) plan = walk.plan;
        return undefined;
      }
      if (walk?.plan !== plan) return 'done';
      return walk.tick / plan.samples.length;
    },
    halt: () => {
      standingUp?.subscription.unsubscribe();
      const schedule = host.schedule();
      if (plan !== undefined && schedule.walk?.plan === plan) schedule.walk.stopping = true;
      schedule.queued = schedule.queued.filter((q) => q !== accepted);
    },
  };
}
