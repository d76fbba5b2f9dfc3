import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, after vitest's own
 * summary, so CI tooling that reads the last line understands the run without knowing vitest.
 * "failed" counts failed tests plus suites and files that failed outside any test.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
      // A hook that throws (a beforeAll that cannot start its browser, say) fails its suite and
      // leaves the suite's tests skipped: count each such suite, or module, as one failure.
      for (const suite of testModule.children.allSuites()) {
        if (suite.errors().length > 0) counts.failed += 1;
      }
      if (testModule.errors().length > 0) counts.failed += 1;
    }
    process.stdout.write(
      `\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
    );
  }
}
