// Entry of the integration tests in VS Code for the Web's web worker extension host
// (bundled by esbuild.mjs as `integrationWeb`, started by test/web/runTests.mjs).
import mocha from 'mocha/mocha.js';
import protocol from './support/runnerProtocol.json';
import { mochaOptions, runIntegrationTests } from './support/suite';

// VS Code forwards the extension host's console mixed with the workbench's own log: marked
// lines let test/web/runTests.mjs print the reporter's output alone and count the results.
const log = (format = '', ...args: unknown[]) => console.log(protocol.outputPrefix + String(format), ...args);

function reportResults(runner: Mocha.Runner): void {
  const report = (state: 'passed' | 'failed') => (test: Mocha.Runnable) =>
    console.log(protocol.resultPrefix + JSON.stringify({ test: test.fullTitle(), state }));
  runner.on('pass', report('passed'));
  runner.on('fail', report('failed'));
}

export function run(): Promise<void> {
  // The browser build's reporters print through Base.consoleLog; colours would arrive as escape codes.
  Mocha.reporters.Base.consoleLog = log;
  mocha.setup({ ...mochaOptions, color: false });
  return runIntegrationTests(mocha, { log, observe: reportResults });
}
