import { strict as assert } from 'assert';
import { looksLikeYamlModel } from '../../../src/core/formats/modelFormats';
import { readYamlModels } from '../../../src/core/formats/yaml/yamlModel';
import { formatYamlValue } from '../../../src/core/writers/yamlWriter';
import type { SourceModel } from '../../../src/core/ir';
import { params, plain } from '../support/plainValues';
import { applyEdits, sliceOf } from './textEdits';
import { formatValue, insertParamEdit, replaceLayerEdit } from '../../../src/core/writers';

function onlyModel(text: string): SourceModel {
  const parsed = readYamlModels(text);
  assert.deepEqual(parsed.diagnostics, []);
  assert.equal(parsed.models.length, 1);
  return parsed.models[0];
}

const DCGAN = `name: dcgan-generator        # optional
framework: pytorch
input: [N, 100, 1, 1]
layers:
  - type: ConvTranspose2d   # first
    name: up1
    out_channels: 512
    kernel_size: 4
    stride: 1
    padding: 0
  - type: BatchNorm2d
  - type: ReLU
  - type: ConvTranspose2d
    out_channels: 256
    kernel_size: 4
    stride: 2
    padding: 1
    output_padding: 0
    expect: [N, 256, 8, 8]   # assertion
`;

describe('ConvLens YAML reader', () => {
  describe('looksLikeYamlModel', () => {
    it('accepts top-level layers with input or inputs', () => {
      assert.equal(looksLikeYamlModel(DCGAN), true);
      assert.equal(looksLikeYamlModel('inputs:\n  a: [1, 2]\nlayers: []\n'), true);
    });

    it('rejects ordinary YAML, including nested layers/input keys', () => {
      assert.equal(looksLikeYamlModel('on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n'), false);
      assert.equal(looksLikeYamlModel('services:\n  web:\n    layers: 3\n    input: x\n'), false);
      assert.equal(looksLikeYamlModel('layers:\n  - type: Conv2d\n'), false);
    });
  });

  describe('reading a model', () => {
    const model = onlyModel(DCGAN);

    it('reads name, framework and the input with spans', () => {
      assert.equal(model.name, 'dcgan-generator');
      assert.equal(model.framework, 'pytorch');
      assert.equal(sliceOf(DCGAN, model.frameworkSpan), 'pytorch');
      assert.equal(model.inputs.length, 1);
      assert.equal(model.inputs[0].name, 'input');
      assert.deepEqual(plain(model.inputs[0].shape), ['N', 100, 1, 1]);
      assert.equal(sliceOf(DCGAN, model.inputs[0].shape.span), '[N, 100, 1, 1]');
      assert.equal(sliceOf(DCGAN, model.inputs[0].span), 'input: [N, 100, 1, 1]');
      const shape = model.inputs[0].shape;
      assert.equal(shape.kind, 'list');
      if (shape.kind === 'list') assert.equal(sliceOf(DCGAN, shape.items[1].span), '100');
    });

    it('reads every layer with its type, name and parameters', () => {
      assert.deepEqual(
        model.layers.map((layer) => layer.type),
        ['ConvTranspose2d', 'BatchNorm2d', 'ReLU', 'ConvTranspose2d'],
      );
      const [up1, , , up2] = model.layers;
      assert.equal(sliceOf(DCGAN, up1.typeSpan), 'ConvTranspose2d');
      assert.equal(up1.name, 'up1');
      assert.equal(sliceOf(DCGAN, up1.nameSpan), 'up1');
      assert.deepEqual(params(up1), { out_channels: 512, kernel_size: 4, stride: 1, padding: 0 });
      assert.equal(model.layers[1].name, undefined);
      assert.deepEqual(params(up2), { out_channels: 256, kernel_size: 4, stride: 2, padding: 1, output_padding: 0 });
      const outputPadding = up2.params.find((entry) => entry.key === 'output_padding')!;
      assert.equal(sliceOf(DCGAN, outputPadding.keySpan), 'output_padding');
      assert.equal(sliceOf(DCGAN, outputPadding.value.span), '0');
      assert.deepEqual(plain(up2.expect), ['N', 256, 8, 8]);
      assert.equal(sliceOf(DCGAN, up2.expect!.span), '[N, 256, 8, 8]');
      assert.equal(up2.from, undefined);
    });

    it('spans a layer from its first key to its last value, without the trailing comment', () => {
      const up2 = model.layers[3];
      assert.equal(
        sliceOf(DCGAN, up2.span),
        'type: ConvTranspose2d\n    out_channels: 256\n    kernel_size: 4\n    stride: 2\n    padding: 1\n    output_padding: 0\n    expect: [N, 256, 8, 8]',
      );
    });

    it('places the hint at the end of the `- type:` line, before a comment', () => {
      const first = DCGAN.indexOf('- type: ConvTranspose2d') + '- type: ConvTranspose2d'.length;
      assert.equal(model.layers[0].hintOffset, first);
      const relu = DCGAN.indexOf('- type: ReLU') + '- type: ReLU'.length;
      assert.equal(model.layers[2].hintOffset, relu);
    });

    it('places the hint at the end of the first line when type is not the first key', () => {
      const text = 'input: [1, 3, 8, 8]\nlayers:\n  - name: head   # named first\n    type: Conv2d\n    out_channels: 4\n';
      const layer = onlyModel(text).layers[0];
      assert.equal(layer.hintOffset, text.indexOf('head') + 'head'.length);
      assert.equal(sliceOf(text, layer.typeSpan), 'Conv2d');
    });

    it('reads from lists, negative indices and quoted strings', () => {
      const text = [
        'input: [1, 3, 8, 8]',
        'layers:',
        '  - {type: Conv2d, name: a, out_channels: 4, kernel_size: 3, padding: 1}',
        '  - type: Conv2d',
        '    from: -2',
        '    out_channels: 4',
        '    kernel_size: 3',
        '    padding: "1"',
        '  - type: Concat',
        '    from: [a, -1]',
        '',
      ].join('\n');
      const [a, b, concat] = onlyModel(text).layers;
      assert.deepEqual(params(a), { out_channels: 4, kernel_size: 3, padding: 1 });
      assert.equal(a.name, 'a');
      assert.deepEqual(plain(b.from), -2);
      assert.equal(sliceOf(text, b.params.find((entry) => entry.key === 'padding')!.value.span), '"1"');
      assert.deepEqual(plain(b.params.find((entry) => entry.key === 'padding')!.value), '1');
      assert.deepEqual(plain(concat.from), ['a', -1]);
      assert.equal(sliceOf(text, concat.from!.span), '[a, -1]');
      assert.equal(a.hintOffset, text.indexOf('padding: 1}') + 'padding: 1}'.length);
    });

    it('reads several named inputs', () => {
      const text = 'inputs: {image: [1, 3, 256, 256], mask: [1, 1, 256, 256]}\nlayers:\n  - type: Concat\n    from: [image, mask]\n';
      const model = onlyModel(text);
      assert.deepEqual(
        model.inputs.map((input) => [input.name, plain(input.shape), sliceOf(text, input.span)]),
        [
          ['image', [1, 3, 256, 256], 'image: [1, 3, 256, 256]'],
          ['mask', [1, 1, 256, 256], 'mask: [1, 1, 256, 256]'],
        ],
      );
    });

    it('reads each document of a multi-document file and skips documents that are not models', () => {
      const text = [
        'name: first',
        'input: [N, 3, 8, 8]',
        'layers:',
        '  - type: ReLU',
        '---',
        'just: some settings',
        'layers: 3',
        '---',
        'name: second',
        'framework: keras',
        'input: [N, 8, 8, 3]',
        'layers:',
        '  - type: Conv2DTranspose',
        '    filters: 3',
        '',
      ].join('\n');
      const parsed = readYamlModels(text);
      assert.deepEqual(parsed.diagnostics, []);
      assert.deepEqual(
        parsed.models.map((model) => [model.name, model.framework, model.layers.map((layer) => layer.type)]),
        [
          ['first', 'pytorch', ['ReLU']],
          ['second', 'keras', ['Conv2DTranspose']],
        ],
      );
      const second = parsed.models[1];
      assert.equal(sliceOf(text, second.layers[0].typeSpan), 'Conv2DTranspose');
      assert.ok(second.span.start === text.indexOf('name: second'));
      assert.equal(sliceOf(text, second.layers[0].params[0].value.span), '3');
    });

    it('follows aliases and merge keys, keeping the spans where values are written', () => {
      const text = [
        'input: [N, 3, 16, 16]',
        'layers:',
        '  - &up',
        '    type: ConvTranspose2d',
        '    out_channels: 3',
        '    kernel_size: &k 4',
        '    stride: 2',
        '  - <<: *up',
        '    padding: 1',
        '    kernel_size: *k',
        '',
      ].join('\n');
      const [first, second] = onlyModel(text).layers;
      assert.deepEqual(params(first), { out_channels: 3, kernel_size: 4, stride: 2 });
      assert.equal(second.type, 'ConvTranspose2d');
      assert.deepEqual(params(second), { out_channels: 3, stride: 2, padding: 1, kernel_size: 4 });
      assert.equal(sliceOf(text, second.params.find((entry) => entry.key === 'kernel_size')!.value.span), '*k');
      assert.equal(sliceOf(text, second.params.find((entry) => entry.key === 'stride')!.value.span), '2');
    });
  });

  describe('problems become diagnostics', () => {
    it('reports an unknown framework at its value and falls back to pytorch', () => {
      const text = 'framework: caffe\ninput: [1, 3, 8, 8]\nlayers:\n  - type: ReLU\n';
      const parsed = readYamlModels(text, 'problems.model.yaml');
      assert.equal(parsed.models[0].framework, 'pytorch');
      assert.deepEqual(
        parsed.diagnostics.map((d) => [d.code, d.severity, sliceOf(text, d.span)]),
        [['invalid-parameter', 'error', 'caffe']],
      );
    });

    // Such items stay layers, named by their text, whose output is unknown: shapes after them are never computed as if they were absent.
    it('reports layers without a type, non-mapping items and a layers key that is no list', () => {
      const text = 'input: [1, 3, 8, 8]\nlayers:\n  - out_channels: 3\n  - ReLU\n  - type: [Conv2d]\n  - type: Tanh\n---\ninput: [1]\nlayers: Conv2d\n';
      const parsed = readYamlModels(text, 'problems.model.yaml');
      assert.deepEqual(
        parsed.models.map((model) => model.layers.map((layer) => layer.type)),
        [['out_channels: 3', 'ReLU', 'type: [Conv2d]', 'Tanh'], []],
      );
      assert.deepEqual(
        parsed.diagnostics.map((d) => [d.code, sliceOf(text, d.span)]),
        [
          ['invalid-parameter', 'out_channels: 3'],
          ['invalid-parameter', 'ReLU'],
          ['invalid-parameter', '[Conv2d]'],
          ['invalid-parameter', 'Conv2d'],
        ],
      );
    });

    it('reports an input shape that is not a list and reads it as unknown', () => {
      const text = 'input: 28x28\nlayers:\n  - type: ReLU\n';
      const parsed = readYamlModels(text, 'problems.model.yaml');
      assert.equal(parsed.models[0].inputs[0].shape.kind, 'unknown');
      assert.deepEqual(
        parsed.diagnostics.map((d) => [d.code, sliceOf(text, d.span)]),
        [['invalid-parameter', '28x28']],
      );
    });

    it('reports inputs that are not a mapping, and input given together with inputs', () => {
      const text = 'input: [1, 3]\ninputs: [[1, 3]]\nlayers: []\n---\ninputs: [[1, 3]]\nlayers: []\n';
      const parsed = readYamlModels(text, 'problems.model.yaml');
      assert.deepEqual(
        parsed.models.map((model) => model.inputs.map((input) => plain(input.shape))),
        [[[1, 3]], []],
      );
      assert.deepEqual(
        parsed.diagnostics.map((d) => [d.code, sliceOf(text, d.span)]),
        [
          ['invalid-parameter', 'inputs'],
          ['invalid-parameter', '[[1, 3]]'],
        ],
      );
    });

    it('reports a syntax error at its position and still reads the other documents', () => {
      const text = 'input: [N, 3, 8, 8]\nlayers:\n  - type: Conv2d\n    kernel_size: [3, 3\n---\ninput: [N, 3, 8, 8]\nlayers:\n  - type: ReLU\n';
      const parsed = readYamlModels(text, 'problems.model.yaml');
      assert.equal(parsed.diagnostics.length, 1);
      const [error] = parsed.diagnostics;
      assert.equal(error.code, 'parse-error');
      assert.equal(error.severity, 'error');
      assert.ok(error.message.startsWith('YAML: '));
      // The unclosed `[3, 3` is noticed where the document ends.
      assert.ok(error.span.start > text.indexOf('[3, 3') && error.span.start <= text.indexOf('---'), String(error.span.start));
      assert.deepEqual(
        parsed.models.map((model) => model.layers.map((layer) => layer.type)),
        [['Conv2d'], ['ReLU']],
      );
    });

    it('keeps the layers before a syntax error in the same document', () => {
      const text = 'input: [N, 3, 8, 8]\nlayers:\n  - type: Conv2d\n    out_channels: 8\n  - type: ReLU\n    x: [1, 2]]\n';
      const parsed = readYamlModels(text, 'problems.model.yaml');
      const errors = parsed.diagnostics.filter((d) => d.code === 'parse-error');
      assert.ok(errors.length >= 1);
      assert.equal(errors[0].span.start, text.indexOf(']]') + 1);
      assert.deepEqual(
        parsed.models[0].layers.map((layer) => [layer.type, params(layer)]),
        [
          ['Conv2d', { out_channels: 8 }],
          ['ReLU', { x: [1, 2] }],
        ],
      );
    });

    it('reports duplicate keys', () => {
      const text = 'input: [1, 3, 8, 8]\nlayers:\n  - type: Conv2d\n    stride: 1\n    stride: 2\n';
      const parsed = readYamlModels(text, 'problems.model.yaml');
      assert.deepEqual(
        parsed.diagnostics.map((d) => [d.code, d.span.start]),
        [['parse-error', text.lastIndexOf('stride')]],
      );
    });

    it('stops expanding an alias bomb and says so', () => {
      const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let level = 1; level < 12; level++) {
        const previous = String.fromCharCode(96 + level);
        const name = String.fromCharCode(97 + level);
        levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
      }
      const text = `input: [1, 3, 8, 8]\nlayers:\n  - type: ReLU\n    bomb:\n${levels.map((line) => `      ${line}`).join('\n')}\n    last: *l\n`;
      const parsed = readYamlModels(text, 'problems.model.yaml');
      assert.equal(parsed.models[0].layers.length, 1);
      assert.deepEqual(
        parsed.diagnostics.map((d) => d.code),
        ['invalid-parameter'],
      );
      assert.match(parsed.diagnostics[0].message, /alias/);
    });

    it('reads an alias that contains itself without looping', () => {
      const text = 'input: &a [N, *a]\nlayers: []\n';
      const parsed = readYamlModels(text, 'problems.model.yaml');
      assert.deepEqual(plain(parsed.models[0].inputs[0].shape), ['N', ['N', { '?': '*a' }]]);
    });

    it('reads a thousand layers, and absurd nesting without throwing', () => {
      const layers = Array.from({ length: 1000 }, (_, i) => `  - type: Conv2d\n    out_channels: ${i + 1}\n    kernel_size: 3`);
      const big = `input: [N, 3, 64, 64]\nlayers:\n${layers.join('\n')}\n`;
      const model = onlyModel(big);
      assert.equal(model.layers.length, 1000);
      assert.deepEqual(params(model.layers[999]), { out_channels: 1000, kernel_size: 3 });

      const deep = `input: [1]\nlayers:\n  - type: ReLU\n    x: ${'['.repeat(2000)}${']'.repeat(2000)}\n`;
      assert.doesNotThrow(() => readYamlModels(deep));
    });
  });

  describe('edits', () => {
    it('formats values like a person writes YAML', () => {
      assert.equal(formatYamlValue(1), '1');
      assert.equal(formatYamlValue([1, 1]), '[1, 1]');
      assert.equal(formatYamlValue('nearest'), 'nearest');
      assert.equal(formatYamlValue('SAME_UPPER'), 'SAME_UPPER');
      assert.equal(formatYamlValue('yes'), '"yes"');
      assert.equal(formatYamlValue('null'), '"null"');
      assert.equal(formatYamlValue('3x'), '"3x"');
      assert.equal(formatYamlValue('a: b'), '"a: b"');
    });

    it('inserts a parameter after the last key, with the layer indentation, leaving comments in place', () => {
      const model = onlyModel(DCGAN);
      const up2 = model.layers[3];
      const edited = applyEdits(DCGAN, [insertParamEdit(up2.insertion, 'output_size', formatValue(model.syntax, [16, 16]))]);
      assert.ok(edited.includes('    expect: [N, 256, 8, 8]   # assertion\n    output_size: [16, 16]\n'), edited);
      const reread = onlyModel(edited).layers[3];
      assert.deepEqual(params(reread).output_size, [16, 16]);
      assert.deepEqual(plain(reread.expect), ['N', 256, 8, 8]);
    });

    it('inserts after a nested block value, into a one-line layer and into a flow mapping', () => {
      const text = 'input: [1, 3, 8, 8]\nlayers:\n  - type: Concat\n    from:\n      - -1\n      - -1\n  - type: ReLU\n  - {type: Conv2d, out_channels: 4}\n';
      const model = onlyModel(text);
      const edits = [
        insertParamEdit(model.layers[0].insertion, 'dim', '1'),
        insertParamEdit(model.layers[1].insertion, 'inplace', 'true'),
        insertParamEdit(model.layers[2].insertion, 'kernel_size', '[3, 3]'),
      ];
      const edited = applyEdits(text, edits);
      assert.equal(
        edited,
        'input: [1, 3, 8, 8]\nlayers:\n  - type: Concat\n    from:\n      - -1\n      - -1\n    dim: 1\n  - type: ReLU\n    inplace: true\n  - {type: Conv2d, out_channels: 4, kernel_size: [3, 3]}\n',
      );
      assert.deepEqual(
        onlyModel(edited).layers.map(params),
        [{ dim: 1 }, { inplace: true }, { out_channels: 4, kernel_size: [3, 3] }],
      );
    });

    it('keeps CRLF line breaks', () => {
      const text = 'input: [1, 3, 8, 8]\r\nlayers:\r\n  - type: ConvTranspose2d\r\n    stride: 2\r\n  - type: ReLU\r\n';
      const layer = onlyModel(text).layers[0];
      const edited = applyEdits(text, [insertParamEdit(layer.insertion, 'output_padding', '1')]);
      assert.equal(edited, 'input: [1, 3, 8, 8]\r\nlayers:\r\n  - type: ConvTranspose2d\r\n    stride: 2\r\n    output_padding: 1\r\n  - type: ReLU\r\n');
    });

    it('replaces a block layer by several layers in the same style, keeping its from, name and expect', () => {
      const text = [
        'input: [N, 64, 8, 8]',
        'layers:',
        '    - type: ConvTranspose2d   # uneven overlap',
        '      name: up',
        '      from: -1',
        '      out_channels: 32',
        '      kernel_size: 3',
        '      stride: 2',
        '      expect: [N, 32, 16, 16]',
        '    - type: ReLU',
        '',
      ].join('\n');
      const layer = onlyModel(text).layers[0];
      const edit = replaceLayerEdit(layer.replacement!, [
        { type: 'Upsample', params: [['scale_factor', 2], ['mode', 'nearest']] },
        { type: 'Conv2d', params: [['out_channels', 32], ['kernel_size', [3, 3]], ['padding', 1]] },
      ]);
      const edited = applyEdits(text, [edit]);
      assert.equal(
        edited,
        [
          'input: [N, 64, 8, 8]',
          'layers:',
          '    - type: Upsample',
          '      scale_factor: 2',
          '      mode: nearest',
          '      from: -1',
          '    - type: Conv2d',
          '      out_channels: 32',
          '      kernel_size: [3, 3]',
          '      padding: 1',
          '      name: up',
          '      expect: [N, 32, 16, 16]',
          '    - type: ReLU',
          '',
        ].join('\n'),
      );
      const reread = onlyModel(edited);
      assert.deepEqual(
        reread.layers.map((l) => [l.type, params(l), l.name, plain(l.from), plain(l.expect)]),
        [
          ['Upsample', { scale_factor: 2, mode: 'nearest' }, undefined, -1, undefined],
          ['Conv2d', { out_channels: 32, kernel_size: [3, 3], padding: 1 }, 'up', undefined, ['N', 32, 16, 16]],
          ['ReLU', {}, undefined, undefined, undefined],
        ],
      );
    });

    it('replaces layers in flow sequences and flow mappings with flow mappings', () => {
      const replacement = [
        { type: 'Upsample', params: [['scale_factor', 2]] as [string, number][] },
        { type: 'Conv2d', params: [['kernel_size', 3]] as [string, number][] },
      ];
      const flowList = 'input: [1, 3, 8, 8]\nlayers: [{type: ReLU}, {type: ConvTranspose2d, stride: 2}]\n';
      const flowEdited = applyEdits(flowList, [replaceLayerEdit(onlyModel(flowList).layers[1].replacement!, replacement)]);
      assert.equal(flowEdited, 'input: [1, 3, 8, 8]\nlayers: [{type: ReLU}, {type: Upsample, scale_factor: 2}, {type: Conv2d, kernel_size: 3}]\n');

      const flowItem = 'input: [1, 3, 8, 8]\nlayers:\n  - {type: ConvTranspose2d, stride: 2}\n  - type: ReLU\n';
      const itemEdited = applyEdits(flowItem, [replaceLayerEdit(onlyModel(flowItem).layers[0].replacement!, replacement)]);
      assert.equal(
        itemEdited,
        'input: [1, 3, 8, 8]\nlayers:\n  - {type: Upsample, scale_factor: 2}\n  - {type: Conv2d, kernel_size: 3}\n  - type: ReLU\n',
      );
      assert.deepEqual(
        onlyModel(itemEdited).layers.map((l) => l.type),
        ['Upsample', 'Conv2d', 'ReLU'],
      );
    });
  });
});
