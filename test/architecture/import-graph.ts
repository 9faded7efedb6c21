import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One import edge: from a repo file to a specifier, resolved to a repo path when relative. */
export interface ImportEdge {
  readonly from: string;
  readonly specifier: string;
  /** Repo-relative target for relative imports; undefined for packages. */
  readonly to?: string;
  readonly line: number;
}

const IMPORT_RE =
  /(?:^|[^\w.])(?:import|export)\s*(?:type\s+)?(?:[\w*{}\s,$]+from\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every .ts/.mjs file below the given top-level folders, repo-relative with forward slashes. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|mts|mjs)$/.test(name)) out.push(relative(root, full).split('\\').join('/'));
    }
  };
  for (const f of folders) {
    try {
      walk(join(root, f));
    } catch {
      // A folder not created yet has no imports to check.
    }
  }
  return out.sort();
}

/** The import edges of one file, found by a regex over its text (comments stripped first). */
export function importsOf(root: string, file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/\/\/.*$/gm, '');
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(IMPORT_RE)) {
    const specifier = match[1] ?? match[2]!;
    const line = text.slice(0, match.index).split('\n').length;
    const to = specifier.startsWith('.')
      ? relative(root, resolve(root, dirname(file), specifier))
          .split('\\')
          .join('/')
      : undefined;
    edges.push({ from: file, specifier, ...(to === undefined ? {} : { to }), line });
  }
  return edges;
}
