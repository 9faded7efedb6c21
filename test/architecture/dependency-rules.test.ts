import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsOf, sourceFiles, type ImportEdge } from './import-graph.ts';
import { unscheduledTimeCalls } from './rxjs-time.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FOLDERS = ['src', 'apps', 'skills', 'sim', 'hardware', 'scenes', 'bench', 'examples', 'bin'];

/**
 * The layering of ARCHITECTURE.md as allow-lists: a file belongs to the first layer whose `files` pattern matches
 * it, and may import only files of the layers in `layers` (its own included where listed) and the packages matching
 * `packages`. Anything not listed is refused, so an import nobody thought of fails here.
 */
interface Layer {
  readonly name: string;
  readonly files: RegExp;
  readonly layers: readonly string[];
  readonly packages: RegExp;
}

const NODE_FILES = /^node:(fs|fs\/promises|path|url|os)$/;
const LAYERS: readonly Layer[] = [
  { name: 'math', files: /^src\/math\//, layers: ['math'], packages: /^three$/ },
  {
    name: 'kinematics',
    files: /^src\/kinematics\//,
    layers: ['math', 'kinematics'],
    packages: alternatives(/^three$/, /^fast-xml-parser$/, NODE_FILES),
  },
  { name: 'time', files: /^src\/time\//, layers: ['time'], packages: /^rxjs$/ },
  { name: 'locomotion', files: /^src\/locomotion\//, layers: ['math', 'locomotion'], packages: /^three$/ },
  {
    name: 'perception',
    files: /^src\/perception\//,
    layers: ['math', 'perception', 'hardware contracts'],
    packages: /^three$/,
  },
  { name: 'world', files: /^src\/world\//, layers: ['math', 'kinematics', 'world'], packages: /^three$/ },
  {
    name: 'hardware contracts',
    files: /^hardware\/[^/]+\.ts$/,
    layers: ['math', 'kinematics', 'hardware contracts'],
    packages: /^rxjs$/,
  },
  {
    name: 'skill contract',
    files: /^src\/skill\//,
    layers: ['skill contract', 'hardware contracts', 'world', 'time', 'math', 'kinematics'],
    packages: /^(rxjs|zod)$/,
  },
  {
    name: 'telemetry',
    files: /^src\/telemetry\//,
    layers: ['telemetry', 'skill contract'],
    packages: alternatives(/^(rxjs|zod)$/, NODE_FILES),
  },
  {
    name: 'graph',
    files: /^src\/graph\//,
    layers: ['graph', 'skill contract', 'telemetry', 'time'],
    packages: /^(rxjs|zod)$/,
  },
  {
    name: 'task files',
    files: /^src\/task\//,
    layers: ['task files', 'graph', 'skill contract', 'hardware contracts', 'world', 'telemetry', 'time', 'math'],
    packages: alternatives(/^(rxjs|zod|yaml)$/, NODE_FILES),
  },
  {
    name: 'skills',
    files: /^skills\//,
    layers: [
      'skills',
      'graph',
      'skill contract',
      'hardware contracts',
      'world',
      'perception',
      'math',
      'kinematics',
      'locomotion',
    ],
    packages: /^(rxjs|zod|three)$/,
  },
  {
    name: 'scenes',
    files: /^scenes\//,
    layers: ['scenes', 'world', 'math', 'kinematics'],
    packages: alternatives(/^(zod|yaml|three)$/, /^three\/examples\/jsm\/loaders\//, NODE_FILES),
  },
  {
    name: 'scripted double',
    files: /^hardware\/scripted\//,
    layers: ['scripted double', 'hardware contracts', 'math', 'kinematics'],
    packages: alternatives(/^rxjs$/, NODE_FILES),
  },
  {
    name: 'ros backend',
    files: /^hardware\/ros\//,
    layers: ['ros backend', 'hardware contracts', 'perception', 'math', 'kinematics'],
    packages: alternatives(
      // ws and cbor-x: the socket roslib runs on, with a faster CBOR decoder (ws-transport.ts).
      /^(rxjs|roslib|zod|yaml|three|ws|cbor-x)$/,
      /^@foxglove\/(rosmsg-msgs-common|rosmsg-serialization|rosmsg2-serialization)$/,
      NODE_FILES,
    ),
  },
  {
    name: 'sim',
    files: /^sim\//,
    layers: [
      'sim',
      'scenes',
      'hardware contracts',
      'world',
      'perception',
      'time',
      'telemetry',
      'math',
      'kinematics',
      'locomotion',
    ],
    packages: alternatives(
      /^@dimforge\/rapier3d-deterministic-compat$/,
      // datagen's `--engine simd`: the faster, CPU-dependent build, loaded only when asked for.
      /^@dimforge\/rapier3d-simd-compat$/,
      /^(rxjs|three)$/,
      // The approach check's hulls (sim/grasp-trial/convex-overlap.ts).
      /^three\/examples\/jsm\/math\/ConvexHull\.js$/,
      NODE_FILES,
      /^node:worker_threads$/,
      // The grasp-trial worker loads its TypeScript through tsx, as bin/ does.
      /^tsx\/esm\/api$/,
    ),
  },
  // The core library's public index (package.json `exports` "."): re-exports of the src/ layers, nothing else.
  {
    name: 'library index',
    files: /^src\/index\.ts$/,
    layers: ['skill contract', 'graph', 'telemetry', 'task files', 'world', 'time', 'math'],
    packages: /^$/,
  },
  // Composition roots: applications, benchmarks, examples and the bin scripts may use every library layer, never
  // the tests.
  { name: 'apps', files: /^(apps|bench|examples|bin)\//, layers: ['*'], packages: /^(?!\.)/ },
];

function alternatives(...patterns: RegExp[]): RegExp {
  return new RegExp(patterns.map((p) => `(?:${p.source})`).join('|'));
}

function layerOf(file: string): Layer | undefined {
  return LAYERS.find((layer) => layer.files.test(file));
}

function allowed(layer: Layer, edge: ImportEdge): boolean {
  if (edge.to === undefined) return layer.packages.test(edge.specifier);
  const target = layerOf(edge.to);
  if (target === undefined) return false;
  return layer.layers.includes('*') ? target.name !== 'tests' : layer.layers.includes(target.name);
}

function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(ROOT, FOLDERS)) {
    const layer = layerOf(file);
    if (layer === undefined) {
      found.push(`${file} belongs to no layer of ARCHITECTURE.md`);
      continue;
    }
    for (const edge of importsOf(ROOT, file)) {
      if (!allowed(layer, edge)) {
        const target = edge.to === undefined ? edge.specifier : `${edge.to} (${layerOf(edge.to)?.name ?? 'no layer'})`;
        found.push(`${edge.from}:${edge.line} (${layer.name}) imports ${target}`);
      }
    }
  }
  return found;
}

const WALL_CLOCK_RE = /\b(Date\.now|setTimeout|setInterval|performance\.now)\s*\(/;
const SCHEDULED_FOLDERS = ['skills', 'src/graph', 'src/skill'];

describe('dependency rules (ARCHITECTURE.md)', () => {
  it('finds the project files it checks, each in one layer', () => {
    const files = sourceFiles(ROOT, FOLDERS);
    expect(files).toContain('src/skill/run.ts');
    expect(files).toContain('hardware/robot.ts');
    expect(files).toContain('apps/cli/main.ts');
    expect(layerOf('hardware/arm.ts')?.name).toBe('hardware contracts');
    expect(layerOf('hardware/scripted/scripted-robot.ts')?.name).toBe('scripted double');
  });

  it('refuses what a layer does not list', () => {
    const skills = layerOf('skills/grasp.ts')!;
    const edge = (to: string): ImportEdge => ({ from: 'skills/grasp.ts', specifier: to, to, line: 1 });
    expect(allowed(skills, edge('sim/sim-world.ts'))).toBe(false);
    expect(allowed(skills, edge('src/task/compile-task.ts'))).toBe(false);
    expect(allowed(skills, edge('scenes/load-scene.ts'))).toBe(false);
    expect(allowed(skills, edge('src/graph/sequence.ts'))).toBe(true);
    const rapier: ImportEdge = {
      from: 'skills/grasp.ts',
      specifier: '@dimforge/rapier3d-deterministic-compat',
      line: 1,
    };
    expect(allowed(skills, rapier)).toBe(false);
    expect(allowed(layerOf('sim/rapier.ts')!, { ...rapier, from: 'sim/rapier.ts' })).toBe(true);
    const apps = layerOf('apps/cli/main.ts')!;
    expect(allowed(apps, { from: 'apps/cli/main.ts', specifier: 'x', to: 'test/helpers/matchers.ts', line: 1 })).toBe(
      false,
    );
  });

  it('holds for every file in the tree', () => {
    expect(violations()).toEqual([]);
  });

  it('keeps wall-clock time out of skills and graph operators', () => {
    const offenders = sourceFiles(ROOT, SCHEDULED_FOLDERS).filter((file) => WALL_CLOCK_RE.test(codeOf(file)));
    expect(offenders).toEqual([]);
  });

  it('finds rxjs time operators called without a scheduler', () => {
    const code = [
      "import { timer, delay, timeout as rxTimeout, interval } from 'rxjs';",
      'timer(100).subscribe();',
      'source.pipe(delay(5), rxTimeout({ first: 10 }));',
      'interval(10, ctx.scheduler);',
      'timer(0, 10, scheduler);',
      'source.pipe(rxTimeout({ each: 5, scheduler: ctx.scheduler }));',
    ].join('\n');
    expect(unscheduledTimeCalls(code).map((c) => c.text)).toEqual([
      'timer(100)',
      'delay(5)',
      'rxTimeout({ first: 10 })',
    ]);
  });

  it('passes a scheduler to every rxjs time operator in skills and the graph core', () => {
    const offenders = sourceFiles(ROOT, SCHEDULED_FOLDERS).flatMap((file) =>
      unscheduledTimeCalls(codeOf(file)).map((call) => `${file}:${call.line}: ${call.text}`),
    );
    expect(offenders).toEqual([]);
  });
});

/** A file's code without comments: comments may mention Date.now() to say why it is not used. */
function codeOf(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/\/\/.*$/gm, '');
}
