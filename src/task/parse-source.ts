import { LineCounter, isNode, parseDocument } from 'yaml';
import { MAX_GRAPH_DEPTH } from '../skill/skill.ts';
import { TaskFileError, type TaskIssue } from './errors.ts';

/** A parsed task file: its plain value, and a way to find the line and column of a path inside it. */
export interface ParsedSource {
  readonly value: unknown;
  readonly locate: (path: readonly (string | number)[]) => { line: number; column: number } | undefined;
}

/**
 * Parses YAML, or JSON (a subset of YAML 1.2, so one parser gives both the same line/column errors).
 * Throws a `TaskFileError` listing every syntax error with its line and column.
 */
export function parseSource(source: string, fileName: string): ParsedSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error): TaskIssue => {
      const start = lineCounter.linePos(error.pos[0]);
      const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
      // The YAML parser recurses per level of nesting: a file hundreds of levels deep runs it out of stack
      // before the compiler's own depth check can see the file.
      const tooDeep = /Maximum call stack size exceeded/.test(reason);
      return {
        path: '',
        message: tooDeep
          ? `nested too deep for the YAML parser: a task file may nest at most ${MAX_GRAPH_DEPTH} nodes, root included`
          : `syntax error: ${reason}`,
        line: start.line,
        column: start.col,
      };
    });
    throw new TaskFileError(fileName, issues);
  }
  const locate = (path: readonly (string | number)[]): { line: number; column: number } | undefined => {
    // Walk up to the deepest node that exists: a missing key is reported where its parent starts.
    for (let depth = path.length; depth >= 0; depth--) {
      const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
  return { value: doc.toJS({ maxAliasCount: 100 }) as unknown, locate };
}
