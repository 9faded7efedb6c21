import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { SLOW_FILES, SlowFirstSequencer } from './test/helpers/slow-first-sequencer.ts';
import { SummaryReporter } from './test/helpers/summary-reporter.ts';

/**
 * Test folders whose files share their worker's modules (`isolate: false`): pure and in-process unit tests, none
 * using `vi.mock` or holding a server, module cache or environment variable over to the next file. A worker imports
 * their modules once instead of once per file: those 67 files took 42 s of CPU instead of 86 s
 * (`npx vitest run <these> --maxWorkers=1 --isolate=false` vs `=true`). Every other file gets a fresh worker.
 */
export const SHARED_WORKER_TESTS: readonly string[] = [
  ...['bench', 'graph', 'hardware', 'helpers', 'kinematics', 'locomotion', 'math', 'robots', 'scenes'].map(
    (folder) => `test/${folder}/**/*.test.ts`,
  ),
  ...['skill', 'task', 'telemetry', 'time', 'world'].map((folder) => `test/${folder}/**/*.test.ts`),
  'test/random.test.ts',
];

/**
 * The sim and skill tests share a worker too, but for the files below: each imports the whole sim and planner
 * (three, Rapier's WASM, URDF robots), about 1 s of CPU a file in a fresh worker; 30 short ones of them took 44 s of CPU
 * isolated and 14 s sharing (`npx vitest run <them> --project isolated --maxWorkers=1 --isolate=true` vs `=false`).
 * Kept isolated: a file that `vi.mock`s (the mock does not take once another file loaded the module), the end-to-end
 * runs and the slow-first files (minutes each, so the import is nothing to them, and they start first: a shared file
 * is run after every isolated one).
 */
const SHARED_SIM_FOLDERS = ['test/sim/', 'test/skills/'];
const KEEP_ISOLATED = [
  'test/sim/pad-spin-identity.test.ts',
  'test/sim/pad-spin-limit.test.ts',
  'test/sim/pad-segments.test.ts',
  'test/skills/e2e/',
  ...SLOW_FILES,
];

const ROOT = fileURLToPath(new URL('.', import.meta.url));
/** The sim and skill test files that share a worker, as paths from the repository's root. */
export const SHARED_SIM_TESTS: readonly string[] = SHARED_SIM_FOLDERS.flatMap((folder) =>
  readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .map((file) => `${folder}${file.replaceAll('\\', '/')}`)
    .filter((file) => file.endsWith('.test.ts') && !KEEP_ISOLATED.some((kept) => file.startsWith(kept)))
    .sort(),
);

// One config for the test runner now and the viewer build later.
export default defineConfig({
  test: {
    environment: 'node',
    // Sim tests are CPU-bound; two workers match the two cores of our machines and CI.
    maxWorkers: 2,
    // The longest files start first, so none of them starts when the other worker is nearly done.
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ['test/helpers/matchers.ts'],
    reporters: ['default', new SummaryReporter()],
    projects: [
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ['test/**/*.test.ts'],
          exclude: [...SHARED_WORKER_TESTS, ...SHARED_SIM_TESTS],
        },
      },
      {
        extends: true,
        test: { name: 'shared', include: [...SHARED_WORKER_TESTS, ...SHARED_SIM_TESTS], isolate: false },
      },
    ],
  },
});
