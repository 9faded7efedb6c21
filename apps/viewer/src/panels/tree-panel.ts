import type { TreeNodeSnapshot } from '../../../../src/telemetry/tree-snapshot.ts';
import { escapeHtml, panel } from './dom.ts';

/** The most nodes drawn at once; a long run's graph is deep, and only the live part matters. */
const MAX_NODES = 400;

/**
 * The live skill graph, like Groot2's monitor: each node with its status (idle, running, succeeded, failed,
 * cancelled), its latest progress message, how often it started, and for a failed node its reason. Children of a
 * node that has not run are folded away.
 */
export class TreePanel {
  readonly section: HTMLElement;
  private readonly body: HTMLElement;

  constructor() {
    const { section, body } = panel('Skill graph', 'tree');
    this.section = section;
    this.body = body;
  }

  render(root: TreeNodeSnapshot | undefined): void {
    if (root === undefined) {
      this.body.innerHTML = '<span class="muted">no graph yet: press Start, or load a trace</span>';
      return;
    }
    const rows: string[] = [];
    const visit = (node: TreeNodeSnapshot, depth: number): void => {
      if (rows.length >= MAX_NODES) return;
      rows.push(row(node, depth));
      if (node.status === 'idle' && depth > 0) return;
      for (const child of node.children) visit(child, depth + 1);
    };
    visit(root, 0);
    this.body.innerHTML = `<ul class="nodes">${rows.join('')}</ul>`;
  }
}

function row(node: TreeNodeSnapshot, depth: number): string {
  const detail =
    node.status === 'failed' && node.failure !== undefined
      ? `<span class="reason">${escapeHtml(node.failure.reason)}: ${escapeHtml(node.failure.message)}</span>`
      : node.message !== undefined
        ? `<span class="message">${escapeHtml(node.message)}</span>`
        : '';
  const starts = node.starts > 1 ? `<span class="starts">×${node.starts}</span>` : '';
  return (
    `<li class="node ${node.status}" data-status="${node.status}" data-path="${escapeHtml(node.path)}" style="padding-left:${depth * 12}px">` +
    `<span class="dot"></span><span class="name">${escapeHtml(node.name)}</span>${starts}${detail}</li>`
  );
}
