import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest test files, longest first (wall seconds of the last CI run, 2 workers). A fresh clone has no results
 * cache, so vitest orders files by size, larger first, and several of these are short files that then start near the
 * end: examples-readme (50 s) is the smallest of the 273 and started last, the two restock-*-then-* files (47 s each)
 * just before it, soak-holds 254th. Started first, they run beside the many short files instead of after them.
 */
export const SLOW_FILES: readonly string[] = [
  'test/readme/readme.test.ts', // 378 s
  'test/skills/e2e/biped-aisle.test.ts', // 116 s
  'test/skills/e2e/biped-store-restock.test.ts', // 107 s
  'test/demo/checkpoint-resume.test.ts', // 105 s
  'test/skills/planning/low-slot-window.test.ts', // 81 s
  'test/skills/e2e/biped-coffee-can.test.ts', // 80 s
  'test/skills/e2e/biped-high-shelf.test.ts', // 69 s
  'test/datagen/resume.test.ts', // 60 s
  'test/skills/e2e/retail-restock.test.ts', // 52 s
  'test/demo/soak-holds.test.ts', // 100 s before its soak was halved
  'test/readme/examples-readme.test.ts', // 50 s
  'test/skills/e2e/restock-low-then-high.test.ts', // 47 s
  'test/skills/e2e/restock-high-then-low.test.ts', // 47 s
  'test/ros/run-command.test.ts', // 45 s
  'test/demo/continuous.test.ts', // 43 s
  'test/record/record-resume.test.ts', // 41 s
  'test/skills/planning/turned-carry.test.ts', // 50 s before it planned once
];

/**
 * Vitest's order (failed first, then longest or largest first), with the files of `SLOW_FILES` moved ahead in its
 * order, and the files that share a worker (`isolate: false`) last whatever their project's name (vitest orders
 * projects by name): vitest keeps a shared worker for the next file only when that one shares a worker too, so one
 * among isolated files would start a worker of its own.
 */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification): number => {
      const at = SLOW_FILES.indexOf(relative(file.project.config.root, file.moduleId).replaceAll('\\', '/'));
      if (at !== -1) return at;
      return file.project.config.isolate === false ? SLOW_FILES.length + 1 : SLOW_FILES.length;
    };
    return sorted
      .map((file, at) => ({ file, at }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.at - b.at)
      .map(({ file }) => file);
  }
}
