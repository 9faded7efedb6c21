import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestSpecification, Vitest } from 'vitest/node';
import { describe, expect, it } from 'vitest';
import { SLOW_FILES, SlowFirstSequencer } from './slow-first-sequencer.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const project = { name: '', config: { root: ROOT, isolate: true, sequence: { groupOrder: 0 } } };
const spec = (file: string): TestSpecification =>
  ({ project, moduleId: join(ROOT, file) }) as unknown as TestSpecification;
/** A fresh clone's vitest: no results cache, only each file's size (keyed `project:path`). */
const freshClone = {
  cache: {
    getFileTestResults: () => undefined,
    getFileStats: (key: string) => ({ size: statSync(join(ROOT, key.slice(key.indexOf(':') + 1))).size }),
  },
  config: { root: ROOT },
} as unknown as Vitest;

describe('the slow-first test order', () => {
  it('names only test files that exist, each once', () => {
    expect(SLOW_FILES.filter((file) => !existsSync(join(ROOT, file)) || !file.endsWith('.test.ts'))).toEqual([]);
    expect(new Set(SLOW_FILES).size).toBe(SLOW_FILES.length);
  });

  it('starts the slow files first, in their order, then the others in vitest order (larger first)', async () => {
    const others = ['test/random.test.ts', 'test/helpers/h5py.test.ts', 'test/architecture/dependency-rules.test.ts'];
    const files = [...others, ...SLOW_FILES].reverse().map(spec);
    const sorted = (await new SlowFirstSequencer(freshClone).sort(files)).map((f) => f.moduleId.slice(ROOT.length));
    expect(sorted.slice(0, SLOW_FILES.length)).toEqual(SLOW_FILES);
    const bySize = [...others].sort((a, b) => statSync(join(ROOT, b)).size - statSync(join(ROOT, a)).size);
    expect(sorted.slice(SLOW_FILES.length)).toEqual(bySize);
  });

  it('starts the files that share a worker after the isolated ones, whatever the projects are named', async () => {
    const shared = { name: 'a-shared', config: { ...project.config, isolate: false } };
    const isolated = { name: 'b-isolated', config: project.config };
    const files = [
      { project: shared, moduleId: join(ROOT, 'test/random.test.ts') },
      { project: isolated, moduleId: join(ROOT, 'test/helpers/h5py.test.ts') },
      { project: isolated, moduleId: join(ROOT, SLOW_FILES[0]!) },
    ] as unknown as TestSpecification[];
    const sorted = (await new SlowFirstSequencer(freshClone).sort(files)).map((f) => f.moduleId.slice(ROOT.length));
    expect(sorted).toEqual([SLOW_FILES[0], 'test/helpers/h5py.test.ts', 'test/random.test.ts']);
  });
});
