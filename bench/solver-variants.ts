// Trial solver variants named on a bench's command line: `8x1`, `4x2@1mm` (substeps × inner iterations, optionally
// @ a contact prediction distance). Shared by the benches that weigh a variant's speed against its labels
// (datagen-levers, datagen-peers, verify-agreement).
import type { TrialSolverVariant } from '../sim/grasp-trial/trial-world.ts';

/** Parses a comma list of variants; `envName` names the setting in the error. */
export function parseSolverVariants(spec: string, envName: string): TrialSolverVariant[] {
  return spec.split(',').map((v) => {
    const m = /^(\d+)x(\d+)(?:@([\d.]+)mm)?$/.exec(v.trim());
    if (m === null)
      throw new Error(`${envName}: ${v} is not substeps×inner iterations[@prediction mm], e.g. 8x1 or 8x1@1mm`);
    const counts = { solverIterations: Number(m[1]), internalPgsIterations: Number(m[2]) };
    return m[3] === undefined ? counts : { ...counts, predictionDistanceM: Number(m[3]) / 1000 };
  });
}

/** A variant's name as the benches print it: `8×1`, `4×2 @ 1 mm`. */
export function solverVariantName(v: TrialSolverVariant): string {
  const at = v.predictionDistanceM === undefined ? '' : ` @ ${1000 * v.predictionDistanceM} mm`;
  return `${v.solverIterations}×${v.internalPgsIterations}${at}`;
}
