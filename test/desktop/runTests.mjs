// `npm run test:desktop`: the integration tests in desktop VS Code (Electron, Node extension host)
// through @vscode/test-electron, which downloads VS Code: for machines with internet access, not
// part of `npm test`. On Linux without a display, run it under xvfb-run.
import { runTests } from '@vscode/test-electron';
import { request } from 'node:https';
import { join } from 'node:path';
import { codeOssVersion, prepareTestWorkspace, repoRoot } from '../web/codeOss.mjs';

const downloadHost = 'https://update.code.visualstudio.com/';
const connectTimeoutMs = 5_000;

/** Why `url` gives no answer within `timeoutMs`, or undefined when it answers (any status). */
function unreachable(url, timeoutMs) {
  return new Promise((resolve) => {
    const probe = request(url, { method: 'HEAD', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(undefined);
    });
    probe.on('timeout', () => probe.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    probe.on('error', (error) => resolve(error.message));
    probe.end();
  });
}

// Fail in seconds, not after @vscode/test-electron's download retries.
const offline = await unreachable(downloadHost, connectTimeoutMs);
if (offline) {
  console.error(`Cannot reach ${downloadHost} (${offline}): @vscode/test-electron must download desktop VS Code ${codeOssVersion}.`);
  console.error('Offline, run the same tests in VS Code for the Web: npm run test:integration');
  process.exit(1);
}

try {
  await runTests({
    // The same VS Code version as the web build that `npm test` uses.
    version: codeOssVersion,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out/integration/desktop.js'),
    launchArgs: [prepareTestWorkspace(), '--disable-extensions'],
  });
} catch (error) {
  console.error(`Desktop integration tests failed: ${error.message}`);
  process.exit(1);
}
