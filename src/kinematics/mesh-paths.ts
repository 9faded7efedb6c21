import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MeshPathResolver } from './urdf-links.ts';

/** Options of `meshPathResolver`. */
export interface MeshPathOptions {
  /**
   * Folders the mesh files may lie in. When given, a filename that resolves (after `..` and symlinks) outside all
   * of them, or a URL other than `package://` and `file://`, is refused: a scene's robot must not make the viewer
   * or the loader read `/etc/shadow`.
   */
  readonly allowedRoots?: readonly string[];
}

/**
 * Resolves URDF mesh filenames against the URDF file's folder (Node only; `loadUrdf` imports it lazily so
 * `parseUrdf` stays usable in a browser). `package://pkg/rest` is looked for in an ancestor folder named `pkg`,
 * then in a `pkg` folder beside an ancestor, then as `rest` under the URDF's folder; relative names resolve
 * against the URDF's folder; `file://` URLs become paths; other URLs stay as they are. With `allowedRoots` every
 * result is confined to those folders (`PathOutsideError` otherwise).
 */
export function meshPathResolver(urdfPath: string, options: MeshPathOptions = {}): MeshPathResolver {
  const urdfDir = dirname(resolve(urdfPath));
  const roots = options.allowedRoots;
  const resolveName = (filename: string): string => {
    if (filename.startsWith('package://')) return resolvePackagePath(urdfDir, filename.slice('package://'.length));
    if (filename.startsWith('file://')) return fileURLToPath(filename);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(filename)) {
      if (roots !== undefined) throw new Error(`mesh "${filename}": only package:// and file:// URLs are allowed`);
      return filename;
    }
    return isAbsolute(filename) ? filename : resolve(urdfDir, filename);
  };
  return (filename) => {
    const path = resolveName(filename);
    if (roots !== undefined) checkConfined(path, roots, `mesh "${filename}"`);
    return path;
  };
}

/** A path that leaves the folders it must stay in. */
export class PathOutsideError extends Error {
  override readonly name = 'PathOutsideError';
  constructor(
    readonly path: string,
    readonly roots: readonly string[],
    what: string,
  ) {
    super(`${what} resolves to ${path}, outside the allowed folders (${roots.join(', ')})`);
  }
}

/**
 * Throws `PathOutsideError` unless `path` lies inside one of `roots`, both as written (after `..`) and, when it
 * exists, after following symlinks (a link inside the folder may point anywhere). `what` names the path in the
 * message (`urdf "robot.urdf"`).
 */
export function checkConfined(path: string, roots: readonly string[], what: string): void {
  const absolute = resolve(path);
  const realRoots = roots.map(realOrSelf);
  if (!inside(absolute, [...roots.map((r) => resolve(r)), ...realRoots])) {
    throw new PathOutsideError(absolute, roots, what);
  }
  if (existsSync(absolute)) {
    const real = realpathSync(absolute);
    if (!inside(real, realRoots)) throw new PathOutsideError(real, roots, `${what} (through a symlink)`);
  }
}

function inside(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const rel = relative(root, path);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
  });
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(resolve(path));
  } catch {
    return resolve(path);
  }
}

function resolvePackagePath(urdfDir: string, packagePath: string): string {
  const slash = packagePath.indexOf('/');
  const packageName = slash < 0 ? packagePath : packagePath.slice(0, slash);
  const rest = slash < 0 ? '' : packagePath.slice(slash + 1);
  for (let dir = urdfDir; ; dir = dirname(dir)) {
    if (basename(dir) === packageName) return join(dir, rest);
    const sibling = join(dir, packageName);
    if (existsSync(sibling) && statSync(sibling).isDirectory()) return join(sibling, rest);
    if (dirname(dir) === dir) break;
  }
  return join(urdfDir, rest);
}
