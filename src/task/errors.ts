/** One problem found in a task file: where it is inside the file and what is wrong. */
export interface TaskIssue {
  /** Path inside the file, `root.sequence.nodes[2].params.slot`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
  /** 1-based line and column, when the parser knows them (syntax errors, and nodes it kept a range for). */
  readonly line?: number;
  readonly column?: number;
}

/**
 * A task file that cannot be compiled. The message lists every issue, one per line, each naming the file, the
 * path inside it and the reason: `tasks/restock.yaml: root.sequence.nodes[2].params.slot: expected string, got number`.
 */
export class TaskFileError extends Error {
  override readonly name = 'TaskFileError';

  constructor(
    readonly fileName: string,
    readonly issues: readonly TaskIssue[],
  ) {
    super(issues.map((issue) => formatIssue(fileName, issue)).join('\n'));
  }
}

/** `file: path: message`, or `file:line:column: message` for a syntax error that has no path. */
export function formatIssue(fileName: string, issue: TaskIssue): string {
  if (issue.path !== '') return `${fileName}: ${issue.path}: ${issue.message}`;
  if (issue.line !== undefined) return `${fileName}:${issue.line}:${issue.column ?? 1}: ${issue.message}`;
  return `${fileName}: ${issue.message}`;
}

/** Formats a path of keys and indices the way people write it: `root.sequence.nodes[2].params`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}

/** Collects issues while a file is compiled, so one run reports all of them. */
export class IssueCollector {
  readonly issues: TaskIssue[] = [];

  constructor(
    private readonly locate: (
      path: readonly (string | number)[],
    ) => { line: number; column: number } | undefined = () => undefined,
  ) {}

  add(path: readonly (string | number)[], message: string): void {
    const where = this.locate(path);
    this.issues.push({ path: formatPath(path), message, ...(where === undefined ? {} : where) });
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }
}
