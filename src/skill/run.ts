import { Observable, Subscriber, throwError } from 'rxjs';
import { childContext, rootContext, type ContextBase, type SkillContext } from './context.ts';
import type { SkillProgress } from './events.ts';
import { SkillFailure, toSkillFailure } from './failure.ts';
import { MAX_GRAPH_DEPTH, pathDeeperThan, type Skill } from './skill.ts';
import type { TelemetryEvent, TelemetryKind } from './telemetry-events.ts';

/**
 * The one piece of subscription plumbing every node goes through: it starts the node's Observable with the
 * node's context, reports start / progress / succeeded / failed / cancelled to telemetry, and stamps the node's
 * path on a failure that has none. Operators call it for each child, so each operator stays a few lines.
 *
 * Two guarantees every operator inherits from it:
 * - a node reports its end (to telemetry and to its parent) only **after** its own Observable's teardown ran,
 *   so whatever a finished child moved is halted before the parent starts anything else;
 * - anything thrown is a failure of the node (`internal-error`, see `toSkillFailure`), never an error rxjs
 *   reports later on its own, so a run cannot end in success after a crash.
 */
export function runNode(skill: Skill, ctx: SkillContext): Observable<SkillProgress> {
  return nodeObservable(skill, ctx);
}

/** Runs child number `index` of the node whose context is `ctx`. */
export function runChild(child: Skill, ctx: SkillContext, index: number): Observable<SkillProgress> {
  return nodeObservable(child, childContext(ctx, index, child));
}

/**
 * Runs a whole graph: the cold Observable of its root. A graph deeper than `MAX_GRAPH_DEPTH` fails at once with
 * `invalid-input`, naming the too-deep node, before anything starts.
 *
 * @example
 * runSkill(sequence(pick({ object: 'can-1' }), place({ object: 'can-1', target: 'slot-a3' })), base).subscribe(...)
 */
export function runSkill(root: Skill, base: ContextBase): Observable<SkillProgress> {
  const tooDeep = pathDeeperThan(root, MAX_GRAPH_DEPTH);
  if (tooDeep === undefined) return nodeObservable(root, rootContext(base, root));
  // Refused before anything starts: the root reports the failure, so a trace shows why nothing ran.
  const message = `the graph nests deeper than ${MAX_GRAPH_DEPTH} levels (at ${tooDeep})`;
  const failure = new SkillFailure('invalid-input', message, { detail: { maxDepth: MAX_GRAPH_DEPTH } });
  const refused: Skill = { ...root, start: () => throwError(() => failure) };
  return nodeObservable(refused, rootContext(base, root));
}

/** A node's cold Observable: each subscription is one run of the node. */
function nodeObservable(skill: Skill, ctx: SkillContext): Observable<SkillProgress> {
  return new Observable<SkillProgress>((downstream) => {
    const run = new NodeRun(skill, ctx, downstream);
    run.begin();
    return run;
  });
}

/** How a node's Observable ended while it was still being subscribed: reported once `subscribe` returned. */
type EarlyEnd = { readonly failure: SkillFailure } | 'succeeded';

/**
 * One run of one node: the subscriber of the node's own Observable, and the teardown its parent holds. A class
 * (not closures) because it runs once per node per run: the common path allocates this object and nothing else.
 */
class NodeRun extends Subscriber<SkillProgress> {
  /** The node reported its end (or was cancelled): nothing more is reported. */
  private settled = false;
  /** True while the node's Observable is being subscribed; an end in that window waits for its teardown. */
  private subscribing = false;
  private early: EarlyEnd | undefined;

  constructor(
    readonly skill: Skill,
    readonly ctx: SkillContext,
    private readonly downstream: Subscriber<SkillProgress>,
  ) {
    super();
  }

  begin(): void {
    report(this, 'start');
    let source: Observable<SkillProgress>;
    try {
      source = this.skill.start(this.ctx);
    } catch (error) {
      this.end({ failure: toSkillFailure(error) });
      return;
    }
    this.subscribing = true;
    try {
      source.subscribe(this);
    } catch (error) {
      // A throw that escaped rxjs' own guards (a stack overflow, a throwing teardown) fails the node.
      this.early ??= { failure: toSkillFailure(error) };
    }
    this.subscribing = false;
    // It ended while being subscribed: its teardown is in place only now, so halt it now, then report.
    if (this.early !== undefined) this.finish(this.early);
  }

  protected override _next(progress: SkillProgress): void {
    try {
      if (progress.nodeId === this.ctx.node.id) report(this, 'progress', progress);
      this.downstream.next(progress);
    } catch (error) {
      this.finish({ failure: toSkillFailure(error) });
    }
  }

  protected override _error(error: unknown): void {
    this.finish({ failure: toSkillFailure(error) });
  }

  protected override _complete(): void {
    this.finish('succeeded');
  }

  /** The node's Observable ended: halt it (its teardown), then report. */
  private finish(end: EarlyEnd): void {
    if (this.subscribing) {
      this.early ??= end;
      this.isStopped = true; // later notifications of the ended Observable are dropped
      return;
    }
    let halted = end;
    try {
      super.unsubscribe();
    } catch (error) {
      // A teardown that throws is a bug in the halt itself: the node fails with it.
      halted = { failure: toSkillFailure(error) };
    }
    this.end(halted);
  }

  private end(end: EarlyEnd): void {
    if (this.settled) return;
    this.settled = true;
    this.isStopped = true;
    if (end === 'succeeded') {
      report(this, 'succeeded');
      this.downstream.complete();
      return;
    }
    const failure = end.failure.at(this.ctx.node.path);
    report(this, 'failed', failure);
    this.downstream.error(failure);
  }

  /** Cancel: halt the node's Observable (its children first, bottom-up), then report `cancelled`. */
  override unsubscribe(): void {
    if (this.closed) return;
    super.unsubscribe();
    if (!this.settled) {
      this.settled = true;
      report(this, 'cancelled');
    }
  }
}

/**
 * Sends one telemetry event of `run`'s node. Skipped when the sink says nobody listens, so a run without
 * telemetry builds no event objects. Field order is fixed: traces are compared byte for byte.
 */
function report(run: NodeRun, kind: TelemetryKind, extra?: SkillProgress | SkillFailure): void {
  const { telemetry, node, scheduler } = run.ctx;
  if (telemetry.listening === false) return;
  const { skill } = run;
  const event: Mutable<Omit<TelemetryEvent, 'seq' | 'wallTimeMs'>> =
    node.parentId === undefined
      ? { kind, nodeId: node.id, path: node.path, nodeKind: skill.kind, name: skill.name, simTimeMs: scheduler.now() }
      : {
          kind,
          nodeId: node.id,
          path: node.path,
          nodeKind: skill.kind,
          name: skill.name,
          parentId: node.parentId,
          simTimeMs: scheduler.now(),
        };
  if (kind === 'start') {
    if (skill.params !== undefined || skill.ports !== undefined)
      event.data = {
        ...(skill.params === undefined ? {} : { params: skill.params }),
        ...(skill.ports === undefined ? {} : { ports: skill.ports }),
      };
  } else if (kind === 'progress') {
    const progress = extra as SkillProgress;
    event.message = progress.message;
    if (progress.fraction !== undefined) event.fraction = progress.fraction;
    if (progress.data !== undefined) event.data = progress.data;
  } else if (kind === 'failed') {
    const failure = extra as SkillFailure;
    event.failure =
      failure.path === undefined
        ? { reason: failure.reason, message: failure.message }
        : { reason: failure.reason, message: failure.message, path: failure.path };
  }
  telemetry.emit(event);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
