import { FAILURE_CODES, type FailureMode } from '../../sim/grasp-trial/types.ts';

/** Counts of (dataset label, referee outcome) pairs by failure mode. */
export interface Confusion {
  readonly modes: readonly FailureMode[];
  /** counts[label][referee] */
  readonly counts: Record<FailureMode, Record<FailureMode, number>>;
  readonly total: number;
  /** Trials where both say held, or both say not held. */
  readonly successAgreement: number;
  /** Trials where both name the same failure mode (or both succeed). */
  readonly modeAgreement: number;
}

/** Tallies pairs of (label, referee outcome). */
export function confusion(pairs: readonly { label: FailureMode; referee: FailureMode }[]): Confusion {
  const modes = Object.keys(FAILURE_CODES) as FailureMode[];
  const counts = Object.fromEntries(modes.map((a) => [a, Object.fromEntries(modes.map((b) => [b, 0]))])) as Record<
    FailureMode,
    Record<FailureMode, number>
  >;
  let success = 0;
  let mode = 0;
  for (const { label, referee } of pairs) {
    counts[label][referee]++;
    if ((label === 'none') === (referee === 'none')) success++;
    if (label === referee) mode++;
  }
  return { modes, counts, total: pairs.length, successAgreement: success, modeAgreement: mode };
}

/** The matrix as text: rows the dataset's labels, columns MuJoCo's outcomes. */
export function confusionText(c: Confusion, refereeName: string): string {
  const short: Record<string, string> = {
    none: 'success',
    collision_at_approach: 'collision',
    no_contact: 'no contact',
    slipped_during_lift: 'slip lift',
    slipped_during_shake: 'slip shake',
    palm_contact: 'palm',
  };
  const used = c.modes.filter((m) => c.modes.some((o) => c.counts[m][o] + c.counts[o][m] > 0));
  const width = 12;
  const lines = [
    `${'label \\ ' + refereeName}`.padEnd(width + 2) + used.map((m) => (short[m] ?? m).padStart(width)).join(''),
    ...used.map(
      (row) =>
        `  ${(short[row] ?? row).padEnd(width)}` +
        used.map((col) => String(c.counts[row][col]).padStart(width)).join(''),
    ),
  ];
  const pct = (n: number): string => (c.total === 0 ? '-' : `${((100 * n) / c.total).toFixed(1)} %`);
  lines.push(
    `success agreement ${c.successAgreement}/${c.total} (${pct(c.successAgreement)}), same failure mode ${c.modeAgreement}/${c.total} (${pct(c.modeAgreement)})`,
  );
  return `${lines.join('\n')}\n`;
}
