import { Observable } from 'rxjs';
import type { TelemetryEvent } from './telemetry-events.ts';
import { childContext, rootContext, type ContextBase, type SkillContext } from './context.ts';
import type { SkillProgress } from './events.ts';
import { toSkillFailure } from './failure.ts';
import type { Skill } from './skill.ts';

/**
 * The one piece of subscription plumbing every node goes through: it starts the node's Observable with the
 * node's context, reports start / progress / succeeded / failed / cancelled to telemetry, and stamps the node's
 * path on a failure that has none. Operators call it for each child, so each operator stays a few lines.
 */
export function runNode(skill: Skill, ctx: SkillContext): Observable<SkillProgress> {
  return new Observable<SkillProgress>((subscriber) => {
    const { node } = ctx;
    const report = (kind: TelemetryEvent['kind'], extra: Partial<TelemetryEvent> = {}): void => {
      ctx.telemetry.emit({
        kind,
        nodeId: node.id,
        path: node.path,
        nodeKind: skill.kind,
        name: skill.name,
        ...(node.parentId === undefined ? {} : { parentId: node.parentId }),
        simTimeMs: ctx.scheduler.now(),
        ...extra,
      });
    };
    let settled = false;
    const startData = {
      ...(skill.params === undefined ? {} : { params: skill.params }),
      ...(skill.ports === undefined ? {} : { ports: skill.ports }),
    };
    report('start', Object.keys(startData).length === 0 ? {} : { data: startData });
    let source: Observable<SkillProgress>;
    try {
      source = skill.start(ctx);
    } catch (error) {
      settled = true;
      const failure = toSkillFailure(error).at(node.path);
      report('failed', { failure: failureSummary(failure) });
      subscriber.error(failure);
      return;
    }
    const inner = source.subscribe({
      next: (progress) => {
        if (progress.nodeId === node.id) {
          report('progress', {
            message: progress.message,
            ...(progress.fraction === undefined ? {} : { fraction: progress.fraction }),
            ...(progress.data === undefined ? {} : { data: progress.data }),
          });
        }
        subscriber.next(progress);
      },
      error: (error: unknown) => {
        settled = true;
        const failure = toSkillFailure(error).at(node.path);
        report('failed', { failure: failureSummary(failure) });
        subscriber.error(failure);
      },
      complete: () => {
        settled = true;
        report('succeeded');
        subscriber.complete();
      },
    });
    return () => {
      // Children are halted before the parent reports, as a behaviour tree halts bottom-up.
      inner.unsubscribe();
      if (!settled) {
        settled = true;
        report('cancelled');
      }
    };
  });
}

/** Runs child number `index` of the node whose context is `ctx`. */
export function runChild(child: Skill, ctx: SkillContext, index: number): Observable<SkillProgress> {
  return runNode(child, childContext(ctx, index, child));
}

/**
 * Runs a whole graph: the cold Observable of its root.
 *
 * @example
 * runSkill(sequence(pick({ object: 'can-1' }), place({ object: 'can-1', target: 'slot-a3' })), base).subscribe(...)
 */
export function runSkill(root: Skill, base: ContextBase): Observable<SkillProgress> {
  return runNode(root, rootContext(base, root));
}

function failureSummary(failure: ReturnType<typeof toSkillFailure>): NonNullable<TelemetryEvent['failure']> {
  return {
    reason: failure.reason,
    message: failure.message,
    ...(failure.path === undefined ? {} : { path: failure.path }),
  };
}
