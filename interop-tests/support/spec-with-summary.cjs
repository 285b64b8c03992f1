'use strict';
// Mocha reporter: the ordinary `spec` output on the console, plus (when the
// reporter option `summaryFile=<path>` is given) a small JSON file with the
// run's counts, so test.sh can total them without scraping the console.
//
//   mocha --reporter interop-tests/support/spec-with-summary.cjs \
//         --reporter-option summaryFile=/tmp/mocha-summary.json
const fs = require('node:fs');
const Mocha = require('mocha');

const Spec = (Mocha.reporters || Mocha.default.reporters).Spec;

class SpecWithSummary extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const summaryFile = options && options.reporterOption && options.reporterOption.summaryFile;
    if (!summaryFile) return;
    runner.once('end', () => {
      const s = runner.stats || {};
      const summary = {
        suites: s.suites || 0,
        tests: s.tests || 0,
        passes: s.passes || 0,
        pending: s.pending || 0,
        // Includes failed hooks (e.g. a server that never started).
        failures: s.failures || 0,
        duration: s.duration || 0,
      };
      fs.writeFileSync(summaryFile, JSON.stringify(summary) + '\n');
    });
  }
}

module.exports = SpecWithSummary;
