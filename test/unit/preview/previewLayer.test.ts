// The preview's core side: writing parameters back (through the real YAML reader and engine),
// the message validators, and the mechanics view's cell bookkeeping.
import { reportShape } from '../../../src/core/dims';
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import type { TransposedConvGeometry } from '../../../src/core/analysis';
import { convTranspose } from '../../../src/core/kernel';
import { applyTextEdits } from '../../../src/core/previewAnchor';
import { planParamEdits } from '../../../src/core/previewLayer';
import { PREVIEW_PARAM_KEYS, parseHostMessage, parsePageMessage, type PreviewParams } from '../../../src/core/previewProtocol';
import { computePreview, previewBytes } from '../../../src/webview/compute';
import { axisGeometry, contributionsTo, outputsReachedBy, paddedCell } from '../../../src/webview/mechanicsGeometry';
import { kernels } from '../kernel/kernels';

const MODEL = `name: decoder
framework: pytorch
input: [N, 64, 8, 8]
layers:
  - type: ConvTranspose2d
    name: up
    out_channels: 32
    kernel_size: 3
    stride: 2
    padding: 1
`;

async function geometryOf(text: string): Promise<TransposedConvGeometry> {
  const geometry = (await analyzeDocument(text, 'decoder.model.yaml')).models[0]?.layers[0]?.transposedConv;
  assert.ok(geometry, 'the layer is analysed as a transposed convolution');
  return geometry;
}

function paramsOf(geometry: TransposedConvGeometry): PreviewParams {
  const { kernel, stride, padBegin, padEnd, outputPadding, dilation } = geometry;
  return { kernel, stride, padBegin, padEnd, outputPadding, dilation };
}

describe('preview: Apply to document', () => {
  it('replaces a written value and inserts a missing one; the model then has the new shape', async () => {
    const geometry = await geometryOf(MODEL);
    const plan = planParamEdits(MODEL, 'pytorch', geometry, { ...paramsOf(geometry), kernel: [4, 4], outputPadding: [1, 1] }, PREVIEW_PARAM_KEYS);
    assert.ok(plan.ok);
    assert.deepEqual(plan.changed, ['kernel', 'outputPadding']);
    const edited = applyTextEdits(MODEL, plan.edits);
    assert.match(edited, /kernel_size: 4\n/);
    assert.match(edited, /output_padding: 1\b/);
    const after = (await analyzeDocument(edited, 'decoder.model.yaml')).models[0].layers[0];
    // (8−1)·2 − 2·1 + 1·(4−1) + 1 + 1 = 17 (docs/frameworks/pytorch.md).
    assert.deepEqual(reportShape(after.output), ['N', 32, 17, 17]);
  });

  it('writes nothing when the values are the document’s', async () => {
    const geometry = await geometryOf(MODEL);
    const plan = planParamEdits(MODEL, 'pytorch', geometry, paramsOf(geometry), PREVIEW_PARAM_KEYS);
    assert.deepEqual(plan, { ok: true, edits: [], changed: [] });
  });

  it('writes per-axis lists when the axes differ', async () => {
    const geometry = await geometryOf(MODEL);
    const plan = planParamEdits(MODEL, 'pytorch', geometry, { ...paramsOf(geometry), stride: [2, 1] }, ['stride']);
    assert.ok(plan.ok);
    assert.match(applyTextEdits(MODEL, plan.edits), /stride: \[2, 1\]\n/);
  });

  it('refuses asymmetric PyTorch padding and parameters a framework cannot take', async () => {
    const geometry = await geometryOf(MODEL);
    const asymmetric = planParamEdits(MODEL, 'pytorch', geometry, { ...paramsOf(geometry), padEnd: [2, 2] }, ['padding']);
    assert.deepEqual(asymmetric, { ok: false, message: 'PyTorch padding is symmetric: begin and end padding must be equal.' });
    const keras = planParamEdits(MODEL, 'keras', geometry, { ...paramsOf(geometry), padBegin: [0, 0], padEnd: [0, 0] }, ['padding']);
    assert.equal(keras.ok, false);
  });
});

describe('preview: message validation', () => {
  it('accepts well-formed page messages and rejects the rest', () => {
    const params = { kernel: [4, 4], stride: [2, 2], padBegin: [1, 1], padEnd: [1, 1], outputPadding: [0, 0], dilation: [1, 1] };
    const target = { uri: 'file:///a.yaml', modelIndex: 0, layerIndex: 2 };
    assert.deepEqual(parsePageMessage({ type: 'apply', target, params, keys: ['kernel'] }), { type: 'apply', target, params, keys: ['kernel'] });
    assert.equal(parsePageMessage({ type: 'apply', target, params: { ...params, stride: [2] }, keys: [] }), undefined);
    assert.equal(parsePageMessage({ type: 'apply', target: { ...target, layerIndex: -1 }, params, keys: [] }), undefined);
    assert.equal(parsePageMessage({ type: 'apply', target, params, keys: ['bias'] }), undefined);
    // The values the page started from, and the user's confirmation, travel with Apply; malformed ones void it.
    const basis = { ...params, kernel: [3, 3] };
    assert.deepEqual(parsePageMessage({ type: 'apply', target, params, keys: ['kernel'], basis, confirmed: true }), { type: 'apply', target, params, keys: ['kernel'], basis, confirmed: true });
    assert.equal(parsePageMessage({ type: 'apply', target, params, keys: ['kernel'], basis: { ...basis, kernel: [3] } }), undefined);
    assert.equal(parsePageMessage({ type: 'apply', target, params, keys: ['kernel'], confirmed: 'yes' }), undefined);
    assert.equal(parsePageMessage({ type: 'requestImage', requestId: 1 }), undefined);
    assert.equal(parsePageMessage({ type: 'eval', code: '1' }), undefined);
    assert.equal(parsePageMessage('ready'), undefined);
  });

  it('accepts image bytes as a typed array or a plain byte list only', () => {
    assert.deepEqual(parseHostMessage({ type: 'image', requestId: 1, path: 'a.png', bytes: [1, 2] }), { type: 'image', requestId: 1, path: 'a.png', bytes: Uint8Array.from([1, 2]) });
    assert.equal(parseHostMessage({ type: 'image', requestId: 1, path: 'a.png', bytes: [256] }), undefined);
    assert.equal(parseHostMessage({ type: 'content', layer: null, memoryLimitMB: 0 }), undefined);
  });

  it('accepts an Apply answer that lists what the change would break, as strings only', () => {
    const answer = { type: 'applyResult', ok: false, message: 'Writing output_padding would add a shape error.', breaks: ['dec1: …'] };
    assert.deepEqual(parseHostMessage(answer), answer);
    assert.equal(parseHostMessage({ ...answer, breaks: [1] }), undefined);
  });
});

describe('preview: mechanics bookkeeping', () => {
  it('stretches by s − 1 zeros and pads by d·(k−1) − p (k3 s2 p1 op1, i = 3)', () => {
    const axis = axisGeometry(3, 3, 2, 1, 1, 1, 1);
    // Stretched 5, padded 1 before and 1 + 1 after; output 6 (Dumoulin & Visin rel. 14: i'=3, k=3, s=2, p=1, a=1 → 6).
    assert.deepEqual([axis.stretched, axis.before, axis.after, axis.padded, axis.output], [5, 1, 2, 8, 6]);
    assert.deepEqual(Array.from({ length: axis.padded }, (_, j) => paddedCell(axis, j).kind), ['pad', 'input', 'zero', 'input', 'zero', 'input', 'pad', 'pad']);
  });

  it('k3 s2: overlap 1, 2 alternating in the interior of one axis', () => {
    const axis = axisGeometry(4, 3, 2, 0, 0, 0, 1);
    assert.deepEqual(Array.from({ length: axis.output }, (_, q) => contributionsTo(axis, q).length), [1, 1, 2, 1, 2, 1, 2, 1, 1]);
    assert.deepEqual(outputsReachedBy(axis, 1), [2, 3, 4]);
  });

  it('the contributions it highlights add up to the kernel’s output', () => {
    const cases = [
      [5, 3, 2, 1, 1, 1, 1],
      [4, 4, 2, 1, 1, 0, 1],
      [3, 2, 3, 0, 0, 2, 1],
      [4, 3, 1, 2, 2, 0, 2],
    ] as const;
    for (const [i, k, s, pb, pe, op, d] of cases) {
      const axis = axisGeometry(i, k, s, pb, pe, op, d);
      const x = Float32Array.from({ length: i }, (_, n) => n + 1);
      const w = Float32Array.from({ length: k }, (_, n) => 10 ** n);
      const y = convTranspose({ data: x, shape: [1, 1, i] }, { data: w, shape: [1, 1, k] }, { stride: s, padding: pb, outputPadding: op, dilation: d });
      const sums = Array.from({ length: axis.output }, (_, q) => contributionsTo(axis, q).reduce((sum, c) => sum + x[c.input] * w[c.tap], 0));
      assert.deepEqual(sums, Array.from(y.data), `i${i} k${k} s${s} p${pb} op${op} d${d}`);
    }
  });
});

/** Overlap count of one axis from the definition: pairs (i, t) with q = i·s − pb + t·d inside the output. */
function axisOverlap(input: number, kernel: number, stride: number, padBegin: number, dilation: number, output: number): number[] {
  const counts = new Array<number>(output).fill(0);
  for (let i = 0; i < input; i++) {
    for (let t = 0; t < kernel; t++) {
      const q = i * stride - padBegin + t * dilation;
      if (q >= 0 && q < output) counts[q]++;
    }
  }
  return counts;
}

describe('preview: banded computation', () => {
  for (const kernel of kernels) {
    it(`(${kernel.name}) band by band, it equals one kernel call and says which kernel computed it`, async () => {
      const inputSizes = [5, 4];
      const x = Float32Array.from({ length: 20 }, (_, n) => Math.sin(n) + 1);
      const w = Float32Array.from({ length: 12 }, (_, n) => n - 5);
      const params: PreviewParams = { kernel: [3, 4], stride: [2, 3], padBegin: [1, 2], padEnd: [1, 2], outputPadding: [1, 0], dilation: [1, 1] };
      const direct = convTranspose({ data: x, shape: [1, 1, ...inputSizes] }, { data: w, shape: [1, 1, 3, 4] }, { stride: [2, 3], padding: [1, 2], outputPadding: [1, 0] });
      const bands: number[] = [];
      const result = await computePreview({ inputSizes, input: x, kernelSizes: [3, 4], weight: w, params }, kernel, 8, (done) => {
        bands.push(done);
      });
      assert.deepEqual(result.outputSizes, direct.shape.slice(2));
      assert.equal(result.kernel, kernel.name);
      assert.ok(bands.length > 1, 'several bands');
      result.output.forEach((value, index) => assert.ok(Math.abs(value - direct.data[index]) < 1e-4, `output ${index}`));
    });

    it(`(${kernel.name}) asymmetric padding crops what the shared padding leaves`, async () => {
      const x = Float32Array.from([1, 2, 3]);
      const w = Float32Array.from([1, 10, 100]);
      const full = convTranspose({ data: x, shape: [1, 1, 3] }, { data: w, shape: [1, 1, 3] }, { stride: 2 });
      const params: PreviewParams = { kernel: [3], stride: [2], padBegin: [0], padEnd: [2], outputPadding: [0], dilation: [1] };
      const result = await computePreview({ inputSizes: [3], input: x, kernelSizes: [3], weight: w, params }, kernel, 1 << 16);
      // ONNX: o = s·(i−1) + k − pb − pe = 4 + 3 − 0 − 2 = 5, the first 5 of the unpadded output.
      assert.deepEqual(Array.from(result.output), Array.from(full.data.subarray(0, 5)));
    });
  }

  it('the overlap map counts (input, tap) pairs per cell, cropped like the output', async () => {
    // k4 s3 p(2, 1) op1 d1 along W; k3 s2 p1 d2 along H: asymmetric begin/end, output padding, dilation.
    const inputSizes = [4, 5];
    const params: PreviewParams = { kernel: [3, 4], stride: [2, 3], padBegin: [1, 2], padEnd: [1, 1], outputPadding: [0, 1], dilation: [2, 1] };
    const input = new Float32Array(20).fill(1);
    const weight = new Float32Array(12).fill(1);
    const result = await computePreview({ inputSizes, input, kernelSizes: [3, 4], weight, params }, kernels[0], 1 << 16);
    const rows = axisOverlap(4, 3, 2, 1, 2, result.outputSizes[0]);
    const columns = axisOverlap(5, 4, 3, 2, 1, result.outputSizes[1]);
    assert.deepEqual(Array.from(result.overlap), rows.flatMap((r) => columns.map((c) => r * c)));
    // With an all-ones input and kernel, the output is the overlap count itself.
    assert.deepEqual(Array.from(result.output), Array.from(result.overlap));
    // k4 s3 along W: 4 mod 3 = 1, so interior columns alternate 1 and 2 overlapping taps.
    assert.ok(columns.includes(1) && columns.includes(2));
  });

  it("the size guard grows with the output: the kernel's estimate plus the overlap map", () => {
    const params: PreviewParams = { kernel: [3, 3], stride: [2, 2], padBegin: [0, 0], padEnd: [0, 0], outputPadding: [0, 0], dilation: [1, 1] };
    const small = previewBytes([100, 100], params, [201, 201]);
    const large = previewBytes([600, 600], params, [1201, 1201]);
    // At least the output in float32 twice (returned and in the kernel's memory) and the overlap map.
    assert.ok(small >= 3 * 4 * 201 * 201, `${small}`);
    assert.ok(large > 30 * small, `${large} vs ${small}`);
  });
});
