import { confusion, type Confusion } from './confusion.ts';
import { readDataset, sampleTrials, type ReplayTrial } from './dataset-sample.ts';
import { loadMujocoOnce, replayTrial, type ReplayOutcome } from './mujoco-replay.ts';
import type { FailureMode } from '../../sim/grasp-trial/types.ts';

/** One replayed trial: the dataset's label and MuJoCo's outcome. */
export interface VerifiedTrial {
  readonly object: string;
  readonly trialIndex: number;
  readonly label: FailureMode;
  readonly referee: ReplayOutcome;
}

/** What a verification run found. */
export interface VerifyReport {
  readonly referee: string;
  readonly sampled: number;
  readonly available: number;
  readonly confusion: Confusion;
  readonly trials: readonly VerifiedTrial[];
}

/** Replays a sample of a dataset's labelled grasps in MuJoCo and tallies agreement by failure mode. */
export async function verifyDataset(
  dir: string,
  options: { sample: number; seed: number; onTrial?: (done: number, total: number) => void },
): Promise<VerifyReport> {
  const dataset = await readDataset(dir);
  const mj = await loadMujocoOnce();
  const picked: readonly ReplayTrial[] = sampleTrials(dataset.trials, options.sample, options.seed);
  const trials = picked.map((trial, i): VerifiedTrial => {
    const shape = dataset.shapes.get(trial.object);
    if (shape === undefined)
      throw new Error(`verify: object ${trial.object} is in index.parquet but not in meta/info.json`);
    const referee = replayTrial(mj, dataset.effector, shape, dataset.schedule, trial);
    options.onTrial?.(i + 1, picked.length);
    return { object: trial.object, trialIndex: trial.trialIndex, label: trial.label, referee };
  });
  return {
    referee: `MuJoCo ${mj.mj_versionString()} (mujoco-js)`,
    sampled: trials.length,
    available: dataset.trials.length,
    confusion: confusion(trials.map((t) => ({ label: t.label, referee: t.referee.failure }))),
    trials,
  };
}
