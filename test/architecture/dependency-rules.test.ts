import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsOf, sourceFiles, type ImportEdge } from './import-graph.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FOLDERS = ['src', 'skills', 'sim', 'hardware', 'scenes', 'bench', 'examples', 'viewer', 'bin'];

/**
 * The layering of ARCHITECTURE.md, as data: a file matching `files` may not import a target matching `forbid`.
 * Targets are repo paths for relative imports and package names otherwise.
 */
const RULES: readonly { name: string; files: RegExp; forbid: RegExp; unless?: RegExp }[] = [
  { name: 'only sim/ imports Rapier', files: /^(?!sim\/)/, forbid: /^@dimforge\// },
  { name: 'skills see hardware interfaces, never a backend', files: /^skills\//, forbid: /^(sim|hardware\/ros|test|src\/cli|viewer)\// },
  { name: 'the graph core sees no backend and no skills', files: /^src\/(skill|graph|task|telemetry|time|world)\//, forbid: /^(sim|skills|hardware\/ros|test|viewer|src\/cli)\// },
  { name: 'kinematics and math are pure', files: /^src\/(kinematics|math)\//, forbid: /^(sim|skills|hardware|scenes|test|viewer|src\/(graph|skill|task|cli))\// },
  { name: 'hardware contracts depend only on core types', files: /^hardware\/[^/]+\.ts$/, forbid: /^(sim|skills|scenes|test|viewer|src\/(graph|task|cli|skill))\// },
  { name: 'scenes are data and loaders, not physics', files: /^scenes\//, forbid: /^(sim|skills|test|viewer|src\/cli)\// },
  { name: 'sim backend does not reach into skills or the CLI', files: /^sim\//, forbid: /^(skills|viewer|src\/cli|test)\// },
  { name: 'only the viewer imports a renderer', files: /^(?!viewer\/)/, forbid: /^three\/(examples|addons)\/jsm\/(renderers|controls)\// },
  { name: 'shipped code does not import tests (the CLI may use the test double until a backend exists)', files: /^(?!src\/cli\/)(src|skills|sim|hardware|scenes)\//, forbid: /^test\// },
];

const TIME_RE = /\b(Date\.now|setTimeout|setInterval|performance\.now)\s*\(/;

function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(ROOT, FOLDERS)) {
    for (const edge of importsOf(ROOT, file)) {
      const target = edge.to ?? edge.specifier;
      for (const rule of RULES) {
        if (rule.files.test(file) && rule.forbid.test(target)) found.push(describeEdge(rule.name, edge, target));
      }
    }
  }
  return found;
}

function describeEdge(rule: string, edge: ImportEdge, target: string): string {
  return `${edge.from}:${edge.line} imports ${target} (${rule})`;
}

describe('dependency rules (ARCHITECTURE.md)', () => {
  it('finds the project files it checks', () => {
    const files = sourceFiles(ROOT, FOLDERS);
    expect(files).toContain('src/skill/run.ts');
    expect(files).toContain('hardware/robot.ts');
  });

  it('catches a forbidden import when there is one', () => {
    const fake: ImportEdge = { from: 'skills/grasp.ts', specifier: '../sim/sim-world.ts', to: 'sim/sim-world.ts', line: 3 };
    const rule = RULES.find((r) => r.name.startsWith('skills see'))!;
    expect(rule.files.test(fake.from) && rule.forbid.test(fake.to!)).toBe(true);
    const rapier = RULES[0]!;
    expect(rapier.files.test('skills/grasp.ts') && rapier.forbid.test('@dimforge/rapier3d-deterministic-compat')).toBe(true);
    expect(rapier.files.test('sim/rapier.ts')).toBe(false);
  });

  it('holds for every file in the tree', () => {
    expect(violations()).toEqual([]);
  });

  it('keeps wall-clock time out of skills and graph operators', () => {
    const offenders = sourceFiles(ROOT, ['skills', 'src/graph', 'src/skill'])
      .filter((file) => TIME_RE.test(codeOf(file)));
    expect(offenders).toEqual([]);
  });
});

/** A file's code without comments: comments may mention Date.now() to say why it is not used. */
function codeOf(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}
