// Trial solver variants named on a bench's command line: `8x1`, `4x2@1mm` (substeps × inner iterations, optionally
// @ a contact prediction distance). Shared by the benches that weigh a variant's speed against its labels
// (datagen-levers, datagen-peers, verify-agreement).
import { trialChunkOf } from '../apps/datagen/chunk-executor.ts';
import { planObject, type PlanSettings } from '../apps/datagen/object-plan.ts';
import type { DatagenObject } from '../apps/datagen/object-source.ts';
import { runTrialChunk } from '../sim/grasp-trial/run-chunk.ts';
import type { TrialSolverVariant, TrialTemplate } from '../sim/grasp-trial/trial-world.ts';
import type { FailureMode } from '../sim/grasp-trial/types.ts';
import { loadRapier } from '../sim/rapier.ts';

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

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Every planned grasp labelled anew in this thread with `variant`: labels by `object#trialIndex`, and the CPU s. */
export async function labelWithSolver(
  objects: readonly DatagenObject[],
  settings: PlanSettings,
  variant: TrialSolverVariant,
): Promise<{ labels: Map<string, FailureMode>; cpuS: number }> {
  const rapier = await loadRapier(settings.engine);
  const templates = new Map<string, TrialTemplate>();
  const labels = new Map<string, FailureMode>();
  const c0 = cpuSeconds();
  objects.forEach((object, i) => {
    const plan = planObject(object, i, settings);
    for (let chunk = 0; chunk < plan.chunkCount; chunk++) {
      const trialChunk = trialChunkOf({ plan, chunk }, settings);
      const results = runTrialChunk(rapier, trialChunk, {
        reuse: true,
        templates,
        templateKey: String(i),
        solverVariant: variant,
      });
      results.forEach((r, k) => labels.set(`${object.name}#${trialChunk.firstTrialIndex + k}`, r.failure));
    }
  });
  return { labels, cpuS: cpuSeconds() - c0 };
}
