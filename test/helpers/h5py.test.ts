import { describe, expect, it } from 'vitest';
import { h5pyAvailable } from './h5py.ts';

// The helper itself, with a Python that cannot import h5py (a path that does not exist stands in for one).
describe('h5pyAvailable', () => {
  const NO_PYTHON = '/nonexistent/python3';

  it('says false off CI, so a developer without h5py skips the read-back tests', () => {
    expect(h5pyAvailable(NO_PYTHON, {})).toBe(false);
    expect(h5pyAvailable(NO_PYTHON, { CI: '' })).toBe(false);
  });

  it('throws under CI, so CI cannot pass with the read-back skipped', () => {
    expect(() => h5pyAvailable(NO_PYTHON, { CI: 'true' })).toThrow(/h5py is not importable .* CI is set/);
    expect(() => h5pyAvailable(NO_PYTHON, { CI: '1' })).toThrow(/python3-h5py/);
  });
});
