import * as vscode from 'vscode';
import { loadIntegrationTests } from 'convlens:integration-tests';
import { extensionId } from './workspace';

/** Options shared by the web and desktop entries; a test's polling deadline stays below `timeout`. */
export const mochaOptions = { ui: 'bdd', reporter: 'spec', timeout: 30_000 } as const;

/** How an entry prints to its runner, and an optional observer of the mocha run. */
export interface SuiteHooks {
  log(line: string): void;
  observe?(runner: Mocha.Runner): void;
}

/**
 * Loads every integration test into `mocha` (whose interface globals must already be installed)
 * and runs them; rejects when any test fails, which makes VS Code end the test run non-zero.
 */
export function runIntegrationTests(mocha: Mocha, { log, observe }: SuiteHooks): Promise<void> {
  // The runners' output shows that the tests ran inside a real VS Code, and which one.
  log(`ConvLens integration tests in ${vscode.env.appName} ${vscode.version} (${vscode.env.appHost})`);
  // And which copy of the extension they test (test/node/runTests.mjs checks it is the installed VSIX).
  const extension = vscode.extensions.getExtension(extensionId);
  log(`${extensionId} ${String(extension?.packageJSON.version)} from ${extension?.extensionUri.toString() ?? 'nowhere: it is not loaded'}`);
  return new Promise((resolve, reject) => {
    // Inside the executor, a test file that throws while loading rejects the run.
    loadIntegrationTests();
    const runner = mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    observe?.(runner);
  });
}
