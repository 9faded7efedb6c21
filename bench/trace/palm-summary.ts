import type { trialSchedule } from '../../sim/grasp-trial/schedule.ts';
import { TRIAL_PROTOCOL } from '../../sim/grasp-trial/protocol.ts';
import type { Trace } from './trace-step.ts';

/**
 * The palm judge's reading over one engine's trace, phase by phase: the palm's force against the threshold, the
 * longest run above it and where it first reaches a check window (the judge then fails the grasp at its next
 * check), the nearest the object came to the palm, and its slide along the pads (z) and turn about the closing axis.
 */
export function palmSummary(t: Trace, thresholdN: number, schedule: ReturnType<typeof trialSchedule>): string {
  const closeEnd = schedule.closeSteps - 1;
  const liftEnd = closeEnd + schedule.liftSteps + schedule.holdSteps;
  const phases: [string, number, number][] = [
    ['lift+hold', closeEnd + 1, liftEnd],
    ['shake', liftEnd + 1, t.steps.length - 1],
  ];
  let run = 0;
  let longest = 0;
  let window: number | null = null;
  for (const s of t.steps) {
    if (s.step <= closeEnd) continue;
    run = s.palmJudgeN > thresholdN ? run + 1 : 0;
    longest = Math.max(longest, run);
    if (window === null && run >= TRIAL_PROTOCOL.checkEverySteps) window = s.step;
  }
  const z0 = t.steps[closeEnd]?.at[2] ?? NaN;
  const parts = phases.map(([name, a, b]) => {
    const ss = t.steps.filter((s) => s.step >= a && s.step <= b);
    if (ss.length === 0) return `${name} -`;
    const maxN = Math.max(...ss.map((s) => s.palmJudgeN));
    const above = ss.filter((s) => s.palmJudgeN > thresholdN).length;
    const gap = Math.min(...ss.map((s) => s.palmGapM));
    const slide = Math.min(...ss.map((s) => s.at[2] - z0));
    const turn = Math.max(...ss.map((s) => Math.abs(s.turn[0])));
    return (
      `${name} (${a}-${b}): max ${maxN.toFixed(2)} N, ${above}/${ss.length} steps above, ` +
      `gap min ${(gap * 1000).toFixed(2)} mm, slide to palm ${(-slide * 1000).toFixed(2)} mm, ` +
      `turn x ${((turn * 180) / Math.PI).toFixed(1)}°`
    );
  });
  return (
    `threshold ${thresholdN.toFixed(2)} N, longest run ${longest} steps, window full at ` +
    `${window ?? '-'}; closed gap ${((t.steps[closeEnd]?.palmGapM ?? NaN) * 1000).toFixed(2)} mm; ${parts.join('; ')}`
  );
}
