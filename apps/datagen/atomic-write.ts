import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes a file so readers see the old version or the new one, never a torn one: temp file, then rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** A sibling temp path for `path`; `*.tmp-*` files left by a killed run are ignored and cleaned on resume. */
export function tempPathFor(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

/** Writes through `write(tmpPath)` (for libraries that write files themselves), then renames into place. */
export async function writeViaTemp(path: string, write: (tmpPath: string) => void | Promise<void>): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  rmSync(tmp, { force: true });
  await write(tmp);
  renameSync(tmp, path);
}

/** Deletes temp files a killed run left in `dir` (not recursive). */
export function removeStaleTemps(dir: string): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) if (f.includes('.tmp-')) rmSync(join(dir, f), { force: true });
}
