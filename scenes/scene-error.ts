/**
 * A bad scene file. `path` is where inside the file (`objects[3].pose.position`, `line 4, column 7` for YAML
 * syntax), `reason` what is wrong.
 *
 * @example
 * // scenes/bad.yaml: objects[3].pose.position: expected array of 3 numbers
 */
export class SceneFileError extends Error {
  override readonly name = 'SceneFileError';
  readonly file: string;
  readonly path: string;
  readonly reason: string;
  /** 1-based line and column of the offending node in the text, when known. */
  readonly line?: number;
  readonly column?: number;

  constructor(
    file: string,
    path: string,
    reason: string,
    position?: { readonly line: number; readonly column: number },
  ) {
    const where = position ? ` (line ${position.line}, column ${position.column})` : '';
    super(path ? `${file}: ${path}: ${reason}${where}` : `${file}: ${reason}${where}`);
    this.file = file;
    this.path = path;
    this.reason = reason;
    if (position) {
      this.line = position.line;
      this.column = position.column;
    }
  }
}

/** Formats a zod/object path as `objects[3].pose.position`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** A problem found below the file level; the resolver adds the file name and the path prefix. */
export class SceneIssue extends Error {
  override readonly name = 'SceneIssue';
  readonly pathKeys: readonly PropertyKey[];
  readonly reason: string;

  constructor(pathKeys: readonly PropertyKey[], reason: string) {
    super(`${formatPath(pathKeys)}: ${reason}`);
    this.pathKeys = pathKeys;
    this.reason = reason;
  }
}
