// Activation cost of the desktop bundle (SPEC.md §6: under 20 ms): loading dist/extension.node.js
// and running activate(), in fresh Node processes, against a stand-in `vscode` module whose every
// member is a callable no-op. Also reports the bundle sizes of a production build.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const RUNS = Number(process.env.RUNS ?? 15);

const child = `
const Module = require('node:module');
const names = JSON.parse(process.argv[2]);
const noop = new Proxy(function () {}, {
  get: (target, key) => (key === Symbol.iterator ? [][Symbol.iterator].bind([]) : key === 'then' ? undefined : noop),
  apply: () => noop,
  construct: () => noop,
});
// The bundle copies the module's own names (esbuild's interop), so the stand-in lists the API names the extension uses.
const api = Object.fromEntries(names.map((name) => [name, noop]));
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? api : load.call(this, request, ...rest); };
process.on('uncaughtException', (error) => { if (!globalThis.__activated) { process.stderr.write(String(error.stack)); process.exit(1); } });
const start = performance.now();
const extension = require(process.argv[1]);
const loaded = performance.now();
extension.activate({ subscriptions: [], extensionUri: noop, extensionPath: '.', globalState: noop, workspaceState: noop });
const activated = performance.now();
globalThis.__activated = true;
process.stdout.write(JSON.stringify({ load: loaded - start, activate: activated - loaded }));
process.exit(0);
`;

const build = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--only=extensionNode,extensionWeb'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

// Every \`vscode.X\` the extension's sources use.
const apiNames = [...new Set(readdirSync('src/extension').flatMap((file) => [...readFileSync(join('src/extension', file), 'utf8').matchAll(/\bvscode\.(\w+)/g)].map((match) => match[1])))];

const samples = [];
for (let i = 0; i < RUNS; i++) {
  const run = spawnSync(process.execPath, ['-e', child, `${process.cwd()}/dist/extension.node.js`, JSON.stringify(apiNames)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  samples.push(JSON.parse(run.stdout));
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = median(samples.map((s) => s.load));
const activate = median(samples.map((s) => s.activate));
const kb = (path) => (statSync(path).size / 1024).toFixed(0);
console.log(`Activation of dist/extension.node.js (production), median of ${RUNS} fresh processes`);
console.log(`  load the bundle   ${load.toFixed(1)} ms`);
console.log(`  activate()        ${activate.toFixed(1)} ms`);
console.log(`  together          ${(load + activate).toFixed(1)} ms (target < 20 ms)`);
console.log(`Bundle sizes (minified): extension.node.js ${kb('dist/extension.node.js')} KB, extension.web.js ${kb('dist/extension.web.js')} KB (target < 400 KB; the TypeScript parser is the separate dist/tsParser.js, ${kb('dist/tsParser.js')} KB)`);
