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

/**
 * The deepest a graph may nest, root and leaf included. Each level costs stack frames when a node starts, so a
 * bound keeps every run far from a stack overflow: task files deeper than this are refused when they compile
 * (naming the file and the path), and `runSkill` fails a deeper graph with `invalid-input` before it starts
 * anything. Breadth is not limited: operators start their children from loops, not recursion.
 */
export const MAX_GRAPH_DEPTH = 64;

/**
 * The name path (`root/a/b`) of the first node found deeper than `maxDepth` (the root counts as 1), or undefined
 * when the graph's static tree is within it. Its recursion stops at `maxDepth + 1`, so it is safe on any graph.
 */
export function pathDeeperThan(root: Skill, maxDepth: number): string | undefined {
  return deeper(root, 1, maxDepth)?.join('/');
}

function deeper(node: Skill, depth: number, maxDepth: number): string[] | undefined {
  if (depth > maxDepth) return [node.name];
  for (const child of node.children) {
    const path = deeper(child, depth + 1, maxDepth);
    if (path !== undefined) {
      path.unshift(node.name);
      return path;
    }
  }
  return undefined;
}
