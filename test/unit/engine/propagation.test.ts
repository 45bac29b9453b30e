/**
 * Propagation through a model: where inputs come from (`from:` forms, named inputs, merges),
 * symbolic and unknown dimensions, and that an unknown or failed layer does not cascade errors.
 */
import { reportShape } from '../../../src/core/dims';
import * as assert from 'node:assert/strict';
import { UnknownExpression } from '../support/modelSpec';
import { analyze, outputs, summary } from './engineSupport';

const conv = (out_channels: number, extra: Record<string, unknown> = {}) => ({ type: 'Conv2d', out_channels, kernel_size: 3, padding: 1, ...extra });

describe('propagation', () => {
  it('each layer takes the previous output; the first takes the input', async () => {
    assert.deepEqual(await outputs({ input: [1, 3, 8, 8], layers: [conv(4), conv(5)] }), [[1, 4, 8, 8], [1, 5, 8, 8]]);
  });

  it('from: a layer name, an input name, an absolute index, a negative relative index', async () => {
    assert.deepEqual(
      await outputs({
        input: [1, 3, 8, 8],
        layers: [
          { ...conv(4), name: 'first' },
          conv(5),
          conv(6, { from: 'first' }),
          conv(7, { from: 'input' }),
          conv(8, { from: 1 }),
          conv(9, { from: -3 }),
        ],
      }),
      [[1, 4, 8, 8], [1, 5, 8, 8], [1, 6, 8, 8], [1, 7, 8, 8], [1, 8, 8, 8], [1, 9, 8, 8]],
    );
  });

  it('a layer without a name is referred to by its index as a string', async () => {
    const { model } = await analyze({ input: [1, 3, 8, 8], layers: [conv(4), conv(5, { from: '0' })] });
    assert.deepEqual(model.layers.map((layer) => layer.name), ['0', '1']);
    assert.deepEqual(reportShape(model.layers[1].input), [1, 4, 8, 8]);
  });

  it('named inputs and a merge of them; inputs lists every merged shape', async () => {
    const { model, diagnostics } = await analyze({
      inputs: { image: [1, 3, 16, 16], mask: [1, 1, 16, 16] },
      layers: [{ type: 'Concat', from: ['image', 'mask'] }, conv(8)],
    });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(model.layers[0].inputs.map(reportShape), [[1, 3, 16, 16], [1, 1, 16, 16]]);
    assert.deepEqual(model.layers.map((layer) => reportShape(layer.output)), [[1, 4, 16, 16], [1, 8, 16, 16]]);
  });

  it('Concat along a negative dim, Add of equal shapes', async () => {
    assert.deepEqual(
      await outputs({
        inputs: { a: [2, 3, 4, 5], b: [2, 3, 4, 7] },
        layers: [{ type: 'Concat', dim: -1, from: ['a', 'b'] }, { type: 'Add', from: ['a', 'a'] }],
      }),
      [[2, 3, 4, 12], [2, 3, 4, 5]],
    );
  });

  it('a symbolic batch passes through; a symbolic spatial size stays an expression (SPEC §1.6)', async () => {
    // By hand: conv k3 s2 p1: floor((H + 2 − 3)/2) + 1 = floor((H − 1)/2) + 1 = ceil(H/2);
    // transposed k4 s2 p1: (ceil(H/2) − 1)·2 − 2 + 4 = 2·ceil(H/2).
    assert.deepEqual(
      await outputs({ input: ['B', 3, 'H', 32], layers: [conv(8, { stride: 2 }), { type: 'ConvTranspose2d', out_channels: 4, kernel_size: 4, stride: 2, padding: 1 }] }),
      [['B', 8, 'ceil(H/2)', 16], ['B', 4, '2*ceil(H/2)', 32]],
    );
  });

  it('a value a reader could not fold makes the shape unknown, without a diagnostic', async () => {
    const { model, diagnostics } = await analyze({
      input: [1, 3, 8, 8],
      layers: [conv(4, { kernel_size: new UnknownExpression('k * 2') }), conv(5)],
    });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(model.layers.map((layer) => layer.output), [null, null]);
  });

  it('an unknown layer warns once; nothing after it is reported about the unknown input', async () => {
    const { model, diagnostics } = await analyze({
      input: [1, 3, 8, 8],
      layers: [{ type: 'Frobnicate' }, conv(4, { in_channels: 99 }), { type: 'Linear', out_features: 3, in_features: 7 }],
    });
    assert.deepEqual(diagnostics.map((d) => d.code), ['unknown-layer'], summary(diagnostics));
    assert.deepEqual(model.layers.map((layer) => layer.output), [null, null, null]);
  });

  it('after the first real error, later layers are unknown and silent', async () => {
    const { model, diagnostics } = await analyze({
      input: [1, 3, 8, 8],
      layers: [conv(4, { kernel_size: 20, padding: 0 }), conv(5, { in_channels: 6 }), { type: 'Add', from: [0, 1] }],
    });
    assert.deepEqual(diagnostics.map((d) => d.code), ['output-too-small'], summary(diagnostics));
    assert.deepEqual(model.layers.map((layer) => layer.output), [null, null, null]);
  });

  it('parameter problems are still reported on a layer whose input is unknown', async () => {
    const { diagnostics } = await analyze({ input: [1, 3, 8, 8], layers: [{ type: 'Frobnicate' }, conv(4, { stride: 0 })] });
    assert.deepEqual(diagnostics.map((d) => d.code), ['unknown-layer', 'invalid-parameter']);
  });

  it('every layer gets a result, with its name, type, spans and hint offset', async () => {
    const { model, source } = await analyze({ input: [1, 3, 8, 8], layers: [{ ...conv(4), name: 'c1' }, { type: 'Nope' }] });
    assert.equal(model.framework, 'pytorch');
    assert.deepEqual(
      model.layers.map((layer) => [layer.index, layer.name, layer.type, layer.typeSpan, layer.hintOffset]),
      source.layers.map((layer, index) => [index, layer.name ?? String(index), layer.type, layer.typeSpan, layer.hintOffset]),
    );
  });

  describe('from: errors', () => {
    it('a later layer', async () => {
      const { diagnostics, source } = await analyze({ input: [1, 3, 8, 8], layers: [conv(4, { from: 'later' }), { ...conv(5), name: 'later' }] });
      assert.equal(diagnostics[0]?.code, 'invalid-parameter');
      assert.deepEqual(diagnostics[0].span, source.layers[0].from?.span);
    });
    it('a name nothing has', async () => {
      const { diagnostics } = await analyze({ input: [1, 3, 8, 8], layers: [conv(4, { from: 'nowhere' })] });
      assert.match(diagnostics[0]?.message ?? '', /no layer or input is named 'nowhere'/);
    });
    it('an index before the first layer', async () => {
      const { diagnostics } = await analyze({ input: [1, 3, 8, 8], layers: [conv(4), conv(4, { from: -5 })] });
      assert.equal(diagnostics[0]?.code, 'invalid-parameter');
    });
    it('several inputs to a layer that takes one', async () => {
      const { diagnostics } = await analyze({ input: [1, 3, 8, 8], layers: [conv(3), conv(4, { from: [0, 'input'] })] });
      assert.equal(diagnostics[0]?.code, 'invalid-parameter');
    });
  });
});
