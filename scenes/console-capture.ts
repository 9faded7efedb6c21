/** What a loader printed while it ran, and what it returned. */
export interface Captured<T> {
  readonly value: T;
  readonly lines: readonly string[];
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: readonly ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];
const sinks = new Set<string[]>();
let originals: Partial<Record<ConsoleMethod, (...args: unknown[]) => void>> | undefined;

/**
 * Runs `fn` with the console's output collected instead of printed. Third-party loaders (three's OBJ, STL and glTF
 * loaders) report problems on the console: an OBJ "mesh" that is really a text file would print every line of it.
 * Captures nest and may overlap (parallel async loads): each collects everything printed while it is open.
 */
export function captureConsoleSync<T>(fn: () => T): Captured<T> {
  const lines: string[] = [];
  const end = begin(lines);
  try {
    return { value: fn(), lines };
  } finally {
    end();
  }
}

/** `captureConsoleSync` for a loader that returns a promise. */
export async function captureConsole<T>(fn: () => T | Promise<T>): Promise<Captured<Awaited<T>>> {
  const lines: string[] = [];
  const end = begin(lines);
  try {
    return { value: await fn(), lines };
  } finally {
    end();
  }
}

function begin(lines: string[]): () => void {
  if (originals === undefined) {
    const saved: Partial<Record<ConsoleMethod, (...args: unknown[]) => void>> = {};
    for (const m of METHODS) {
      saved[m] = console[m].bind(console);
      console[m] = (...args: unknown[]): void => {
        const text = args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ');
        for (const sink of sinks) sink.push(text);
      };
    }
    originals = saved;
  }
  sinks.add(lines);
  return () => {
    sinks.delete(lines);
    if (sinks.size === 0 && originals !== undefined) {
      for (const m of METHODS) console[m] = originals[m]!;
      originals = undefined;
    }
  };
}
