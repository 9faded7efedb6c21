import type { Reporter, TestCase } from 'vitest/node';

/**
 * Prints one plain closing line, `vitest: N passed, N failed, N skipped`, after vitest's own summary, so tools that
 * read a run's last lines (our CI among them) see the counts without parsing vitest's coloured output. Under
 * `npm test` the checks' verdict (`npm test: ... passed`, `test-all.ts`) follows it.
 */
export class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped = 0;

  onTestCaseResult(testCase: TestCase): void {
    const { state } = testCase.result();
    if (state === 'passed') this.passed++;
    else if (state === 'failed') this.failed++;
    else if (state === 'skipped') this.skipped++;
  }

  onTestRunEnd(): void {
    process.stdout.write(`vitest: ${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped\n`);
  }
}
