/**
 * What a running skill Observable emits: progress only. Success is completion and failure is an error,
 * as the contract says, so there is no status field to get out of sync with the stream.
 */
export interface SkillProgress {
  /** Stable id of the emitting node in its graph (`0/1/2`), the same on every run of the same graph. */
  readonly nodeId: string;
  /** Readable path of the emitting node (`restock/pick/grasp`). */
  readonly path: string;
  /** Short phase name: `approach`, `close`, `lift` ... */
  readonly message: string;
  /** 0..1 when the skill knows how far along it is. */
  readonly fraction?: number;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** What a skill's own `run` emits; the runner stamps node id and path on it. */
export type ProgressUpdate = Omit<SkillProgress, 'nodeId' | 'path'>;
