import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small RAM file system mounted for a test: a real disk that fills up, or a real read-only one. */
export interface Tmpfs {
  readonly dir: string;
  unmount(): void;
}

/**
 * Mounts a tmpfs of `sizeBytes` on a fresh folder (needs root, or CAP_SYS_ADMIN). Returns why it could not, so the
 * test can skip with that reason; on CI as root a failure to mount is an error, not a skip.
 */
export function mountTmpfs(sizeBytes: number, readOnly = false): Tmpfs | { readonly skipped: string } {
  const isRoot = process.getuid?.() === 0;
  const fail = (reason: string): { skipped: string } => {
    if (process.env['CI'] !== undefined && isRoot)
      throw new Error(`CI runs as root, so it must mount a tmpfs: ${reason}`);
    return { skipped: reason };
  };
  if (!isRoot) return fail('mounting a tmpfs needs root');
  const dir = mkdtempSync(join(tmpdir(), 'embody-tmpfs-'));
  const options = `size=${sizeBytes}${readOnly ? ',ro' : ''}`;
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmdirSync(dir);
    return fail(`mount -t tmpfs failed: ${(mounted.stderr || mounted.error?.message || '').trim()}`);
  }
  return {
    dir,
    unmount() {
      spawnSync('umount', [dir]);
      rmdirSync(dir);
    },
  };
}
