import { closeSync, fsyncSync, openSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ensureDir, outputError } from './output-error.ts';

/**
 * Folder, inside each folder datagen writes to, that holds its temp files. Only datagen creates files there, so a
 * run may clear what a killed run left without touching anything else in `--out` (a user's `notes.tmp-1` stays).
 */
export const TEMP_DIR = '.embody-tmp';

/**
 * Writes a file so readers see the old version or the new one, never a torn one: temp file, fsync, rename, fsync of
 * the folder (so the rename itself survives a power cut). On failure the temp file is removed, the old file is left
 * as it was, and the error names the file ("no space left on <path>").
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = prepareTemp(path);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    publish(tmp, path);
  } catch (error) {
    failed(tmp, path, error);
  }
}

/**
 * The temp path for `path`: in the folder's `TEMP_DIR`, named after the file and this process. The host is part of
 * the name because queue workers on several machines (every container's process may be pid 1) write into one shared
 * folder.
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), TEMP_DIR, `${basename(path)}.${hostname()}-${process.pid}`);
}

/**
 * Writes through `write(tmpPath)` (for libraries that write files themselves), then fsyncs, renames into place and
 * fsyncs the folder. On failure the temp file is removed and the previous file is untouched.
 */
export async function writeViaTemp(path: string, write: (tmpPath: string) => void | Promise<void>): Promise<void> {
  const tmp = prepareTemp(path);
  try {
    await write(tmp);
    fsyncFile(tmp);
    publish(tmp, path);
  } catch (error) {
    failed(tmp, path, error);
  }
}

/** Deletes the temp folder a killed run may have left in `dir` (only datagen writes there; see `TEMP_DIR`). */
export function removeStaleTemps(dir: string): void {
  rmSync(join(dir, TEMP_DIR), { recursive: true, force: true });
}

/** Removes `dir`'s temp folder when it is empty, so a finished dataset holds only its files. */
export function removeEmptyTempDir(dir: string): void {
  try {
    rmdirSync(join(dir, TEMP_DIR));
  } catch {
    // Absent, or holding another live writer's file: leave it.
  }
}

/** A fresh temp path for `path`, its folder made. */
function prepareTemp(path: string): string {
  const tmp = tempPathFor(path);
  ensureDir(dirname(tmp));
  rmSync(tmp, { force: true });
  return tmp;
}

/** Renames the written temp file into place and makes the rename durable. */
function publish(tmp: string, path: string): void {
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

/** Removes the temp file (the old file at `path` is untouched) and throws an error naming `path`. */
function failed(tmp: string, path: string, error: unknown): never {
  rmSync(tmp, { force: true });
  throw outputError(error, path);
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable. Some file systems refuse fsync on a folder (EINVAL); the rename stands there anyway. */
function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') throw error;
  } finally {
    closeSync(fd);
  }
}
