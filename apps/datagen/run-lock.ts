import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ensureDir, outputError } from './output-error.ts';

/** Who holds a dataset folder: written into `<out>/work/run.lock`. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** Process start time from /proc (clock ticks since boot), so a recycled pid is not mistaken for the owner. */
  readonly procStart?: string;
  readonly startedAt: string;
}

/** A held lock; `release` removes it if it is still this process's. */
export interface RunLock {
  readonly path: string;
  release(): void;
}

/**
 * Takes `<out>/work/run.lock` for this process, so two runs on one `--out` cannot both redo every chunk and
 * overwrite each other's files. A lock whose process is gone (killed, machine rebooted) is stale and taken over;
 * a live one is refused with its pid named. Locks from another host cannot be checked and are refused.
 */
export function acquireRunLock(outDir: string): RunLock {
  const dir = join(outDir, 'work');
  ensureDir(dir);
  const path = join(dir, 'run.lock');
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    ...(procStart(process.pid) === undefined ? {} : { procStart: procStart(process.pid)! }),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createWhole(path, `${JSON.stringify(me)}\n`)) return { path, release: () => releaseIfMine(path, me) };
    const text = readOrEmpty(path);
    const owner = parseOwner(text);
    if (owner !== undefined && isAlive(owner)) {
      const where = owner.host === me.host ? '' : ` on host ${owner.host}`;
      throw new Error(
        `${outDir} is in use by another embody datagen run (pid ${owner.pid}${where}, started ${owner.startedAt}); ` +
          `wait for it to finish or stop it. If no run is using the folder, delete ${path}`,
      );
    }
    // Stale: its process is gone. Remove it only if it is still the same file we judged.
    if (readOrEmpty(path) === text) rmSync(path, { force: true });
  }
  throw new Error(`${outDir}: could not take ${path} (other runs keep starting on this folder)`);
}

/**
 * Creates `path` with `text` unless it exists, atomically and whole: written to a private file first, then hard-linked
 * into place (link fails if the name is taken), so no other run ever reads a half-written lock.
 */
function createWhole(path: string, text: string): boolean {
  const mine = `${path}.${process.pid}`;
  try {
    writeFileSync(mine, text);
    linkSync(mine, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw outputError(error, path, 'create the lock');
  } finally {
    rmSync(mine, { force: true });
  }
}

function releaseIfMine(path: string, me: LockOwner): void {
  const owner = parseOwner(readOrEmpty(path));
  if (owner?.pid === me.pid && owner.host === me.host) rmSync(path, { force: true });
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = procStart(owner.pid);
  return owner.procStart === undefined || start === undefined || start === owner.procStart;
}

/** Field 22 of /proc/<pid>/stat: when the process started. Undefined off Linux. */
function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
