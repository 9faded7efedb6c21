import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Why a trace path was refused; the message is one line for the user. */
export class TracePathError extends Error {
  override readonly name = 'TracePathError';
}

/**
 * Readies the path a run's trace goes to: creates missing folders, refuses a file that exists unless `force`, and
 * never writes over one of the run's inputs (the task file, the scene), force or not. `shownPath` is the path as
 * the user typed it, for messages.
 */
export function prepareTracePath(
  path: string,
  options: { readonly shownPath: string; readonly force: boolean; readonly inputs: readonly string[] },
): void {
  if (existsSync(path)) {
    const real = realpathSync(path);
    if (options.inputs.some((input) => existsSync(input) && realpathSync(input) === real))
      throw new TracePathError(`--trace ${options.shownPath} is an input of this run; refusing to write over it`);
    if (statSync(path).isDirectory()) throw new TracePathError(`--trace ${options.shownPath} is a folder`);
    if (!options.force) throw new TracePathError(`--trace ${options.shownPath} exists (add --force to overwrite it)`);
    return;
  }
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new TracePathError(
      `--trace ${options.shownPath}: cannot create its folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}
