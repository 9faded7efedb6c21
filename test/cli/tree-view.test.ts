import { describe, expect, it } from 'vitest';
import { EventLinePrinter, TtyTreeView, formatSimTime, renderTree } from '../../apps/cli/tree-view.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import type { TreeNodeSnapshot } from '../../src/telemetry/tree-snapshot.ts';

const node = (
  name: string,
  status: TreeNodeSnapshot['status'],
  extra: Partial<TreeNodeSnapshot> = {},
): TreeNodeSnapshot => ({
  id: name,
  kind: name,
  name,
  path: name,
  status,
  starts: status === 'idle' ? 0 : 1,
  children: [],
  ...extra,
});

const TREE = node('restock', 'running', {
  kind: 'sequence',
  children: [
    node('wait', 'succeeded'),
    node('pick', 'running', {
      kind: 'sequence',
      children: [node('grasp', 'running', { message: 'approach', fraction: 0.25, starts: 2 })],
    }),
    node('place', 'idle'),
    node('scan', 'failed', { failure: { reason: 'missed', message: 'no marker' } }),
    node('long', 'cancelled'),
  ],
});

describe('renderTree', () => {
  it('draws one line per node with status glyphs, kinds that differ from names, messages and failures', () => {
    expect(renderTree(TREE)).toEqual([
      '▶ restock (sequence)',
      '  ✓ wait',
      '  ▶ pick (sequence)',
      '    ▶ grasp ×2  approach 25%',
      '  ○ place',
      '  ✗ scan  missed: no marker',
      '  ⊘ long',
    ]);
  });

  it('colours glyphs only when asked', () => {
    expect(renderTree(TREE, { colour: true })[1]).toBe('  \x1b[32m✓\x1b[0m wait');
  });
});

describe('EventLinePrinter', () => {
  const event = (kind: TelemetryEvent['kind'], extra: Partial<TelemetryEvent> = {}): TelemetryEvent => ({
    seq: 0,
    wallTimeMs: 0,
    kind,
    nodeId: '0/1/0',
    path: 'restock/pick/grasp',
    nodeKind: 'grasp',
    name: 'grasp',
    simTimeMs: 1250,
    ...extra,
  });

  it('prints aligned plain lines and skips progress that only moved its fraction', () => {
    const printer = new EventLinePrinter();
    expect(printer.line(event('start'))).toBe('[  1.250s] running   restock/pick/grasp');
    expect(printer.line(event('progress', { message: 'approach', fraction: 0.1 }))).toBe(
      '[  1.250s] running   restock/pick/grasp  approach',
    );
    expect(printer.line(event('progress', { message: 'approach', fraction: 0.2 }))).toBeUndefined();
    expect(printer.line(event('progress', { message: 'close' }))).toBe(
      '[  1.250s] running   restock/pick/grasp  close',
    );
    expect(
      printer.line(event('failed', { simTimeMs: 61_500, failure: { reason: 'slipped', message: 'dropped' } })),
    ).toBe('[ 61.500s] failed    restock/pick/grasp  slipped: dropped');
  });

  it('formats sim time in seconds with ms precision', () => {
    expect(formatSimTime(0)).toBe('[  0.000s]');
    expect(formatSimTime(123_456)).toBe('[123.456s]');
  });
});

describe('TtyTreeView', () => {
  it('moves the cursor back over its previous drawing before redrawing', () => {
    const writes: string[] = [];
    const view = new TtyTreeView({ write: (text) => writes.push(text) });
    view.draw(node('a', 'running'), 0);
    view.draw(node('a', 'succeeded'), 500);
    expect(writes[0]?.startsWith('\x1b[')).toBe(false);
    // Two lines drawn the first time (header and the root): go up two lines and clear below.
    expect(writes[1]?.startsWith('\x1b[2F\x1b[J[  0.500s] a\n')).toBe(true);
    expect(writes[1]).toContain('✓');
  });
});
