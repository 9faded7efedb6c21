import type { JointTrajectoryTarget } from '../hardware/arm.ts';
import { planTrajectory, type ArmJointSpace, type PlannedTrajectory } from '../hardware/trajectory-plan.ts';

/** What a running trajectory was planned from: enough to plan it again, exactly, after a snapshot restore. */
export interface ActiveTrajectoryState {
  readonly start: readonly number[];
  readonly target: JointTrajectoryTarget;
  readonly startMs: number;
}

/**
 * The sim's joint trajectory controller for one motion: the shared plan (`planTrajectory`, the same timing and
 * interpolation as every backend) started at a sim time, sampled each physics step.
 */
export class ActiveTrajectory {
  private readonly plan: PlannedTrajectory;

  constructor(
    space: ArmJointSpace,
    readonly state: ActiveTrajectoryState,
  ) {
    this.plan = planTrajectory(space, state.start, state.target);
  }

  /** Joint positions the controller commands at sim time `timeMs`. */
  positionsAt(timeMs: number): number[] {
    return this.plan.at((timeMs - this.state.startMs) / 1000);
  }

  /** How long the trajectory runs, s. */
  get durationS(): number {
    return this.plan.durationS;
  }

  /** Fraction of the duration elapsed at `timeMs`: 1 once the trajectory has ended. */
  fractionAt(timeMs: number): number {
    const elapsedS = (timeMs - this.state.startMs) / 1000;
    return this.plan.durationS <= 0 ? 1 : Math.min(1, elapsedS / this.plan.durationS);
  }
}
