import type { NodeStatus, TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import type { TreeNodeSnapshot } from '../../src/telemetry/tree-snapshot.ts';

/** One glyph per status, as the live tree shows them. */
export const STATUS_GLYPHS: Readonly<Record<NodeStatus, string>> = {
  idle: '○',
  running: '▶',
  succeeded: '✓',
  failed: '✗',
  cancelled: '⊘',
};

const COLOURS: Readonly<Record<NodeStatus, string>> = {
  idle: '\x1b[2m',
  running: '\x1b[33m',
  succeeded: '\x1b[32m',
  failed: '\x1b[31m',
  cancelled: '\x1b[2m',
};
const RESET = '\x1b[0m';

/** `[  1.250s]`: sim time, fixed width so lines align. */
export function formatSimTime(simTimeMs: number): string {
  return `[${(simTimeMs / 1000).toFixed(3).padStart(7)}s]`;
}

/**
 * The compact tree: one line per node, children indented, the running node's latest message and a failed
 * node's reason after its name.
 *
 * @example
 * renderTree(tree.snapshot()) // ['▶ restock', '  ✓ wait', '  ▶ pick  approach', '    ○ grasp']
 */
export function renderTree(root: TreeNodeSnapshot, options: { colour?: boolean } = {}): string[] {
  const lines: string[] = [];
  const visit = (node: TreeNodeSnapshot, depth: number): void => {
    const glyph = STATUS_GLYPHS[node.status];
    const mark = options.colour ? `${COLOURS[node.status]}${glyph}${RESET}` : glyph;
    const kind = node.kind === node.name ? '' : ` (${node.kind})`;
    lines.push(`${'  '.repeat(depth)}${mark} ${node.name}${kind}${detail(node)}`);
    for (const child of node.children) visit(child, depth + 1);
  };
  visit(root, 0);
  return lines;
}

function detail(node: TreeNodeSnapshot): string {
  const starts = node.starts > 1 ? ` ×${node.starts}` : '';
  if (node.status === 'failed' && node.failure) return `${starts}  ${node.failure.reason}: ${node.failure.message}`;
  if (node.status === 'running' && node.message !== undefined)
    return `${starts}  ${node.message}${percent(node.fraction)}`;
  return starts;
}

function percent(fraction: number | undefined): string {
  return fraction === undefined ? '' : ` ${Math.round(fraction * 100)}%`;
}

/** The status an event leaves its node in, as the plain log prints it. */
function statusOf(event: TelemetryEvent): NodeStatus {
  switch (event.kind) {
    case 'start':
    case 'progress':
      return 'running';
    default:
      return event.kind;
  }
}

/**
 * Plain log lines for a non-TTY, one per change: `[  1.250s] running   restock/pick/grasp  approach`.
 * Progress that repeats a node's last message is skipped (only its fraction moved), so a motion's feedback does
 * not flood logs; the redrawn tree shows fractions.
 */
export class EventLinePrinter {
  private readonly lastShown = new Map<string, string>();

  /** The line for an event, or undefined when it changes nothing worth a line. */
  line(event: TelemetryEvent): string | undefined {
    const status = statusOf(event);
    let text = '';
    if (event.kind === 'progress') text = event.message ?? '';
    if (event.kind === 'failed' && event.failure) text = `${event.failure.reason}: ${event.failure.message}`;
    const key = `${status}|${text}`;
    if (event.kind === 'progress' && this.lastShown.get(event.nodeId) === key) return undefined;
    this.lastShown.set(event.nodeId, key);
    return `${formatSimTime(event.simTimeMs)} ${status.padEnd(9)} ${event.path}${text === '' ? '' : `  ${text}`}`;
  }
}

/** Redraws the tree in place on a terminal: moves the cursor up over the last drawing and clears below it. */
export class TtyTreeView {
  private drawnLines = 0;

  constructor(private readonly out: { write(text: string): void }) {}

  draw(root: TreeNodeSnapshot, simTimeMs: number): void {
    const lines = [`${formatSimTime(simTimeMs)} ${root.name}`, ...renderTree(root, { colour: true })];
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}F\x1b[J` : '';
    this.out.write(`${up}${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}
