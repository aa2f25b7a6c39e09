/**
 * Prints one plain closing line, `jest: N passed, N failed, N skipped`, that CI tools read
 * regardless of runner; jest's own summary stays as it is.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
