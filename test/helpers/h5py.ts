import { spawnSync } from 'node:child_process';

/** Debian's own Python, which has `python3-h5py` (the `python3` first on PATH may be a build without it). */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/**
 * Whether Debian's Python can import h5py, for tests that read HDF5 back the way researchers do. On a developer's
 * machine without it those tests skip; when the `CI` environment variable is set (CI sets it) a missing h5py throws
 * instead, so CI fails loudly rather than passing with the read-back skipped.
 *
 * @example
 * it.skipIf(!h5pyAvailable())('loads in Python with h5py', () => { ... });
 */
export function h5pyAvailable(python = DEBIAN_PYTHON, env: NodeJS.ProcessEnv = process.env): boolean {
  const found = spawnSync(python, ['-c', 'import h5py'], { stdio: 'ignore' }).status === 0;
  if (!found && env.CI !== undefined && env.CI !== '' && env.CI !== 'false')
    throw new Error(
      `h5py is not importable by ${python} but CI is set: install Debian's python3-h5py (.ci/run lists it)`,
    );
  return found;
}
