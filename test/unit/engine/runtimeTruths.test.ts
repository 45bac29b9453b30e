/**
 * The runtime truths of issue 16 for convolutions (SEMANTICS.md), each checked by hand-derived
 * arithmetic: ONNX ConvTranspose follows onnxruntime (total SAME_* padding clamped at 0, the hover
 * naming the operator text's `i·s`; an `output_shape` the forward convolution does not map back
 * refused), and TF.js's ignored `dilationRate` of DepthwiseConv2D is a warning with TF.js's shape.
 * The fixture tests (test/unit/conformance) check the same against the runtimes themselves.
 */
import * as assert from 'node:assert/strict';
import { reportShape } from '../../../src/core/dims';
import { analyze, diagnosticOf, layerOf } from './engineSupport';

const onnxTransposed = (size: number, attributes: Record<string, number[] | string>) => ({
  framework: 'onnx' as const,
  input: [1, 1, size],
  layers: [{ type: 'ConvTranspose', out_channels: 1, ...attributes }],
});

describe('runtime truths of convolutions', () => {
  it('ONNX SAME_UPPER k1 s3 on 1: min(1·3, 0·3 + 1) = 1, and the hover names the text’s 1·3 = 3', async () => {
    const layer = await layerOf(onnxTransposed(1, { kernel_shape: [1], strides: [3], auto_pad: 'SAME_UPPER' }));
    assert.deepEqual(reportShape(layer.output), [1, 1, 1]);
    assert.match(layer.axes?.[0].formula ?? '', /min\(1·3, 1\) = 1 .*operator text says 1·3 = 3/);
  });

  it('ONNX SAME_LOWER k3 s2 on 3: min(6, 2·2 + 3) = 6, as the text says (no note)', async () => {
    const layer = await layerOf(onnxTransposed(3, { kernel_shape: [3], strides: [2], auto_pad: 'SAME_LOWER' }));
    assert.deepEqual(reportShape(layer.output), [1, 1, 6]);
    assert.doesNotMatch(layer.axes?.[0].formula ?? '', /operator text/);
  });

  it('ONNX output_shape: up to (i−1)·s + k_eff + s − 1 = 2·2 + 3 + 1 = 8 is padded; 9 needs negative padding and is refused', async () => {
    assert.deepEqual(reportShape((await layerOf(onnxTransposed(3, { kernel_shape: [3], strides: [2], output_shape: [8] }))).output), [1, 1, 8]);
    const { diagnostic, at, model } = await diagnosticOf(onnxTransposed(3, { kernel_shape: [3], strides: [2], output_shape: [9] }), 'output-size-unreachable');
    assert.equal(at, 'output_shape: [9]');
    assert.match(diagnostic.message, /inconsistent with input spatial dimensions/);
    assert.equal(model.layers[0].output, null);
  });

  it('TF.js depthwiseConv2d ignores dilationRate: a warning, and the shape of dilation 1 (8 − 3 + 1 = 6)', async () => {
    const spec = { framework: 'tfjs' as const, input: [1, 8, 8, 2], layers: [{ type: 'depthwiseConv2d', kernelSize: 3, dilationRate: 2 }] };
    const { diagnostic, at } = await diagnosticOf(spec, 'ignored-parameter');
    assert.equal(at, 'dilationRate: 2');
    assert.equal(diagnostic.severity, 'warning');
    assert.deepEqual(reportShape((await analyze(spec)).model.layers[0].output), [1, 6, 6, 2]);
  });
});
