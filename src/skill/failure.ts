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
  'exhausted',
  'preempted',
  'precondition-failed',
  'all-failed',
  'hardware-fault',
  'internal-error',
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

/**
 * Reasons that end the whole run: a bug (`internal-error`, any thrown error that is not a `SkillFailure`) or input
 * that no other branch can make valid (`invalid-input`). No fallback, parallel or retry catches them, as
 * BehaviorTree.CPP and py_trees let an exception end the tree rather than tick the next branch while the robot moves.
 */
export const FATAL_REASONS: readonly FailureReason[] = ['internal-error', 'invalid-input'];

/**
 * Reasons a `retry` never retries, whatever its `when` says: the fatal ones, and those a second try cannot change
 * (something preempted the skill on purpose; a precondition does not become true by trying again).
 */
export const NOT_RETRIED_REASONS: readonly FailureReason[] = [...FATAL_REASONS, 'preempted', 'precondition-failed'];

export interface SkillFailureOptions {
  /** Path of the node where the failure happened, e.g. `restock/pick/grasp`. Set by the runner when left out. */
  readonly path?: string;
  /** Failures of children that led to this one (a fallback lists each tried child). */
  readonly causes?: readonly SkillFailure[];
  /** Structured detail for people and logs: the values that made the skill give up. */
  readonly detail?: Readonly<Record<string, unknown>>;
  /** The error this failure stands for (the thrown bug of an `internal-error`), as ES2022's `Error.cause`. */
  readonly cause?: unknown;
}

/** Makes `copy` show `original`'s stack; set by `SkillFailure`'s static block, which can reach its private field. */
let adoptStack: (copy: SkillFailure, original: Error) => void;

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
  /** The error whose stack this one shows: set on copies (`with`, `toSkillFailure`), which capture none. */
  #stackFrom: Error | undefined;

  static {
    // A copy shows the stack of the error it stands for, read only when someone asks: capturing and formatting a
    // stack costs more than the rest of a failure (with source maps, as tsx and vitest enable, many times more).
    Object.defineProperty(SkillFailure.prototype, 'stack', {
      configurable: true,
      get(this: SkillFailure): string | undefined {
        return this.#stackFrom?.stack;
      },
      set(this: SkillFailure, stack: string): void {
        Object.defineProperty(this, 'stack', { configurable: true, writable: true, value: stack });
      },
    });
    adoptStack = (copy, original) => {
      delete copy.stack; // its own (empty) stack would hide the prototype's accessor
      copy.#stackFrom = original instanceof SkillFailure ? (original.#stackFrom ?? original) : original;
    };
  }

  constructor(reason: FailureReason, message: string, options: SkillFailureOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.path = options.path;
    this.causes = options.causes ?? [];
    this.detail = options.detail ?? {};
  }

  /**
   * A copy that records where it happened; a failure keeps the first (deepest) path it was given. The copy keeps
   * the stack of the original, which shows where the failure was raised, not where the runner stamped it.
   */
  at(path: string): SkillFailure {
    if (this.path !== undefined) return this;
    return this.with({ path });
  }

  /** A copy with some options replaced; it keeps this failure's stack and cause. */
  with(options: SkillFailureOptions): SkillFailure {
    const { path, causes, detail, cause } = this;
    const copy = withoutStackCapture(
      () =>
        new SkillFailure(this.reason, this.message, {
          ...(path === undefined ? {} : { path }),
          causes,
          detail,
          ...(cause === undefined ? {} : { cause }),
          ...options,
        }),
    );
    adoptStack(copy, this);
    return copy;
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

/**
 * Turns anything a skill errored with into a SkillFailure. A foreign error is a bug: an `internal-error` whose
 * `cause` is the original error and whose `stack` is the original's, so the caller sees where it was thrown.
 */
export function toSkillFailure(error: unknown): SkillFailure {
  if (error instanceof SkillFailure) return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const options = { detail: { error: String(error) }, cause: error };
  if (!(error instanceof Error)) return new SkillFailure('internal-error', message, options);
  const failure = withoutStackCapture(() => new SkillFailure('internal-error', message, options));
  adoptStack(failure, error);
  return failure;
}

/**
 * Builds an error whose stack is about to be replaced by another's, without capturing one of its own: capturing
 * costs more than the rest of a failure, and retrying a skill that fails at once does it a million times.
 */
function withoutStackCapture<E extends Error>(build: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function isSkillFailure(error: unknown): error is SkillFailure {
  return error instanceof SkillFailure;
}

/** True for a failure that ends the whole run (`internal-error`, `invalid-input`): see `FATAL_REASONS`. */
export function isFatal(failure: SkillFailure): boolean {
  return FATAL_REASONS.includes(failure.reason);
}

/** True for a failure a `retry` may try again by default: see `NOT_RETRIED_REASONS`. */
export function isRetryable(failure: SkillFailure): boolean {
  return !NOT_RETRIED_REASONS.includes(failure.reason);
}
