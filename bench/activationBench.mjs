// Activation cost of both extension bundles (SPEC.md §6: under 20 ms) and the cold start as a
// user meets it (issue 19: first hints within 0.5 s of opening a YAML model, 1 s for TypeScript):
// loading dist/extension.node.js or dist/extension.web.js, running activate() and answering the
// first inlay-hint request of an example, in fresh Node processes, against a stand-in `vscode`
// module whose every member is a callable no-op (the inlay-hint provider is kept and called as
// the editor would). The first hints load the lazily loaded chunks as each host does: the Node
// bundle `require()`s dist/analysis.js (and dist/tsParser.js), the web bundle fetches their text
// (a stand-in `fetch` reads dist/) and evaluates it with `new Function`. Also times that way of
// loading the TypeScript parser chunk alone, and reports the sizes of a production build.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const RUNS = Number(process.env.RUNS ?? 15);

const child = `
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { fileURLToPath, pathToFileURL } = require('node:url');
const [bundle, namesJson, example, languageId] = process.argv.slice(1);
const names = JSON.parse(namesJson);
const noop = new Proxy(function () {}, {
  get: (target, key) => (key === Symbol.iterator ? [][Symbol.iterator].bind([]) : key === 'then' ? undefined : noop),
  apply: () => noop,
  construct: () => noop,
  set: () => true,
});
/** A no-op namespace whose listed members do something. */
const namespace = (members) => new Proxy({}, { get: (target, key) => (key in members ? members[key] : noop) });
let hintsProvider;
// The bundle copies the module's own names (esbuild's interop), so the stand-in lists the API names the extension uses.
const api = Object.fromEntries(names.map((name) => [name, noop]));
api.languages = namespace({ registerInlayHintsProvider: (selector, provider) => ((hintsProvider = provider), noop) });
api.workspace = namespace({ getConfiguration: () => ({ get: (key, fallback) => fallback }) });
// The web bundle fetches its chunks from the extension's folder (the working directory here).
api.Uri = namespace({ joinPath: (base, ...parts) => pathToFileURL(join(process.cwd(), ...parts)) });
globalThis.fetch = async (url) => ({ ok: true, status: 200, text: async () => readFileSync(fileURLToPath(url), 'utf8') });
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? api : load.call(this, request, ...rest); };
process.on('uncaughtException', (error) => { if (!globalThis.__activated) { process.stderr.write(String(error.stack)); process.exit(1); } });

/** An open document of the example, as the inlay-hint provider reads it. */
function documentOf(path) {
  const text = readFileSync(path, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\\n') lineStarts.push(i + 1);
  const positionAt = (offset) => {
    let line = lineStarts.length - 1;
    while (lineStarts[line] > offset) line--;
    return { line, character: offset - lineStarts[line], offset };
  };
  const uri = { scheme: 'file', path, toString: () => 'file://' + path };
  return { uri, languageId, version: 1, isClosed: false, getText: () => text, positionAt, offsetAt: (position) => position.offset, length: text.length };
}

const start = performance.now();
const startCpu = process.cpuUsage();
const extension = require(bundle);
const loaded = performance.now();
extension.activate({ subscriptions: [], extensionUri: noop, extensionPath: '.', globalState: noop, workspaceState: noop });
const activated = performance.now();
// CPU time as well: on a shared machine waiting for a core inflates the wall time.
const activationCpu = process.cpuUsage(startCpu);
globalThis.__activated = true;
const document = documentOf(example);
const range = { start: document.positionAt(0), end: document.positionAt(document.length) };
Promise.resolve(hintsProvider.provideInlayHints(document, range, { isCancellationRequested: false })).then((hints) => {
  const hinted = performance.now();
  if (!hints.length) { process.stderr.write('no hints for ' + example); process.exit(1); }
  process.stdout.write(JSON.stringify({ load: loaded - start, activate: activated - loaded, cpu: (activationCpu.user + activationCpu.system) / 1000, hints: hinted - activated, total: hinted - start }));
  process.exit(0);
});
`;

// The web host's loader: the chunk's text compiled by \`new Function\`, then run (extensionWeb.ts).
const chunkChild = `
const text = require('node:fs').readFileSync(process.argv[1], 'utf8');
const start = performance.now();
const evaluate = new Function('module', 'exports', 'require', text);
const compiled = performance.now();
const module = { exports: {} };
evaluate(module, module.exports, require);
const ran = performance.now();
process.stdout.write(JSON.stringify({ compile: compiled - start, run: ran - compiled }));
`;

const build = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--only=extensionNode,extensionWeb,analysis,tsParser'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

// Every \`vscode.X\` the extension's sources use.
const apiNames = [...new Set(readdirSync('src/extension').flatMap((file) => [...readFileSync(join('src/extension', file), 'utf8').matchAll(/\bvscode\.(\w+)/g)].map((match) => match[1])))];

/** The median of each field over RUNS fresh processes of `args`. */
function medians(args) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    samples.push(JSON.parse(run.stdout));
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return Object.fromEntries(Object.keys(samples[0]).map((key) => [key, median(samples.map((sample) => sample[key]))]));
}

/** Cold starts of one extension bundle: its activation and first hints of a YAML and a TypeScript example. */
function coldStarts(bundle) {
  const coldStart = (example, languageId) => medians(['-e', child, join(process.cwd(), bundle), JSON.stringify(apiNames), join(process.cwd(), example), languageId]);
  return { yaml: coldStart('examples/dcgan-generator.model.yaml', 'yaml'), typescript: coldStart('examples/tfjs-acgan-generator.ts', 'typescript') };
}
const hosts = [
  { name: 'Node', bundle: 'dist/extension.node.js', loads: 'require()' },
  { name: 'web', bundle: 'dist/extension.web.js', loads: 'fetch + new Function' },
].map((host) => ({ ...host, ...coldStarts(host.bundle) }));
const chunk = medians(['-e', chunkChild, join(process.cwd(), 'dist/tsParser.js')]);

const ms = (value) => `${value.toFixed(1)} ms`.padStart(9);
const kb = (path) => `${(statSync(path).size / 1024).toFixed(0)} KB`;
console.log(`Activation: load the bundle + activate() (production build), median of ${RUNS} fresh processes (target < 20 ms)`);
for (const { bundle, yaml } of hosts) {
  console.log(`  ${bundle.padEnd(22)} load ${ms(yaml.load)}, activate() ${ms(yaml.activate)}, together ${ms(yaml.load + yaml.activate)} (CPU time ${ms(yaml.cpu)})`);
}
console.log(`Cold start: load + activate + the first inlay hints of an example (loading the chunks), median of ${RUNS} fresh processes`);
for (const { name, loads, yaml, typescript } of hosts) {
  console.log(`  ${name} host, chunks by ${loads}:`);
  console.log(`    YAML (dcgan-generator.model.yaml)    first hints ${ms(yaml.hints)}, in all ${ms(yaml.total)} (target < 500 ms with the editor's own share)`);
  console.log(`    TypeScript (tfjs-acgan-generator.ts) first hints ${ms(typescript.hints)}, in all ${ms(typescript.total)} (target < 1000 ms with the editor's own share)`);
}
const [node] = hosts;
console.log(`  of which the TypeScript parser chunk as the web host loads it: compile ${ms(chunk.compile)}, run ${ms(chunk.run)}`);
console.log(`  ratios: TypeScript / YAML cold start ${(node.typescript.total / node.yaml.total).toFixed(1)}× (Node); parser chunk / TypeScript cold start ${((chunk.compile + chunk.run) / node.typescript.total).toFixed(2)}`);
console.log(`Sizes (minified): main bundles extension.node.js ${kb('dist/extension.node.js')}, extension.web.js ${kb('dist/extension.web.js')} (target < 400 KB);`);
console.log(`  loaded at first need: the analysis chunk dist/analysis.js ${kb('dist/analysis.js')}, the TypeScript parser chunk dist/tsParser.js ${kb('dist/tsParser.js')}`);
