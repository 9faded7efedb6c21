import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `embody --version`, `--help` and every command start with only what they use: the CLI's entry imports no command
// module at load time (each is imported when its command runs, `COMMANDS[i].load()`). A static `import` of a command
// here would load the sim, MuJoCo, Redis and the ROS bridge for every start; before the split, `embody --version` took
// 4–5 s of CPU (`/usr/bin/time node bin/embody.mjs --version`).
const ENTRY = new URL('../../apps/cli/main.ts', import.meta.url);

/** The module specifiers a file imports for their values (not `import type`), at load time. */
function valueImports(source: string): string[] {
  return [...source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)';/gms)].map((m) => m[1]!);
}

describe('the CLI entry', () => {
  it('imports no command module at load time: only Node built-ins and the interrupt listener', () => {
    const imports = valueImports(readFileSync(ENTRY, 'utf8'));
    expect(imports.length).toBeGreaterThan(0);
    for (const spec of imports) expect(spec.startsWith('node:') || spec === './interrupts.ts', spec).toBe(true);
  });

  it('finds the static imports this check relies on (a fixture with one of each kind)', () => {
    const fixture = [
      "import { readFileSync } from 'node:fs';",
      "import type { CliIo } from './cli-io.ts';",
      "import {\n  a,\n  b,\n} from '../verify/verify-command.ts';",
      "const later = () => import('../serve/serve-command.ts');",
    ].join('\n');
    expect(valueImports(fixture)).toEqual(['node:fs', '../verify/verify-command.ts']);
  });
});
