import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** The temp name a file is written under before it is renamed into place; a killed run leaves these behind. */
export function tempPath(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

/**
 * Writes `data` so that readers (and a crash) see the old file or the new one, never part of one: write a temp
 * file, fsync it, rename it over `path`, fsync the folder so the rename itself is durable.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPath(path);
  const fd = openSync(tmp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let at = 0; at < bytes.byteLength;) at += writeSync(fd, bytes, at, bytes.byteLength - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  commit(tmp, path);
}

/** For files a tool writes itself (ffmpeg): `write(tmp)` fills the temp path, which is then fsynced and renamed. */
export async function writeViaTempFile(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPath(path);
  rmSync(tmp, { force: true });
  try {
    await write(tmp);
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  commit(tmp, path);
}

function commit(tmp: string, path: string): void {
  renameSync(tmp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
