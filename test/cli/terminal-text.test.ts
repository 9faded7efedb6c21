import { describe, expect, it } from 'vitest';
import { LineProgress } from '../../apps/cli/progress-lines.ts';
import { colourWanted, fitWidth, printable, visibleLength } from '../../apps/cli/terminal-text.ts';
import { clipLines } from '../../apps/cli/tree-view.ts';

describe('printable', () => {
  it('removes whole escape sequences and control characters, keeps the text', () => {
    expect(printable('can\x1b]0;pwned\x07-1')).toBe('can-1');
    expect(printable('a\x1b]52;c;ZXZpbA==\x1b\\b')).toBe('ab');
    expect(printable('\x1b[2J\x1b[31mred\x1b[0m')).toBe('red');
    expect(printable('two\nlines\tand\rreturn')).toBe('two lines and return');
    expect(printable('bell\x07 del\x7f c1\x9b31m')).toBe('bell del c1');
    expect(printable('bidi \u202eevil\u202c')).toBe('bidi evil');
    expect(printable('plain ✓ text, ünïcode')).toBe('plain ✓ text, ünïcode');
  });
});

describe('colourWanted', () => {
  it('colours a terminal unless NO_COLOR is set to something', () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
  });
});

describe('fitWidth and clipLines', () => {
  it('cuts a line to the columns on screen, colour codes whole', () => {
    const line = '\x1b[32m✓\x1b[0m a-rather-long-node-name';
    expect(visibleLength(line)).toBe(25);
    const cut = fitWidth(line, 10);
    expect(visibleLength(cut)).toBe(10);
    expect(cut).toBe('\x1b[32m✓\x1b[0m a-rathe…\x1b[0m');
    expect(fitWidth('short', 10)).toBe('short');
  });

  it('keeps the focused line in view and counts what it left out', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    expect(clipLines(lines, 10, 6)).toEqual([
      '  … 8 more above',
      'line 8',
      'line 9',
      'line 10',
      'line 11',
      '  … 8 more below',
    ]);
    expect(clipLines(lines, 0, 6)[0]).toBe('line 0');
    expect(clipLines(lines, 19, 6).at(-1)).toBe('line 19');
    expect(clipLines(lines.slice(0, 3), 1, 6)).toEqual(lines.slice(0, 3));
  });
});

describe('LineProgress', () => {
  it('turns \\r frames into whole lines, at most one per period, and always the last', () => {
    let out = '';
    let nowMs = 0;
    const sink = new LineProgress({ write: (t: string) => (out += t) }, 1_000, () => nowMs);
    sink.write('\r[#...] 1/4');
    nowMs = 500;
    sink.write('\r[##..] 2/4');
    nowMs = 1_200;
    sink.write('\r[###.] 3/4');
    nowMs = 1_300;
    sink.write('\r[####] 4/4\n');
    expect(out).toBe('[#...] 1/4\n[###.] 3/4\n[####] 4/4\n');
    expect(out).not.toContain('\r');
  });
});
