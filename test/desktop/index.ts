// Entry of the integration tests in a Node extension host: desktop VS Code's
// (test/desktop/runTests.mjs) and the VS Code server's (test/node/runTests.mjs); bundled by
// esbuild.mjs as `integrationDesktop`.
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { markedLog, reportResults } from '../integration/support/markedOutput';
import { mochaOptions, runIntegrationTests } from '../integration/support/suite';

export function run(): Promise<void> {
  // Desktop VS Code prints the extension host's console to the terminal; behind a VS Code server
  // it reaches the runner only through the workbench's log, where it needs the markers.
  const throughWorkbench = vscode.env.appHost !== 'desktop';
  if (throughWorkbench) Mocha.reporters.Base.consoleLog = markedLog;
  const mocha = new Mocha({ ...mochaOptions, color: !throughWorkbench });
  // What mocha.loadFiles does per file: install the interface's globals (describe, it, …).
  mocha.suite.emit('pre-require', globalThis, 'integration-tests', mocha);
  const plainLog = (line: string) => console.log(line);
  return runIntegrationTests(mocha, throughWorkbench ? { log: markedLog, observe: reportResults } : { log: plainLog });
}
