/* eslint-disable no-control-regex -- this file matches control characters and escape sequences on purpose */
/**
 * Text for a terminal: what came from a file is cleaned of control characters before it is printed, colour follows
 * NO_COLOR, and lines are fitted to the terminal's width.
 */

// Whole escape sequences go, not just their ESC byte, so a window-title or clipboard sequence leaves no text behind:
// CSI (`ESC [ … final`), OSC/DCS/APC/PM/SOS strings (`ESC ] … BEL` or `… ESC \`), and two-byte escapes.
const ESCAPE_SEQUENCE =
  /\x1b\[[0-?]*[ -/]*[@-~]?|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -~]?|\x9b[0-?]*[ -/]*[@-~]?/g;
// C0 and C1 controls and DEL; line breaks and tabs become spaces so one record stays on one line.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// Bidirectional overrides and isolates reorder what a terminal shows ("Trojan Source").
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a file (a task name, a log message, an object id) made safe to print: escape sequences and control
 * characters removed, line breaks and tabs turned into spaces.
 *
 * @example
 * printable('can\x1b]0;pwned\x07-1') // 'can-1'
 */
export function printable(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/[\t\n\r]/g, ' ')
    .replace(CONTROL, '')
    .replace(BIDI, '');
}

/** Colour on a terminal unless NO_COLOR is set to anything but the empty string (no-color.org). */
export function colourWanted(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

const SGR = /\x1b\[[\d;]*m/g;

/** Characters a line takes on screen (colour codes take none). */
export function visibleLength(line: string): number {
  return [...line.replace(SGR, '')].length;
}

/**
 * A line cut to `columns` characters on screen, keeping colour codes whole, ending with `…` when cut. A line as
 * wide as the terminal would wrap and break a redraw that moves the cursor up by lines, so callers pass
 * `columns - 1`.
 */
export function fitWidth(line: string, columns: number): string {
  if (visibleLength(line) <= columns) return line;
  let out = '';
  let shown = 0;
  for (const part of line.split(/(\x1b\[[\d;]*m)/)) {
    if (part.startsWith('\x1b[')) {
      out += part;
      continue;
    }
    for (const char of part) {
      if (shown >= columns - 1) return `${out}…${line.includes('\x1b[') ? '\x1b[0m' : ''}`;
      out += char;
      shown++;
    }
  }
  return out;
}
