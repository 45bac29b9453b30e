// Entry of the integration tests in VS Code for the Web's web worker extension host
// (bundled by esbuild.mjs as `integrationWeb`, started by test/web/runTests.mjs).
import mocha from 'mocha/mocha.js';
import { markedLog, reportResults } from './support/markedOutput';
import { mochaOptions, runIntegrationTests } from './support/suite';

export function run(): Promise<void> {
  // The browser build's reporters print through Base.consoleLog; colours would arrive as escape codes.
  Mocha.reporters.Base.consoleLog = markedLog;
  mocha.setup({ ...mochaOptions, color: false });
  return runIntegrationTests(mocha, { log: markedLog, observe: reportResults });
}
