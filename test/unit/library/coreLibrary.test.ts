// dist/core.js as other programs use it (SPEC.md §5): built by `npm run build`, loaded with require.
// Expected values are worked by hand from the definition of a transposed convolution.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface Tensor {
  data: Float32Array;
  shape: number[];
}
type ConvTranspose = (x: Tensor, w: Tensor, opts?: Record<string, unknown>) => Tensor;
interface CoreLibrary {
  convTranspose: ConvTranspose;
  conv: ConvTranspose;
  loadKernel(bytes?: Uint8Array): Promise<{ convTranspose: ConvTranspose }>;
  analyzeText(text: string, fileName: string, options?: Record<string, unknown>): Promise<unknown>;
}

const dist = resolve(__dirname, '../../../dist');

function loadCore(): CoreLibrary {
  const path = resolve(dist, 'core.js');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as CoreLibrary;
}

const tensor = (values: number[], shape: number[]): Tensor => ({ data: Float32Array.from(values), shape });

describe('dist/core.js', () => {
  const core = loadCore();
  // x = [1, 2], w = [1, 1, 1], stride 2: x0 lands on 0..2, x1 on 2..4, overlapping at 2.
  const x = tensor([1, 2], [1, 1, 2]);
  const w = tensor([1, 1, 1], [1, 1, 3]);
  const expected = [1, 1, 3, 2, 2];

  it('computes a 1-D transposed convolution in PyTorch conventions', () => {
    const y = core.convTranspose(x, w, { stride: 2 });
    assert.deepEqual(y.shape, [1, 1, 5]);
    assert.deepEqual(Array.from(y.data), expected);
  });

  it('honours output_padding and padding: op 1 appends a column, p 1 trims one each side', () => {
    assert.deepEqual(Array.from(core.convTranspose(x, w, { stride: 2, outputPadding: 1 }).data), [...expected, 0]);
    assert.deepEqual(Array.from(core.convTranspose(x, w, { stride: 2, padding: 1 }).data), [1, 3, 2]);
  });

  it('throws errors carrying SPEC diagnostic codes', () => {
    assert.throws(() => core.convTranspose(x, w, { stride: 2, outputPadding: 2 }), { code: 'output-padding-too-large' });
    assert.throws(() => core.convTranspose(x, w, { stride: 2, outputSize: [9] }), { code: 'output-size-unreachable' });
  });

  it('loads the WebAssembly kernel from dist/convKernel.wasm with the same results', async () => {
    const kernel = await core.loadKernel(readFileSync(resolve(dist, 'convKernel.wasm')));
    assert.deepEqual(Array.from(kernel.convTranspose(x, w, { stride: 2 }).data), expected);
  });

  it('analyses a YAML model as the CLI reports it', async () => {
    const text = 'input: [N, 100, 1, 1]\nlayers:\n  - type: ConvTranspose2d\n    out_channels: 512\n    kernel_size: 4\n';
    const analysis = (await core.analyzeText(text, 'g.model.yaml')) as { models: { layers: { output: unknown; line: number }[] }[] };
    assert.deepEqual(analysis.models[0].layers[0].output, ['N', 512, 4, 4]);
    assert.equal(analysis.models[0].layers[0].line, 3);
  });

  it('answers a promise for every file and takes the options of SPEC.md §5', async () => {
    const pending = core.analyzeText('title: notes\n', 'notes.yaml', { defines: { H: 64 }, scale: 'n', readFile: async () => undefined });
    assert.ok(pending instanceof Promise);
    assert.deepEqual(await pending, { models: [], diagnostics: [] });
  });
});
