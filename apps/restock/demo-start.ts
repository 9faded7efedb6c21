import { SceneFileError } from '../../scenes/scene-error.ts';
import { readCheckpoint } from './checkpoint-file.ts';
import type { Checkpoint } from './checkpoint-schema.ts';
import { resumeStore, type RunOptions } from './checkpoint.ts';
import type { DemoFlags } from './demo-args.ts';
import { KpiTracker } from './kpis.ts';
import { openStore, type StoreSession } from './store-session.ts';

/** A demo run ready to start: a fresh store from the flags, or one resumed from a checkpoint. */
export interface DemoStart {
  readonly store: StoreSession;
  readonly kpis: KpiTracker;
  /** The run's options (a resumed run's come from its checkpoint). */
  readonly options: RunOptions;
  /** Sim time the run ends at, ms (the original hours from the run's start, also when resumed). */
  readonly endMs: number;
  /** Where checkpoints go, if anywhere. */
  readonly checkpointPath: string | undefined;
  readonly resumedFrom: Checkpoint | undefined;
}

/**
 * Opens the store for `embody demo`: from the planogram and the flags, or, with `--resume`, from the checkpoint
 * (which keeps writing checkpoints to the same file unless `--checkpoint` names another). `resolve` turns a path
 * given on the command line into one to open. Throws `SceneFileError` for a bad planogram or checkpoint, naming
 * the file as given.
 */
export async function startDemo(
  flags: DemoFlags,
  resolve: (path: string) => string,
  defaultPlanogram: { readonly path: string; readonly shownAs: string },
): Promise<DemoStart> {
  const checkpointPath = flags.checkpoint ?? flags.resume;
  const resolvedCheckpoint = checkpointPath === undefined ? undefined : resolve(checkpointPath);
  if (flags.resume !== undefined) {
    const checkpoint = readCheckpoint(resolve(flags.resume), flags.resume);
    const { store, kpis } = await resumeStore(checkpoint, flags.resume).catch((error: unknown) => {
      if (error instanceof SceneFileError) throw error;
      throw new SceneFileError(flags.resume!, '', `cannot resume: ${(error as Error).message}`);
    });
    const { options } = checkpoint;
    return {
      store,
      kpis,
      options,
      endMs: options.hours * 3_600_000,
      checkpointPath: resolvedCheckpoint,
      resumedFrom: checkpoint,
    };
  }
  const planogramPath = flags.planogram === undefined ? defaultPlanogram.path : resolve(flags.planogram);
  let store: StoreSession;
  try {
    store = await openStore({ planogramPath, seed: flags.seed, initialFill: flags.fill });
  } catch (error) {
    if (error instanceof SceneFileError) throw error;
    throw new SceneFileError(flags.planogram ?? defaultPlanogram.shownAs, '', (error as Error).message);
  }
  return {
    store,
    kpis: new KpiTracker(),
    options: {
      planogramPath,
      planogramName: store.planogram.name,
      seed: flags.seed,
      hours: flags.hours,
      shoppersPerHour: flags.shoppers,
      fill: flags.fill,
    },
    endMs: store.simulation.sim.timeMs + flags.hours * 3_600_000,
    checkpointPath: resolvedCheckpoint,
    resumedFrom: undefined,
  };
}
