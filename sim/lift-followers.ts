import type { KinematicModel } from '../src/kinematics/model.ts';

/** One stretch of a lift's travel, rest to rest: where it starts and ends and the speed it may run at, m and m/s. */
export interface LiftStretch {
  readonly from: number;
  readonly to: number;
  readonly speedMps: number;
}

/**
 * A lift's travel from `from` to `to` split where a joint that mimics the lift (a biped's waist pitching and hips
 * setting back with its squat) reaches an end stop, each stretch no faster than `speedMps` nor than lets every
 * follower moving in it keep within its own velocity limit. A follower held at its end stop starts moving at full
 * speed the instant the lift passes that height: a step in its velocity, an unbounded acceleration of the torso,
 * and a spike in the ZMP. The lift stops there and starts again instead, so each follower's speed ramps up and down
 * with the lift's own acceleration. One stretch when nothing follows the lift.
 */
export function liftStretches(
  model: KinematicModel,
  jointName: string,
  from: number,
  to: number,
  speedMps: number,
): LiftStretch[] {
  const followers = [...model.joints.values()].filter((j) => j.mimic?.joint === jointName && j.mimic.multiplier !== 0);
  const kinks = new Set<number>();
  for (const f of followers) {
    const { multiplier, offset } = f.mimic!;
    for (const stop of [f.limits?.lower, f.limits?.upper]) {
      if (stop === undefined || !Number.isFinite(stop)) continue;
      const h = (stop - offset) / multiplier;
      if (h > Math.min(from, to) + 1e-9 && h < Math.max(from, to) - 1e-9) kinks.add(h);
    }
  }
  const heights = [from, ...[...kinks].sort((a, b) => (to > from ? a - b : b - a)), to];
  const stretches: LiftStretch[] = [];
  for (let i = 0; i + 1 < heights.length; i++) {
    const a = heights[i]!;
    const b = heights[i + 1]!;
    const mid = (a + b) / 2;
    let speed = speedMps;
    for (const f of followers) {
      const { multiplier, offset } = f.mimic!;
      const q = multiplier * mid + offset;
      const moving =
        (f.limits === undefined || (q > f.limits.lower && q < f.limits.upper)) && (f.limits?.velocity ?? 0) > 0;
      if (moving) speed = Math.min(speed, f.limits!.velocity / Math.abs(multiplier));
    }
    stretches.push({ from: a, to: b, speedMps: speed });
  }
  return stretches;
}
