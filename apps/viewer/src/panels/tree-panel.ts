import type { TelemetryEvent } from '../../../../src/skill/telemetry-events.ts';
import type { TreeNodeSnapshot } from '../../../../src/telemetry/tree-snapshot.ts';
import { escapeHtml, panel, setHtml } from './dom.ts';

/** The most nodes drawn at once; a long run's graph is deep, and only the live part matters. */
const MAX_NODES = 400;

/** How a node's latest run ended, kept after a repeat resets it to idle. */
interface LastEnd {
  readonly status: 'succeeded' | 'failed' | 'cancelled';
  readonly failure?: TelemetryEvent['failure'];
}

/**
 * The live skill graph, like Groot2's monitor: each node with its status (idle, running, succeeded, failed,
 * cancelled), its latest progress message, how often it started, and for a failed node its reason. A node that a
 * repeat or retry has reset to idle still shows, dimmed, how its last run ended, so a facing that failed keeps its
 * reason on screen until it runs again. Children of a node that never ran are folded away.
 */
export class TreePanel {
  readonly section: HTMLElement;
  private readonly body: HTMLElement;
  private readonly lastEnds = new Map<string, LastEnd>();

  constructor() {
    const { section, body } = panel('Skill graph', 'tree');
    this.section = section;
    this.body = body;
  }

  /** Notes how nodes end (every event of the run goes through here). */
  apply(event: TelemetryEvent): void {
    if (event.kind === 'succeeded' || event.kind === 'failed' || event.kind === 'cancelled') {
      this.lastEnds.set(event.nodeId, { status: event.kind, ...(event.failure ? { failure: event.failure } : {}) });
    }
  }

  /** Forgets the last outcomes (a new run or a replay). */
  reset(): void {
    this.lastEnds.clear();
  }

  render(root: TreeNodeSnapshot | undefined): void {
    if (root === undefined) {
      setHtml(this.body, '<span class="muted">no graph yet: press Start, or load a trace</span>');
      return;
    }
    const rows: string[] = [];
    const visit = (node: TreeNodeSnapshot, depth: number): void => {
      if (rows.length >= MAX_NODES) return;
      const last = node.status === 'idle' ? this.lastEnds.get(node.id) : undefined;
      rows.push(row(node, depth, last));
      if (node.status === 'idle' && last === undefined && depth > 0) return;
      for (const child of node.children) visit(child, depth + 1);
    };
    visit(root, 0);
    setHtml(this.body, `<ul class="nodes">${rows.join('')}</ul>`);
  }
}

function row(node: TreeNodeSnapshot, depth: number, last: LastEnd | undefined): string {
  const failure = node.status === 'failed' ? node.failure : last?.status === 'failed' ? last.failure : undefined;
  // A long reason or message ends in an ellipsis on the panel's one line; its title holds it whole.
  const text = failure !== undefined ? `${failure.reason}: ${failure.message}` : node.message;
  const kind = failure !== undefined ? 'reason' : 'message';
  const detail =
    text === undefined ? '' : `<span class="${kind}" title="${escapeHtml(text)}">${escapeHtml(text)}</span>`;
  const starts = node.starts > 1 ? `<span class="starts">×${node.starts}</span>` : '';
  const status = last === undefined ? node.status : `idle last-${last.status}`;
  return (
    `<li class="node ${status}" data-status="${last === undefined ? node.status : `last-${last.status}`}" data-path="${escapeHtml(node.path)}" style="padding-left:${depth * 12}px">` +
    `<span class="dot"></span><span class="name">${escapeHtml(node.name)}</span>${starts}${detail}</li>`
  );
}
