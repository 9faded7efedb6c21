/**
 * rxjs creation functions and operators that schedule on `asyncScheduler` (the wall clock) unless given a
 * scheduler. In skills and the graph core every one of them must be passed the context's scheduler, or a sim run
 * waits on real time and a marble test is no longer exact.
 */
const TIME_FUNCTIONS = [
  'timer',
  'interval',
  'delay',
  'timeout',
  'timeoutWith',
  'debounceTime',
  'throttleTime',
  'auditTime',
  'sampleTime',
  'bufferTime',
  'windowTime',
  'timeInterval',
  'timestamp',
];

export interface TimeCall {
  /** The call as written, `timer(100)`. */
  readonly text: string;
  readonly line: number;
}

/**
 * The calls of rxjs time functions in `code` (comments already stripped) whose arguments name no scheduler. Local
 * aliases (`timeout as rxTimeout`) are followed; a function not imported from rxjs is not one of them.
 */
export function unscheduledTimeCalls(code: string): TimeCall[] {
  const locals = rxjsTimeImports(code);
  const found: TimeCall[] = [];
  for (const local of locals) {
    const callRe = new RegExp(`(?<![\\w.$])${escape(local)}\\s*\\(`, 'g');
    for (const match of code.matchAll(callRe)) {
      const open = match.index + match[0].length - 1;
      const close = matchingParen(code, open);
      if (close < 0) continue;
      const args = code.slice(open + 1, close);
      if (/scheduler/i.test(args)) continue;
      found.push({ text: code.slice(match.index, close + 1), line: code.slice(0, match.index).split('\n').length });
    }
  }
  return found.sort((a, b) => a.line - b.line || a.text.localeCompare(b.text));
}

function rxjsTimeImports(code: string): string[] {
  const locals: string[] = [];
  for (const match of code.matchAll(/import\s*(?:type\s+)?\{([^}]*)\}\s*from\s*['"]rxjs(?:\/operators)?['"]/g)) {
    for (const part of match[1]!.split(',')) {
      const [imported, local] = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/);
      if (imported !== undefined && TIME_FUNCTIONS.includes(imported)) locals.push((local ?? imported).trim());
    }
  }
  return locals;
}

function matchingParen(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

function escape(name: string): string {
  return name.replace(/[$]/g, '\\$');
}
