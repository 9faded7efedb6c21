import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A file or folder of the dataset could not be written; the message names it and says why in plain words. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Turns a Node file-system error met while writing `path` into an `OutputError` that names it: "no space left on
 * <path>" rather than "ENOSPC: no space left on device, write".
 */
export function outputError(error: unknown, path: string, doing = 'write'): OutputError {
  if (error instanceof OutputError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOSPC: `no space left on ${path} (the disk is full)`,
    EDQUOT: `disk quota exceeded writing ${path}`,
    EROFS: `cannot ${doing} ${path}: the file system is read-only`,
    EACCES: `cannot ${doing} ${path}: permission denied`,
    EPERM: `cannot ${doing} ${path}: operation not permitted`,
    ENOTDIR: `cannot ${doing} ${path}: part of the path is a file, not a folder`,
    EISDIR: `cannot ${doing} ${path}: it is a folder`,
    EIO: `cannot ${doing} ${path}: input/output error (a failing disk?)`,
    ENOENT: `cannot ${doing} ${path}: no such file or folder`,
  };
  const message =
    (code !== undefined ? reasons[code] : undefined) ?? `cannot ${doing} ${path}: ${(error as Error).message}`;
  return new OutputError(path, code, message);
}

/**
 * Creates a folder and its missing parents, one level at a time. Node's recursive mkdir reports a read-only file
 * system as "ENOENT … mkdir" and can spin forever where a parent can never be created (under /proc); here each
 * level's own error is reported with that level named.
 */
export function ensureDir(path: string): void {
  const absolute = resolve(path);
  const missing: string[] = [];
  let existing = absolute;
  while (!existsSync(existing) && dirname(existing) !== existing) {
    missing.unshift(existing);
    existing = dirname(existing);
  }
  if (!statSync(existing).isDirectory()) {
    throw new OutputError(existing, 'ENOTDIR', `cannot create folder ${absolute}: ${existing} is a file, not a folder`);
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw outputError(error, dir, 'create folder');
    }
  }
}
