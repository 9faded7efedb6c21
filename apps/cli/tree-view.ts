import type { NodeStatus, TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import type { TreeNodeSnapshot } from '../../src/telemetry/tree-snapshot.ts';
import { fitWidth, printable } from './terminal-text.ts';

/** One glyph per status, as the live tree shows them. */
export const STATUS_GLYPHS: Readonly<Record<NodeStatus, string>> = {
  idle: '○',
  running: '▶',
  succeeded: '✓',
  failed: '✗',
  cancelled: '⊘',
};

/** What each glyph means, printed under a run's final tree. "not run" is the one people ask about. */
export const TREE_LEGEND =
  'legend: ✓ succeeded  ✗ failed  ⊘ cancelled  ▶ running  ○ not run (never started: an earlier step failed, ' +
  'a fallback did not need it, or the run ended first)';

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

interface TreeRow {
  readonly line: string;
  readonly status: NodeStatus;
}

function treeRows(root: TreeNodeSnapshot, colour: boolean): TreeRow[] {
  const rows: TreeRow[] = [];
  const visit = (node: TreeNodeSnapshot, depth: number): void => {
    const glyph = STATUS_GLYPHS[node.status];
    const mark = colour ? `${COLOURS[node.status]}${glyph}${RESET}` : glyph;
    const kind = node.kind === node.name ? '' : ` (${printable(node.kind)})`;
    rows.push({
      line: `${'  '.repeat(depth)}${mark} ${printable(node.name)}${kind}${detail(node)}`,
      status: node.status,
    });
    for (const child of node.children) visit(child, depth + 1);
  };
  visit(root, 0);
  return rows;
}

/**
 * The compact tree: one line per node, children indented, the running node's latest message and a failed
 * node's reason after its name. Names and messages are cleaned of control characters (they come from files).
 *
 * @example
 * renderTree(tree.snapshot()) // ['▶ restock', '  ✓ wait', '  ▶ pick  approach', '    ○ grasp']
 */
export function renderTree(root: TreeNodeSnapshot, options: { colour?: boolean } = {}): string[] {
  return treeRows(root, options.colour === true).map((row) => row.line);
}

function detail(node: TreeNodeSnapshot): string {
  const starts = node.starts > 1 ? ` ×${node.starts}` : '';
  if (node.status === 'failed' && node.failure)
    return `${starts}  ${node.failure.reason}: ${printable(node.failure.message)}`;
  if (node.status === 'running' && node.message !== undefined)
    return `${starts}  ${printable(node.message)}${percent(node.fraction)}`;
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
    const shown = printable(text);
    return `${formatSimTime(event.simTimeMs)} ${status.padEnd(9)} ${printable(event.path)}${shown === '' ? '' : `  ${shown}`}`;
  }
}

/** A terminal's size, read at each draw so a resize takes effect (`process.stderr` has both when it is a TTY). */
export interface TerminalStream {
  write(text: string): void;
  readonly rows?: number;
  readonly columns?: number;
}

/**
 * `lines` cut to at most `maxLines`, keeping the line at `focus` (the running node) in view and saying how many
 * lines are left out above and below.
 */
export function clipLines(lines: readonly string[], focus: number, maxLines: number): string[] {
  if (lines.length <= maxLines) return [...lines];
  const room = Math.max(1, maxLines - 2);
  const start = Math.min(Math.max(0, focus - Math.floor(room / 2)), lines.length - room);
  const below = lines.length - start - room;
  return [
    ...(start > 0 ? [`  … ${start} more above`] : []),
    ...lines.slice(start, start + room),
    ...(below > 0 ? [`  … ${below} more below`] : []),
  ];
}

/**
 * Redraws the tree in place on a terminal: moves the cursor up over the last drawing and clears below it. A
 * drawing never takes more rows than the terminal has (clipped around the running node) nor wraps a line, so the
 * cursor lands where the drawing began and no stale trees are left in the scrollback. The final drawing is whole.
 */
export class TtyTreeView {
  private drawnLines = 0;

  constructor(
    private readonly out: TerminalStream,
    private readonly options: { readonly colour: boolean } = { colour: true },
  ) {}

  draw(root: TreeNodeSnapshot, simTimeMs: number, final = false): void {
    const rows = treeRows(root, this.options.colour);
    const header = `${formatSimTime(simTimeMs)} ${printable(root.name)}`;
    const focus = lastIndexWhere(rows, (r) => r.status === 'running' || r.status === 'failed');
    // One row for the header and one for the cursor below the drawing.
    const maxRows = final || this.out.rows === undefined ? Number.POSITIVE_INFINITY : Math.max(3, this.out.rows - 2);
    const body = clipLines(
      rows.map((r) => r.line),
      Math.max(0, focus),
      maxRows,
    );
    const columns = this.out.columns;
    const lines = [header, ...body].map((line) => (columns === undefined ? line : fitWidth(line, columns - 1)));
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}F\x1b[J` : '';
    this.out.write(`${up}${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return i;
  return -1;
}
