/** Resolves `relative` against the folder of `fromFile`, POSIX-style; absolute paths pass through. */
export function resolveRelativePath(fromFile: string, relative: string): string {
  if (relative.startsWith('/')) return normalize(relative);
  const slash = fromFile.lastIndexOf('/');
  const dir = slash >= 0 ? fromFile.slice(0, slash + 1) : '';
  return normalize(dir + relative);
}

// Kept free of node:path so the scene resolver also bundles for the browser viewer.
function normalize(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}
