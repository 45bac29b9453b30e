// Runs TF.js model-building code for real and records every layer it applies: the ground truth
// of test/fixtures/tfjs/programs/generate.mjs (our own corpus, committed) and of
// scripts/realRepos.mjs (fetched repositories, on a developer's machine only, never in CI).
//
// TensorFlow.js 4.22 as the devDependencies give it (@tensorflow/tfjs-layers + tfjs-core +
// tfjs-backend-cpu). A program is bundled with esbuild (ESM imports, CommonJS `require`,
// TypeScript, several files), `@tensorflow/tfjs` (and -node, -node-gpu) aliased to tfjsShim.mjs,
// which re-exports the packages. Then:
// - `Layer.prototype.apply` is wrapped: each time a layer is applied to symbolic tensors (by
//   `model.add`, `layer.apply`, `tf.sequential({layers})` or a nested model), one "node" is
//   recorded: the layer's name and class, the output shape (batch as null), its trainable
//   parameter count, and the lines of the entry file on the call stack — both where the layer
//   was created (the `tf.layers.x(...)` call and the calls leading to it) and where it was
//   applied. Lines come from the bundle's inline source map (`process.setSourceMapsEnabled`).
//   A Sequential's first layer that was applied before (a nested model) is recorded by `add`.
//   A model used as a layer computes its inner layers' shapes without applying them: an inner
//   layer is recorded there where its shape is one not recorded for it before.
// - The entry is imported (its top-level code runs), then each of `calls` runs: its export `name`
//   called with `args`, or constructed with them (`construct`, for an exported class; `default` names
//   a default export), and, with `then`, the method of that name on the result called with
//   `thenArgs`: a file that only
//   defines model-building functions is run as ConvLens evaluates it (parameter defaults) or with
//   the arguments its callers would pass.
// InputLayer nodes (from `inputShape` or `tf.input`) are left out: ConvLens shows no such layer.
import * as esbuild from 'esbuild';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Aliased to the shim. */
const SHIMMED = ['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];
/** Left to Node, so that the bundle shares this script's TF.js (and its recording wrappers). */
const EXTERNAL = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu'];
const TFJS_PACKAGES = [...SHIMMED, ...EXTERNAL];
const SHIM = join(REPO_ROOT, 'scripts', 'tfjsShim.mjs');
/** The TF.js version the truth comes from. */
export const TFJS_VERSION = tfl.version_layers;

/**
 * The chained tensor methods (`x.flatten()`), which the LSTM's default orthogonal initializer
 * uses. `@tensorflow/tfjs` registers them from tfjs-core's ES modules, which Node cannot load
 * (extensionless imports): each becomes the core op of the same name, as those modules define it.
 */
function registerChainedOps() {
  const folder = join(dirname(fileURLToPath(import.meta.resolve('@tensorflow/tfjs-core'))), 'public/chained_ops');
  for (const file of readdirSync(folder)) {
    if (!file.endsWith('.js') || file.includes('_test') || file.startsWith('register_all')) continue;
    const name = file.slice(0, -'.js'.length).replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
    if (name === 'flatten' && !(name in tf.Tensor.prototype)) {
      // flatten.js: the one chained method that is no core op.
      tf.Tensor.prototype.flatten = function () {
        return tf.reshape(this, [this.size]);
      };
    } else if (typeof tf[name] === 'function' && !(name in tf.Tensor.prototype)) {
      tf.Tensor.prototype[name] = function (...args) {
        return tf[name](this, ...args);
      };
    }
  }
}

// TF.js prints a hint about tfjs-node on first use; it is noise in a generator's output.
const warn = console.warn;
console.warn = () => {};
await tf.setBackend('cpu');
console.warn = warn;
registerChainedOps();
process.setSourceMapsEnabled(true);
Error.stackTraceLimit = Infinity;

/** Lines of `file` (absolute) on the current call stack, innermost first, each once. */
function linesOnStack(file) {
  const lines = [];
  for (const frame of new Error().stack.split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^()]*?):(\d+):\d+\)?$/.exec(frame.trim());
    if (!match) continue;
    const path = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
    const line = Number(match[2]);
    if (path === file && !lines.includes(line)) lines.push(line);
  }
  return lines;
}

const trainableParams = (layer) => layer.trainableWeights.reduce((total, weight) => total + weight.shape.reduce((a, b) => a * b, 1), 0);
const shapeOf = (output) => (Array.isArray(output) ? output.map((tensor) => tensor.shape) : output.shape);

/** Records the nodes created while `run` runs; lines are those of `entryFile` on the stack. */
async function recordNodes(entryFile, run) {
  const nodes = [];
  const created = new WeakMap();
  // Where each layer was created: its constructor runs inside the `tf.layers.x(...)` factory.
  const wrappedLayers = Object.fromEntries(
    Object.entries(tfl.layers).map(([name, factory]) => [
      name,
      typeof factory === 'function' && /^[a-z]/.test(name)
        ? (...args) => {
            const layer = factory(...args);
            created.set(layer, linesOnStack(entryFile));
            return layer;
          }
        : factory,
    ]),
  );
  const wrapModel = (make) => (...args) => {
    const model = make(...args);
    if (!created.has(model)) created.set(model, linesOnStack(entryFile));
    return model;
  };
  globalThis.__convlensTruthLayers = wrappedLayers;
  globalThis.__convlensTruthModels = { sequential: wrapModel(tfl.sequential), model: wrapModel(tfl.model) };
  // Browser scripts use the global `tf` of a <script> tag.
  globalThis.tf = { ...tf, ...tfl, layers: wrappedLayers, ...globalThis.__convlensTruthModels };
  /** The output shapes recorded per layer (as JSON), for the inner layers of a model used as a layer. */
  const recordedShapes = new WeakMap();
  // Each node's layer: its trainable parameters are counted once the program has run, as the
  // program leaves them (`layer.trainable = false` after the layer was applied counts).
  const layerOf = new Map();
  const record = (layer, output) => {
    if (!recordedShapes.has(layer)) recordedShapes.set(layer, new Set());
    recordedShapes.get(layer).add(JSON.stringify(output));
    const node = { name: layer.name, className: layer.getClassName(), output, params: undefined, created: created.get(layer) ?? [], applied: linesOnStack(entryFile) };
    layerOf.set(node, layer);
    nodes.push(node);
  };
  const apply = tfl.layers.Layer.prototype.apply;
  tfl.layers.Layer.prototype.apply = function (inputs, kwargs) {
    const output = apply.call(this, inputs, kwargs);
    const symbolic = [output].flat().every((tensor) => tensor instanceof tfl.SymbolicTensor);
    if (symbolic && this.getClassName() !== 'InputLayer') record(this, shapeOf(output));
    return output;
  };
  // A model used as a layer computes its inner layers' shapes without applying them. Where that
  // gives an inner layer a shape not recorded for it (a generator body built for [N, d] and
  // applied to [N, 1, d]), that is recorded too: ConvLens lists the inner layers at each use of
  // a model, and a use at the recorded shapes is what the comparison counts as `reshown`.
  const containerPrototype = Object.getPrototypeOf(tfl.LayersModel.prototype);
  const computeContainerShape = containerPrototype.computeOutputShape;
  containerPrototype.computeOutputShape = function (inputShape) {
    const inner = this.layers.filter((layer) => !Object.hasOwn(layer, 'computeOutputShape'));
    for (const layer of inner) {
      const compute = layer.computeOutputShape;
      layer.computeOutputShape = function (shape) {
        const output = compute.call(this, shape);
        if (layer.getClassName() !== 'InputLayer' && !recordedShapes.get(layer)?.has(JSON.stringify(output))) record(layer, output);
        return output;
      };
    }
    try {
      return computeContainerShape.call(this, inputShape);
    } finally {
      for (const layer of inner) delete layer.computeOutputShape;
    }
  };
  // A Sequential's first layer that was already applied (a built model, or a layer applied
  // elsewhere) is not applied again by `add`: its output becomes the model's. Still one layer
  // of this model.
  const add = tfl.Sequential.prototype.add;
  tfl.Sequential.prototype.add = function (layer) {
    const before = nodes.length;
    add.call(this, layer);
    if (nodes.length === before && layer.getClassName() !== 'InputLayer') record(layer, shapeOf(this.outputs[0]));
  };
  try {
    await run();
  } finally {
    tfl.layers.Layer.prototype.apply = apply;
    tfl.Sequential.prototype.add = add;
    containerPrototype.computeOutputShape = computeContainerShape;
    for (const node of nodes) node.params = trainableParams(layerOf.get(node));
  }
  return nodes;
}

/**
 * Resolves the packages a bundle cannot find (a real repository's UI, utility or polyfill
 * packages, not installed here) to a stub module, so that the model-building code around them
 * still runs: every property of the stub, every call and every `new` of it is the stub again
 * (`new LRU()`, `seedrandom(0)`) but a decorator's, and it is no promise (`then` is undefined).
 */
const STUB_MODULE = `
const stub = new Proxy(function () {}, {
  get: (target, key) => (key === 'then' || key === Symbol.iterator || key === '__esModule' ? undefined : key === Symbol.toPrimitive ? () => '' : stub),
  // esbuild's import of a CommonJS module copies its own properties onto an object of its prototype: named imports are found there.
  getPrototypeOf: () => stub,
  // A decorator (\`@Component({...})\` on a class, \`@Output()\` on a field) leaves what it decorates as it is.
  apply: (target, self, args) => (typeof args[0] === 'function' || typeof args[1] === 'string' ? undefined : stub),
  construct: () => stub,
});
module.exports = stub;
`;
const emptyUnresolvedPackages = {
  name: 'empty-unresolved-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async ({ path, resolveDir, kind, pluginData }) => {
      if (pluginData === 'probe' || path.startsWith('node:') || TFJS_PACKAGES.includes(path)) return undefined;
      const found = await build.resolve(path, { resolveDir, kind, pluginData: 'probe' });
      return found.errors.length > 0 ? { path, namespace: 'empty-package' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'empty-package' }, () => ({ contents: STUB_MODULE, loader: 'js' }));
  },
};

/**
 * Bundles `entryFile`, runs it (and `calls`) and answers the layers it applied (`nodes`) and the
 * files of the bundle (absolute paths). `emptyUnresolved`: packages that cannot be found become
 * empty modules (for real repositories). An exception of the program is `error`, with the nodes
 * recorded before it; `quiet` silences the program's console.
 */
export async function recordProgram({ entryFile, calls = [], emptyUnresolved = false, quiet = true }) {
  // Inside this repository, so that the bundle's imports of the (external) TF.js packages
  // resolve to the same modules as this script's: the recording wrappers then see every layer.
  mkdirSync(join(REPO_ROOT, 'out'), { recursive: true });
  const scratch = mkdtempSync(join(REPO_ROOT, 'out', 'tfjs-bundle-'));
  // CommonJS, so that a program's `require` of Node's built-ins and of what stays external works.
  const outfile = join(scratch, 'program.cjs');
  const log = console.log;
  let error;
  try {
    let built;
    try {
      built = await esbuild.build({
        entryPoints: [entryFile],
        outfile,
        bundle: true,
        format: 'cjs',
        platform: 'node',
        sourcemap: 'inline',
        metafile: true,
        logLevel: 'silent',
        alias: Object.fromEntries(SHIMMED.map((name) => [name, SHIM])),
        external: EXTERNAL,
        plugins: emptyUnresolved ? [emptyUnresolvedPackages] : [],
      });
    } catch (buildError) {
      return { nodes: [], files: [], error: buildError };
    }
    const files = Object.keys(built.metafile.inputs).map((input) => resolve(input)).filter((path) => path !== SHIM);
    const nodes = await recordNodes(entryFile, async () => {
      if (quiet) {
        console.log = () => {};
        console.warn = () => {};
      }
      try {
        const module = createRequire(import.meta.url)(outfile);
        for (const { name, args = [], construct = false, then, thenArgs = [] } of calls) {
          const exported = name === 'default' && typeof module.default === 'function' ? module.default : (module[name] ?? module.default?.[name]);
          if (typeof exported !== 'function') throw new Error(`${relative(REPO_ROOT, entryFile)} exports no function ${name}`);
          // An exported class is constructed (`construct`); its method `then` builds the model.
          const result = construct ? new exported(...args) : await exported(...args);
          if (then) await result[then](...thenArgs);
        }
      } catch (thrown) {
        error = thrown;
      } finally {
        console.log = log;
        console.warn = warn;
      }
    });
    return { nodes, files, error };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
