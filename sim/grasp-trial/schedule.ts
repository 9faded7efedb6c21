import { SOLVER } from '../solver-config.ts';
import type { TrialScheduleName } from './types.ts';

/** Physics step of every trial: the robot's world's (240 Hz keeps 10 mm pads from tunnelling at closing speed). */
export const TRIAL_DT_S = 1 / SOLVER.stepHz;

/** A trial protocol in whole steps: close (object weightless), lift, hold, then one shake cycle per axis. */
export interface TrialSchedule {
  readonly closeSteps: number;
  /** Steps over which the finger target ramps from open to closed (≤ closeSteps). */
  readonly closeRampSteps: number;
  readonly liftSteps: number;
  readonly liftM: number;
  readonly holdSteps: number;
  /** World axes shaken one after another (0 = x, 1 = y, 2 = z), one cycle each. */
  readonly shakeAxes: readonly (0 | 1 | 2)[];
  readonly shakeStepsPerAxis: number;
  /**
   * The palm's path along each axis over its cycle (θ = 2π·t/T): `sine`, A·sin θ, starts and ends with a velocity
   * jump of A·ω; `windowed-sine`, A·sin θ·(1 − cos θ)/2 (a sine under a raised-cosine window), starts and ends at
   * rest with no acceleration, so its velocity and acceleration are continuous throughout.
   */
  readonly shakeProfile: 'sine' | 'windowed-sine';
  /** A of the profile, m. */
  readonly shakeAmplitudeM: number;
}

/**
 * Peak |acceleration| of the windowed sine in units of A·ω²: the largest |2 sin 2θ − sin θ| / 2, reached where
 * 8cos²θ − cos θ − 4 = 0.
 */
const WINDOWED_PEAK = ((): number => {
  const c = (1 - Math.sqrt(129)) / 16;
  return (Math.sqrt(1 - c * c) * Math.abs(4 * c - 1)) / 2;
})();

/** The fast protocol's shake: 5 Hz, peak 4π²·0.01 m·(5 Hz)² = 9.87 m/s² (the plain 1 cm sine's), 48 steps per axis. */
const FAST_SHAKE_STEPS = 48;
const FAST_SHAKE_PEAK_MPS2 = 0.01 * (2 * Math.PI * (SOLVER.stepHz / FAST_SHAKE_STEPS)) ** 2;

const SCHEDULES: Readonly<Record<TrialScheduleName, TrialSchedule>> = {
  // 240 steps (1 s): close 0.15 s, lift 6 cm in 0.2 s (cosine, peak 7.4 m/s²), hold 0.05 s, then a 5 Hz windowed
  // cycle along x, y and z (peak 9.9 m/s² each way, about 1 g on top of gravity; ±4.7 mm, at most 0.23 m/s).
  //
  // Protocol 1 shook a plain sine from rest, which jumps the palm's velocity by A·ω = 0.31 m/s within one step at
  // each axis's start and end: an impulse no squeeze carries by friction, so how far it threw a held object was set
  // by each engine's impulse handling rather than by Coulomb friction, and statics could not settle most
  // disagreements with the MuJoCo referee (58 of 80 on bench/verify-agreement.ts's seeds 11-14). The windowed cycle
  // (protocol 2, TRIAL_PROTOCOL.version) keeps the peak acceleration and has none of those jumps.
  fast: {
    closeSteps: 36,
    closeRampSteps: 24,
    liftSteps: 48,
    liftM: 0.06,
    holdSteps: 12,
    shakeAxes: [0, 1, 2],
    shakeStepsPerAxis: FAST_SHAKE_STEPS,
    shakeProfile: 'windowed-sine',
    shakeAmplitudeM: FAST_SHAKE_PEAK_MPS2 / (WINDOWED_PEAK * (2 * Math.PI * (SOLVER.stepHz / FAST_SHAKE_STEPS)) ** 2),
  },
  // The peers' common trial (peers/README.md): 516 steps, close 0.4 s, lift 10 cm over 1 s, hold 0.25 s, one
  // 2 Hz, 2 cm sine across y, as the peers shake (velocity jumps and all). The naive baseline of the benchmark.
  long: {
    closeSteps: 96,
    closeRampSteps: 80,
    liftSteps: 240,
    liftM: 0.1,
    holdSteps: 60,
    shakeAxes: [1],
    shakeStepsPerAxis: 120,
    shakeProfile: 'sine',
    shakeAmplitudeM: 0.02,
  },
};

/** The named protocol. */
export function trialSchedule(name: TrialScheduleName): TrialSchedule {
  return SCHEDULES[name];
}

/** Total steps of a protocol. */
export function totalSteps(s: TrialSchedule): number {
  return s.closeSteps + s.liftSteps + s.holdSteps + s.shakeAxes.length * s.shakeStepsPerAxis;
}

/** Peak shake acceleration of a protocol, m/s² (used by the analytic load prediction). */
export function peakShakeAccelMps2(s: TrialSchedule): number {
  const omega = (2 * Math.PI) / (s.shakeStepsPerAxis * TRIAL_DT_S);
  return s.shakeAmplitudeM * omega * omega * (s.shakeProfile === 'sine' ? 1 : WINDOWED_PEAK);
}

/** The shake's displacement along its axis at phase θ of the cycle, m. */
function shakeAt(s: TrialSchedule, theta: number): number {
  const sine = Math.sin(theta);
  return s.shakeAmplitudeM * (s.shakeProfile === 'sine' ? sine : (sine * (1 - Math.cos(theta))) / 2);
}

/** Palm displacement from its start after step `k` (world frame), written into `out` as [x, y, z]. */
export function palmOffsetAt(s: TrialSchedule, k: number, out: [number, number, number]): [number, number, number] {
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  const t = k + 1 - s.closeSteps;
  if (t <= 0) return out;
  // Cosine lift: zero velocity at both ends, so the object sees no velocity jump.
  out[2] = s.liftM * 0.5 * (1 - Math.cos(Math.PI * Math.min(1, t / s.liftSteps)));
  const shakeStep = t - s.liftSteps - s.holdSteps;
  if (shakeStep <= 0) return out;
  const axisIndex = Math.min(s.shakeAxes.length - 1, Math.floor((shakeStep - 1) / s.shakeStepsPerAxis));
  const within = shakeStep - axisIndex * s.shakeStepsPerAxis;
  if (within <= s.shakeStepsPerAxis) {
    out[s.shakeAxes[axisIndex]!] += shakeAt(s, (2 * Math.PI * within) / s.shakeStepsPerAxis);
  }
  return out;
}

/** Closing fraction of the finger target after step `k`: ramps 0 → 1, then stays closed. */
export function closeFractionAt(s: TrialSchedule, k: number): number {
  return Math.min(1, (k + 1) / s.closeRampSteps);
}
