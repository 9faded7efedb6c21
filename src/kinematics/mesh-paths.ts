import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MeshPathResolver } from './urdf-links.ts';

/**
 * Resolves URDF mesh filenames against the URDF file's folder (Node only; `loadUrdf` imports it lazily so
 * `parseUrdf` stays usable in a browser). `package://pkg/rest` is looked for in an ancestor folder named `pkg`,
 * then in a `pkg` folder beside an ancestor, then as `rest` under the URDF's folder; relative names resolve
 * against the URDF's folder; `file://` URLs become paths; other URLs stay as they are.
 */
export function meshPathResolver(urdfPath: string): MeshPathResolver {
  const urdfDir = dirname(resolve(urdfPath));
  return (filename) => {
    if (filename.startsWith('package://')) return resolvePackagePath(urdfDir, filename.slice('package://'.length));
    if (filename.startsWith('file://')) return fileURLToPath(filename);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(filename) || isAbsolute(filename)) return filename;
    return resolve(urdfDir, filename);
  };
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
