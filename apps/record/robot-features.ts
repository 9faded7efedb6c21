import type { KinematicModel } from '../../src/kinematics/model.ts';
import type { Robot } from '../../hardware/robot.ts';
import type { Motion } from '../../hardware/common.ts';
import type { RecordingParts } from './recording-robot.ts';

/**
 * One actuated part's share of a frame: the names of its state and action entries, how to read them, and how to
 * send an action back to the part (replay). Keeping the three together means the column names, the recorder and
 * the replayer cannot drift apart.
 */
export interface PartFeature {
  readonly stateNames: readonly string[];
  readonly actionNames: readonly string[];
  state(): number[];
  /** The command in effect, as numbers. */
  action(): number[];
  /** Sends the command `next` (this part's slice of an action row) to the part when it differs from `previous`. */
  replay(previous: readonly number[], next: readonly number[]): void;
}

/** Every part's features in frame order: arms, lift, grippers, suction cups, base. */
export function partFeatures(model: KinematicModel, parts: RecordingParts): PartFeature[] {
  const unit = (joint: string): string => (model.joints.get(joint)?.type === 'prismatic' ? 'm' : 'rad');
  const features: PartFeature[] = [];
  for (const arm of parts.arms) {
    features.push({
      stateNames: arm.jointNames.map((j) => `${j}.pos_${unit(j)}`),
      actionNames: [...arm.jointNames.map((j) => `${j}.target_${unit(j)}`), `${arm.name}.velocity_scale`],
      state: () => [...arm.currentState().positions],
      action: () => [...arm.command.targets, arm.command.velocityScale],
      replay: (previous, next) => {
        if (!changed(previous, next)) return;
        const n = arm.jointNames.length;
        run(arm.moveJoints({ positions: next.slice(0, n), velocityScale: next[n]! }));
      },
    });
  }
  const lift = parts.lift;
  if (lift !== undefined) {
    features.push({
      stateNames: [`${lift.jointName}.pos_m`],
      actionNames: [`${lift.jointName}.target_m`],
      state: () => [lift.height.value.heightM],
      action: () => [lift.command],
      replay: (previous, next) => {
        if (changed(previous, next)) run(lift.moveTo(next[0]!));
      },
    });
  }
  for (const gripper of parts.grippers) {
    features.push({
      stateNames: [`${gripper.name}.width_m`],
      actionNames: [`${gripper.name}.target_width_m`, `${gripper.name}.grip_force_n`],
      state: () => [gripper.width.value.widthM],
      action: () => [gripper.command.widthM, gripper.command.forceN],
      replay: (previous, next) => {
        if (!changed(previous, next)) return;
        const forceN = next[1]!;
        run(forceN > 0 ? gripper.close(forceN) : gripper.open(next[0]));
      },
    });
  }
  for (const cup of parts.suctionCups) {
    features.push({
      stateNames: [`${cup.name}.sealed`],
      actionNames: [`${cup.name}.vacuum`],
      state: () => [cup.sealed.value ? 1 : 0],
      action: () => [cup.command ? 1 : 0],
      replay: (previous, next) => {
        if (changed(previous, next)) cup.setVacuum(next[0]! > 0.5);
      },
    });
  }
  const base = parts.base;
  if (base !== undefined) {
    features.push({
      stateNames: ['base.x_m', 'base.y_m', 'base.yaw_rad'],
      actionNames: ['base.vx_mps', 'base.vy_mps', 'base.wz_radps'],
      state: () => [base.pose.value.x, base.pose.value.y, base.pose.value.yawRad],
      action: () => [base.command.vxMps, base.command.vyMps, base.command.wzRadps],
      replay: (previous, next) => {
        if (changed(previous, next)) base.setVelocity({ vxMps: next[0]!, vyMps: next[1]!, wzRadps: next[2]! });
      },
    });
  }
  return features;
}

/** Names of the `observation.wrench` entries: six per force/torque sensor, in the sensor frame. */
export function wrenchNames(robot: Robot): string[] {
  return robot.parts.ftSensors.flatMap((s) =>
    ['fx_n', 'fy_n', 'fz_n', 'tx_nm', 'ty_nm', 'tz_nm'].map((axis) => `${s.name}.${axis}`),
  );
}

/** The present readings of every force/torque sensor (what the skills see: biased at their last tare). */
export function wrenchValues(robot: Robot): number[] {
  return robot.parts.ftSensors.flatMap((s) => {
    const w = s.currentWrench();
    return [...w.forceN, ...w.torqueNm];
  });
}

function changed(previous: readonly number[], next: readonly number[]): boolean {
  return next.some((v, i) => v !== previous[i]);
}

/** Starts a replayed motion; its end, a preemption by the next command or a fault is the replayed episode's own. */
function run(motion: Motion<unknown>): void {
  motion.execution$.subscribe({ error: () => undefined });
}
