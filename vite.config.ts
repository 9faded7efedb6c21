import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/helpers/slow-first-sequencer.ts';
import { SummaryReporter } from './test/helpers/summary-reporter.ts';

/**
 * Test folders whose files share their worker's modules (`isolate: false`): pure and in-process unit tests, none
 * using `vi.mock` or holding a server, module cache or environment variable over to the next file. A worker imports
 * their modules once instead of once per file: these 67 files took 42 s of CPU instead of 86 s
 * (`npx vitest run <these> --maxWorkers=1 --isolate=false` vs `=true`). Every other file gets a fresh worker.
 */
export const SHARED_WORKER_TESTS: readonly string[] = [
  ...['bench', 'graph', 'hardware', 'helpers', 'kinematics', 'locomotion', 'math', 'robots', 'scenes'].map(
    (folder) => `test/${folder}/**/*.test.ts`,
  ),
  ...['skill', 'task', 'telemetry', 'time', 'world'].map((folder) => `test/${folder}/**/*.test.ts`),
  'test/random.test.ts',
];

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
        test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: [...SHARED_WORKER_TESTS] },
      },
      { extends: true, test: { name: 'shared', include: [...SHARED_WORKER_TESTS], isolate: false } },
    ],
  },
});
