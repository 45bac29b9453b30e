// Drives a VS Code workbench in headless Chromium: shared by the integration runners for VS Code for
// the Web (test/web/runTests.mjs) and for the Node extension host (test/node/runTests.mjs), and by
// the screenshot script (scripts/screenshots.mjs).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import protocol from '../integration/support/runnerProtocol.json' with { type: 'json' };
import { runDir } from './codeOss.mjs';

export const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Why Chromium cannot be launched, or undefined. */
export function chromiumMissing() {
  return existsSync(chromiumPath) ? undefined : `${chromiumPath} is missing: install Debian's chromium package (see .ci/run)`;
}

/** Launches Debian's Chromium, headless, with its configuration kept inside test/.run. */
export function launchChromium() {
  // Debian's Chromium writes ~/.config/chromium even with a temporary profile.
  const xdgConfigHome = join(runDir, 'xdg-config');
  mkdirSync(xdgConfigHome, { recursive: true });
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, env: { ...process.env, XDG_CONFIG_HOME: xdgConfigHome } });
}

/**
 * Reads the workbench's log as the extension host's tests write it (marked lines, see
 * test/integration/index.ts and support/suite.ts): prints the reporter's output, counts the
 * results and calls `onFailure` after each failed test. The workbench's own log shows only its
 * errors' first lines (except `expectedErrors`), or all of it with `verbose`. `rewrite` adjusts
 * printed text, e.g. stack frames to source positions.
 * @param {{ verbose: boolean, expectedErrors?: RegExp, rewrite?: (text: string) => string }} options
 */
export function createTestLog({ verbose, expectedErrors, rewrite = (text) => text }) {
  const counts = { passed: 0, failed: 0 };
  let onFailure = () => {};
  /** @type {string[]} */
  const output = [];
  return {
    counts,
    /** What the tests printed (the reporter's output and the suite's header), as printed. */
    output,
    set onFailure(callback) {
      onFailure = callback;
    },
    print(type, args) {
      const [first, ...rest] = format(...args).split('\n');
      if (first.startsWith(protocol.resultPrefix)) {
        const { state } = JSON.parse(first.slice(protocol.resultPrefix.length));
        counts[state] += 1;
        if (state === 'failed') onFailure();
      } else if (first.startsWith(protocol.outputPrefix)) {
        const text = rewrite([first.slice(protocol.outputPrefix.length), ...rest].join('\n'));
        output.push(text);
        console.log(text);
      } else if (verbose) {
        console.log(`[workbench ${type}] ${rewrite([first, ...rest].join('\n'))}`);
      } else if (type === 'error' && !expectedErrors?.test(first)) {
        console.log(`[workbench error] ${first}`);
      }
    },
  };
}

/**
 * Opens the workbench at `url` (whose payload names the extension tests) and resolves with the
 * extension host's exit code (0 when every test passed), or with a reason when the run did not
 * finish within `timeoutMs`. Saves a screenshot to `failureScreenshot` at the first failed test
 * (while the extension still runs), or at the end of a failed run.
 * @param {import('playwright-core').Page} page
 * @param {string} url
 * @param {{ log: ReturnType<typeof createTestLog>, timeoutMs: number, failureScreenshot: string }} options
 * @returns {Promise<{ code?: number, reason?: string }>}
 */
export async function runTestsInWorkbench(page, url, { log, timeoutMs, failureScreenshot }) {
  let screenshot;
  const takeScreenshot = () =>
    (screenshot ??= page.screenshot({ path: failureScreenshot }).then(
      () => console.log(`screenshot of the workbench: ${failureScreenshot}`),
      (error) => console.log(`no screenshot: ${error.message}`),
    ));
  log.onFailure = takeScreenshot;
  const finished = new Promise((resolve) => {
    // VS Code's workbench calls these while extension tests run and when they end.
    void page.exposeFunction('codeAutomationLog', (type, args) => log.print(type, args));
    void page.exposeFunction('codeAutomationExit', (code) => resolve({ code }));
    page.once('crash', () => resolve({ reason: 'the workbench page crashed' }));
  });
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ reason: `time-out after ${timeoutMs / 1000} s` }), timeoutMs);
  });
  await page.goto(url);
  const outcome = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  if (outcome.code !== 0) await takeScreenshot();
  return outcome;
}

/**
 * Prints why a run failed and then `N passed, N failed` as the last line, and exits non-zero
 * unless every test passed. A run that did not finish counts as one more failure, so the summary
 * never looks green.
 * @param {{ code?: number, reason?: string }} outcome
 * @param {{ passed: number, failed: number }} counts
 */
export function reportAndExit(outcome, counts) {
  if (outcome.reason) {
    console.log(`integration test run failed: ${outcome.reason}`);
    counts.failed += 1;
  } else if (outcome.code !== 0 && counts.failed === 0) {
    console.log(`the extension host exited with code ${outcome.code} without a failed test (did the test bundle load?)`);
    counts.failed += 1;
  } else if (counts.passed === 0 && counts.failed === 0) {
    console.log('the extension host ran no test (did the test bundle find its tests?)');
    counts.failed += 1;
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed > 0 ? 1 : 0);
}
