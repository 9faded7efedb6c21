import type { Observable, Subscription } from 'rxjs';
import type { Skill } from '../skill/skill.ts';
import type { NodeStatus, TelemetryEvent } from '../skill/telemetry-events.ts';

/** One node of the live tree, as a py_trees snapshot or the Groot2 monitor shows it. */
export interface TreeNodeSnapshot {
  readonly id: string;
  readonly parentId?: string;
  readonly kind: string;
  readonly name: string;
  readonly path: string;
  readonly status: NodeStatus;
  /** Latest progress message of the current run of the node. */
  readonly message?: string;
  readonly fraction?: number;
  readonly failure?: TelemetryEvent['failure'];
  readonly startSimTimeMs?: number;
  readonly endSimTimeMs?: number;
  /** How many times the node started: more than once under retry or repeat. */
  readonly starts: number;
  /** Ordered by the index at the end of their ids (`0/2` before `0/10`). */
  readonly children: readonly TreeNodeSnapshot[];
}

interface MutableNode {
  id: string;
  parentId: string | undefined;
  kind: string;
  name: string;
  path: string;
  status: NodeStatus;
  message: string | undefined;
  fraction: number | undefined;
  failure: TelemetryEvent['failure'] | undefined;
  startSimTimeMs: number | undefined;
  endSimTimeMs: number | undefined;
  starts: number;
}

const END_STATUS: Partial<Record<TelemetryEvent['kind'], NodeStatus>> = {
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
};

/**
 * Folds telemetry events into the live tree of a run. The same events give the same tree, live or replayed from
 * a trace, because the tree depends on nothing but the events (and on the static tree it was seeded with).
 *
 * @example
 * const tree = TreeSnapshot.fromSkill(task.root);
 * tree.attach(bus.events$);
 * // ... later
 * render(tree.snapshot());
 */
export class TreeSnapshot {
  private readonly nodes = new Map<string, MutableNode>();
  /** Child ids by parent id, kept apart from the nodes so a child seen before its parent is still attached. */
  private readonly childIds = new Map<string, Set<string>>();
  private rootId: string | undefined;
  /** Sim time of the latest event folded in, ms. */
  simTimeMs = 0;
  /** Events folded in so far. */
  eventCount = 0;

  /** A tree pre-seeded with the static nodes of a graph as `idle`, ids as the runner assigns them. */
  static fromSkill(root: Skill): TreeSnapshot {
    const tree = new TreeSnapshot();
    const seed = (skill: Skill, id: string, path: string, parentId: string | undefined): void => {
      tree.ensure(id, parentId, skill.kind, skill.name, path);
      skill.children.forEach((child, i) => seed(child, `${id}/${i}`, `${path}/${child.name}`, id));
    };
    seed(root, '0', root.name, undefined);
    return tree;
  }

  /** Folds one event in. A node whose parent has not been seen yet is attached when the parent appears. */
  apply(event: TelemetryEvent): void {
    this.eventCount++;
    this.simTimeMs = event.simTimeMs;
    const node = this.ensure(event.nodeId, event.parentId, event.nodeKind, event.name, event.path);
    if (event.kind === 'start') {
      if (node.starts > 0) this.resetDescendants(node);
      node.status = 'running';
      node.starts++;
      node.startSimTimeMs = event.simTimeMs;
      node.endSimTimeMs = undefined;
      node.message = undefined;
      node.fraction = undefined;
      node.failure = undefined;
      return;
    }
    if (event.kind === 'progress') {
      node.message = event.message;
      if (event.fraction !== undefined) node.fraction = event.fraction;
      return;
    }
    node.status = END_STATUS[event.kind] ?? node.status;
    node.endSimTimeMs = event.simTimeMs;
    if (event.failure !== undefined) node.failure = event.failure;
  }

  /** Folds every event of a stream in; unsubscribe to stop. */
  attach(events$: Observable<TelemetryEvent>): Subscription {
    return events$.subscribe((event) => this.apply(event));
  }

  /** True until the first event or seed. */
  isEmpty(): boolean {
    return this.rootId === undefined;
  }

  /** The tree as it is now, as plain immutable data. Throws when nothing is known yet. */
  snapshot(): TreeNodeSnapshot {
    const root = this.rootId === undefined ? undefined : this.nodes.get(this.rootId);
    if (root === undefined) throw new Error('tree snapshot: no node known yet (no event and no seed)');
    return this.freeze(root);
  }

  /** A node by id as it is now. */
  node(id: string): TreeNodeSnapshot | undefined {
    const node = this.nodes.get(id);
    return node === undefined ? undefined : this.freeze(node);
  }

  private ensure(id: string, parentId: string | undefined, kind: string, name: string, path: string): MutableNode {
    let node = this.nodes.get(id);
    if (node === undefined) {
      node = {
        id,
        parentId,
        kind,
        name,
        path,
        status: 'idle',
        message: undefined,
        fraction: undefined,
        failure: undefined,
        startSimTimeMs: undefined,
        endSimTimeMs: undefined,
        starts: 0,
      };
      this.nodes.set(id, node);
      if (parentId === undefined) this.rootId ??= id;
      else this.childIds.set(parentId, (this.childIds.get(parentId) ?? new Set()).add(id));
    } else {
      // A forEach body or a retried child may be a different node under the same id.
      node.kind = kind;
      node.name = name;
      node.path = path;
    }
    return node;
  }

  /** A node that starts again (retry, repeat) shows its children fresh, as py_trees re-initialises them. */
  private resetDescendants(node: MutableNode): void {
    for (const childId of this.childIds.get(node.id) ?? []) {
      const child = this.nodes.get(childId);
      if (child === undefined) continue;
      child.status = 'idle';
      child.message = undefined;
      child.fraction = undefined;
      child.failure = undefined;
      child.startSimTimeMs = undefined;
      child.endSimTimeMs = undefined;
      this.resetDescendants(child);
    }
  }

  private freeze(node: MutableNode): TreeNodeSnapshot {
    const children = [...(this.childIds.get(node.id) ?? [])]
      .map((id) => this.nodes.get(id))
      .filter((child): child is MutableNode => child !== undefined)
      .sort((a, b) => lastIndex(a.id) - lastIndex(b.id))
      .map((child) => this.freeze(child));
    return {
      id: node.id,
      ...(node.parentId === undefined ? {} : { parentId: node.parentId }),
      kind: node.kind,
      name: node.name,
      path: node.path,
      status: node.status,
      ...(node.message === undefined ? {} : { message: node.message }),
      ...(node.fraction === undefined ? {} : { fraction: node.fraction }),
      ...(node.failure === undefined ? {} : { failure: node.failure }),
      ...(node.startSimTimeMs === undefined ? {} : { startSimTimeMs: node.startSimTimeMs }),
      ...(node.endSimTimeMs === undefined ? {} : { endSimTimeMs: node.endSimTimeMs }),
      starts: node.starts,
      children,
    };
  }
}

function lastIndex(id: string): number {
  return Number(id.slice(id.lastIndexOf('/') + 1));
}
