import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHARED_SIM_TESTS } from '../../vite.config.ts';
import { SLOW_FILES } from './slow-first-sequencer.ts';

// The sim and skill test files that share a worker's modules (vite.config.ts). A file that mocks a module must not be
// among them: once another file in the worker has loaded the module, the mock does not take, and the file tests the
// real module while it believes it tests the mock (test/sim/pad-spin-identity.test.ts did).
describe('the sim and skill tests that share a worker', () => {
  it('are the folders’ files that mock nothing, but for the end-to-end and slow-first ones', () => {
    const mocks = (file: string): boolean => /\bvi\.(do)?mock\(/.test(readFileSync(file, 'utf8'));
    expect(mocks('test/sim/pad-spin-identity.test.ts')).toBe(true);
    expect(SHARED_SIM_TESTS.length).toBeGreaterThan(80);
    expect(SHARED_SIM_TESTS.filter(mocks)).toEqual([]);
    expect(SHARED_SIM_TESTS.filter((file) => SLOW_FILES.includes(file) || file.startsWith('test/skills/e2e/'))).toEqual(
      [],
    );
    expect(SHARED_SIM_TESTS.every((file) => /^test\/(sim|skills)\/.+\.test\.ts$/.test(file))).toBe(true);
  });
});
