/**
 * The closed set of reasons a skill can fail for. Machine-readable so a `fallback` or `retry` can decide on it,
 * and stable so traces stay comparable across versions.
 */
export const FAILURE_REASONS = [
  'invalid-input',
  'unreachable',
  'no-grasp',
  'missed',
  'slipped',
  'collision',
  'no-path',
  'blocked',
  'timeout',
  'preempted',
  'precondition-failed',
  'all-failed',
  'hardware-fault',
  'internal-error',
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface SkillFailureOptions {
  /** Path of the node where the failure happened, e.g. `restock/pick/grasp`. Set by the runner when left out. */
  readonly path?: string;
  /** Failures of children that led to this one (a fallback lists each tried child). */
  readonly causes?: readonly SkillFailure[];
  /** Structured detail for people and logs: the values that made the skill give up. */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/**
 * The typed error a skill Observable fails with.
 *
 * @example
 * throw new SkillFailure('unreachable', 'no IK solution for pre-grasp pose', { detail: { errorM: 0.04 } });
 */
export class SkillFailure extends Error {
  override readonly name = 'SkillFailure';
  readonly reason: FailureReason;
  readonly path: string | undefined;
  readonly causes: readonly SkillFailure[];
  readonly detail: Readonly<Record<string, unknown>>;

  constructor(reason: FailureReason, message: string, options: SkillFailureOptions = {}) {
    super(message);
    this.reason = reason;
    this.path = options.path;
    this.causes = options.causes ?? [];
    this.detail = options.detail ?? {};
  }

  /** A copy that records where it happened; a failure keeps the first (deepest) path it was given. */
  at(path: string): SkillFailure {
    if (this.path !== undefined) return this;
    return new SkillFailure(this.reason, this.message, { path, causes: this.causes, detail: this.detail });
  }

  /** One line for a person: `slipped at restock/pick/grasp: payload force dropped 4.9 N -> 0.3 N`. */
  describe(): string {
    const where = this.path === undefined ? '' : ` at ${this.path}`;
    return `${this.reason}${where}: ${this.message}`;
  }

  toJSON(): Record<string, unknown> {
    return {
      reason: this.reason,
      message: this.message,
      path: this.path,
      detail: this.detail,
      causes: this.causes.map((c) => c.toJSON()),
    };
  }
}

/** Turns anything a skill errored with into a SkillFailure; a foreign error is an internal error, kept as detail. */
export function toSkillFailure(error: unknown): SkillFailure {
  if (error instanceof SkillFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SkillFailure('internal-error', message, { detail: { error: String(error) } });
}

export function isSkillFailure(error: unknown): error is SkillFailure {
  return error instanceof SkillFailure;
}
