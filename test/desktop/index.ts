// Entry of the integration tests in desktop VS Code's Node extension host
// (bundled by esbuild.mjs as `integrationDesktop`, started by test/desktop/runTests.mjs).
import Mocha from 'mocha';
import { mochaOptions, runIntegrationTests } from '../integration/support/suite';

export function run(): Promise<void> {
  const mocha = new Mocha({ ...mochaOptions, color: true });
  // What mocha.loadFiles does per file: install the interface's globals (describe, it, …).
  mocha.suite.emit('pre-require', globalThis, 'integration-tests', mocha);
  return runIntegrationTests(mocha, { log: (line) => console.log(line) });
}
