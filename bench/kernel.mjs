// Kernel throughput benchmark (SPEC.md §6): our kernel (JavaScript and WebAssembly SIMD paths),
// onnxruntime-web (wasm backend, 1 thread, SIMD) and @tensorflow/tfjs-backend-cpu, in one process,
// on the three transposed-convolution workloads. Usage: npm run bench:kernel [-- --quick]
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildKernelWasm, KERNEL_WASM } from '../assembly/build.mjs';
import { nodeModel } from '../test/fixtures/onnx/onnxModel.mjs';
import { seededRandom } from '../src/shared/seededRandom.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const quick = process.argv.includes('--quick');

const WORKLOADS = [
  { name: '(a) 1×3×512×512 → 3, k4 s2 p1', batch: 1, inChannels: 3, size: 512, outChannels: 3, kernel: 4, stride: 2, padding: 1, outputPadding: 0 },
  { name: '(b) 1×256×32×32 → 128, k4 s2 p1', batch: 1, inChannels: 256, size: 32, outChannels: 128, kernel: 4, stride: 2, padding: 1, outputPadding: 0 },
  { name: '(c) 1×64×128×128 → 32, k3 s2 p1 op1', batch: 1, inChannels: 64, size: 128, outChannels: 32, kernel: 3, stride: 2, padding: 1, outputPadding: 1 },
];
/** Calls timed one by one before warm-up: what a preview's first computations cost. */
const EARLY_RUNS = 5;
const WARMUP_RUNS = quick ? 1 : 2;
const MIN_RUNS = quick ? 3 : 7;
const MAX_RUNS = quick ? 3 : 21;
const TIME_BUDGET_MS = quick ? 0 : 10000;

/** Deterministic uniform values in [-1, 1). */
function randomArray(length, seed) {
  const next = seededRandom(seed);
  return Float32Array.from({ length }, () => next() * 2 - 1);
}

function median(list) {
  return [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
}

/**
 * Wall times (ms) of each runner: the first {@link EARLY_RUNS} calls (median and slowest), then,
 * after warm-up, the median of the steady state. The runners take turns round by round, so a
 * change in machine load affects all of them alike. Each run returns its output.
 */
async function measureTogether(runners) {
  const timed = async (runner, into) => {
    const t0 = performance.now();
    runner.output = await runner.run();
    into.push(performance.now() - t0);
  };
  const early = runners.map(() => []);
  for (let round = 0; round < EARLY_RUNS; round++) for (const [i, runner] of runners.entries()) await timed(runner, early[i]);
  for (const runner of runners) for (let i = 0; i < WARMUP_RUNS; i++) runner.output = await runner.run();
  const times = runners.map(() => []);
  const start = performance.now();
  for (let round = 0; round < MIN_RUNS || (round < MAX_RUNS && performance.now() - start < TIME_BUDGET_MS); round++) {
    for (const [i, runner] of runners.entries()) await timed(runner, times[i]);
  }
  return runners.map((_, i) => ({ steady: median(times[i]), earlyMedian: median(early[i]), earlyMax: Math.max(...early[i]) }));
}

async function loadOurKernel() {
  // Bundle the TypeScript kernel in memory and import it from a data: URL (no build output needed).
  const bundle = await esbuild.build({
    entryPoints: ['src/core/kernel/index.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'warning',
  });
  const source = Buffer.from(bundle.outputFiles[0].contents).toString('base64');
  const kernel = await import(`data:text/javascript;base64,${source}`);
  await buildKernelWasm();
  const wasm = await kernel.loadWasmKernel(readFileSync(KERNEL_WASM));
  return [kernel.jsKernel, wasm];
}

function maxAbsDiff(a, b) {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

function maxAbs(a) {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]));
  return worst;
}

/** NCHW → NHWC (and back with `toNchw`), outside the timed region. */
function permute(data, [n, c, h, w], toNchw) {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const nchw = ((b * c + ch) * h + y) * w + x;
          const nhwc = ((b * h + y) * w + x) * c + ch;
          if (toNchw) out[nchw] = data[nhwc];
          else out[nhwc] = data[nchw];
        }
  return out;
}

async function runWorkload(workload, ourKernels) {
  const { batch, inChannels, size, outChannels, kernel, stride, padding, outputPadding } = workload;
  const outSize = (size - 1) * stride - 2 * padding + kernel + outputPadding;
  const inputShape = [batch, inChannels, size, size];
  const weightShape = [inChannels, outChannels, kernel, kernel];
  const outputShape = [batch, outChannels, outSize, outSize];
  const x = randomArray(inputShape.reduce((a, b) => a * b), 1);
  const w = randomArray(weightShape.reduce((a, b) => a * b), 2);
  const flops = 2 * batch * inChannels * outChannels * kernel * kernel * size * size;

  // One ConvTranspose node (opset 17), the weight baked in as an initializer; pads in ONNX order (all begins, then all ends).
  const model = nodeModel(
    'ConvTranspose',
    [{ name: 'X', shape: inputShape }],
    { kernel_shape: [kernel, kernel], strides: [stride, stride], pads: [padding, padding, padding, padding], output_padding: [outputPadding, outputPadding], group: 1 },
    [{ name: 'W', dims: weightShape, values: w }],
    17,
  );
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const ortInput = new ort.Tensor('float32', x, inputShape);
  // tfjs: NHWC input, filter [kh, kw, out, in] = PyTorch's [in, out, kh, kw] permuted (no flip).
  const xNhwc = tf.tensor4d(permute(x, inputShape, false), [batch, size, size, inChannels]);
  const filter = tf.tidy(() => tf.transpose(tf.tensor4d(w, weightShape), [2, 3, 1, 0]));
  const opts = { stride, padding, outputPadding };
  const runners = [
    { impl: 'onnxruntime-web (wasm, 1 thread, SIMD)', run: async () => (await session.run({ X: ortInput })).Y.data },
    ...ourKernels.map((ours) => ({
      impl: `ConvLens kernel (${ours.name})`,
      run: () => ours.convTranspose({ data: x, shape: inputShape }, { data: w, shape: weightShape }, opts).data,
    })),
    // What the preview does: one output buffer, given back to every call (ConvOptions.out).
    ...ourKernels.map((ours) => {
      const out = new Float32Array(outputShape.reduce((a, b) => a * b));
      return {
        impl: `ConvLens kernel (${ours.name}, reused out)`,
        run: () => ours.convTranspose({ data: x, shape: inputShape }, { data: w, shape: weightShape }, { ...opts, out }).data,
      };
    }),
    {
      impl: 'tfjs-backend-cpu',
      run: () => {
        const y = tf.conv2dTranspose(xNhwc, filter, [batch, outSize, outSize, outChannels], stride, padding);
        const data = y.dataSync();
        y.dispose();
        return data;
      },
    },
  ];
  const times = await measureTogether(runners);
  await session.release();
  xNhwc.dispose();
  filter.dispose();

  const tfjs = runners.length - 1;
  runners[tfjs].output = permute(runners[tfjs].output, outputShape, true);
  const reference = runners[0].output;
  const scale = maxAbs(reference);
  return runners.map((runner, i) => ({
    impl: runner.impl,
    ms: times[i].steady,
    earlyMedian: times[i].earlyMedian,
    earlyMax: times[i].earlyMax,
    gflops: flops / times[i].steady / 1e6,
    vsOrt: times[0].steady / times[i].steady,
    vsTfjs: times[tfjs].steady / times[i].steady,
    diff: maxAbsDiff(runner.output, reference),
    scale,
  }));
}

async function main() {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.simd = true;
  ort.env.wasm.wasmPaths = join(root, 'node_modules/onnxruntime-web/dist/');
  await tf.setBackend('cpu');
  tf.tidy(() => tf.add(1, 1)); // tfjs warns (stderr) on its first tensor: before any timing.
  const ourKernels = await loadOurKernel();
  console.log(`Kernel benchmark — Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, onnxruntime-web ${ort.env.versions?.web ?? ''}, tfjs ${tf.version_core}`);
  console.log(`First ${EARLY_RUNS} calls of each workload (median, slowest), then the median of repeated runs after warm-up;`);
  console.log('GFLOP/s and speed-ups (other time / this time) from the steady state; max |Δ| against onnxruntime-web.\n');
  console.log('| workload | implementation | first calls ms (median, max) | steady median ms | GFLOP/s | speed-up vs ORT | speed-up vs tfjs | max abs diff (max abs value) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const workload of WORKLOADS) {
    for (const row of await runWorkload(workload, ourKernels)) {
      console.log(
        `| ${workload.name} | ${row.impl} | ${row.earlyMedian.toFixed(2)}, ${row.earlyMax.toFixed(2)} | ${row.ms.toFixed(2)} | ${row.gflops.toFixed(2)} | ${row.vsOrt.toFixed(2)}× | ${row.vsTfjs.toFixed(2)}× | ${row.diff.toExponential(1)} (${row.scale.toFixed(1)}) |`,
      );
    }
  }
}

await main();
