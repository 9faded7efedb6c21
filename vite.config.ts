import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/helpers/slow-first-sequencer.ts';
import { SummaryReporter } from './test/helpers/summary-reporter.ts';

// One config for the test runner now and the viewer build later.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Sim tests are CPU-bound; two workers match the two cores of our machines and CI.
    maxWorkers: 2,
    // The longest files start first, so none of them starts when the other worker is nearly done.
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ['test/helpers/matchers.ts'],
    reporters: ['default', new SummaryReporter()],
  },
});
