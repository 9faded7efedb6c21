import type { Observable } from 'rxjs';
import type { SkillContext } from './context.ts';
import type { SkillPorts } from './blackboard.ts';
import type { SkillProgress } from './events.ts';

/**
 * A node of a skill graph: a description that becomes a cold Observable when started with a context.
 * Leaves come from `defineSkill`; inner nodes from the graph operators in `src/graph/`.
 *
 * The Observable contract: subscribing starts it, completion is success, an error is a `SkillFailure`,
 * unsubscribing cancels it and its teardown halts whatever it moved.
 */
export interface Skill {
  /** Node kind: `sequence`, `fallback`, ... for operators, the skill name for leaves. */
  readonly kind: string;
  /** Name shown in paths and trees; defaults to the kind. */
  readonly name: string;
  /** Static children, for trees and snapshots. Nodes with run-time children (forEach) list none. */
  readonly children: readonly Skill[];
  /** Validated input of a leaf, for display and traces. */
  readonly params?: unknown;
  /** Blackboard keys the node reads and writes (leaves from `defineSkill`; operators declare none of their own). */
  readonly ports?: SkillPorts;
  /**
   * Builds the cold Observable of this node. Call it through `runSkill`/`runChild`, which add the node's
   * telemetry and failure path; calling it directly skips them.
   */
  readonly start: (ctx: SkillContext) => Observable<SkillProgress>;
}
