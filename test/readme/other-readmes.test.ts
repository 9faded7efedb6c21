import { describe, expect, it } from 'vitest';
import { readmeFiles } from './readme-blocks.ts';
import { describeReadme } from './readme-runner.ts';

// READMEs with long commands have a test file of their own; every other README is run here, so a README added
// later is covered without anyone remembering to.
const OWN_FILES = ['README.md', 'examples/README.md'];

describe('README coverage', () => {
  it('finds the READMEs with test files of their own', () => {
    expect(readmeFiles()).toEqual(expect.arrayContaining(OWN_FILES));
  });
});

for (const readme of readmeFiles().filter((f) => !OWN_FILES.includes(f))) describeReadme(readme);
