/**
 * Call signatures: the PyTorch vocabulary's declared signatures against torch 1.13's own
 * (test/fixtures/pytorch/signatures.json, written by generate_signatures.py from
 * `inspect.signature`), and positional arguments bound through them by the engine.
 */
import { reportShape } from '../../../src/core/dims';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyzeModel } from '../../../src/core/engine/analyzeModel';
import type { DefaultValue } from '../../../src/core/engine/signature';
import { VOCABULARIES, vocabularyOf } from '../../../src/core/frameworks';
import { pytorch } from '../../../src/core/frameworks/pytorch';
import { TORCH_2_ADDITIONS } from '../../../src/core/frameworks/pytorch/spatial';
import type { SourceModel } from '../../../src/core/ir';
import { readYamlModels } from '../../../src/core/formats/yaml/yamlModel';
import { sliceOf as textAt } from '../formats/textEdits';

interface TorchParameter {
  name: string;
  kind: 'POSITIONAL_OR_KEYWORD' | 'VAR_POSITIONAL' | 'VAR_KEYWORD' | 'KEYWORD_ONLY';
  default?: string;
}

interface TorchSignature {
  parameters: TorchParameter[];
  owner: string;
  tooMany: string | null;
  repeated?: { argument: string; message: string };
  /** For `(*args, **kwargs)` constructors (RNN, LSTM, GRU): the parameters the arguments bind to (RNNBase's after `mode`). */
  forwardsTo?: TorchParameter[];
}

/**
 * Every signature the PyTorch fixtures record: signatures.json, and each family's fixture file
 * (its generator records the signatures of the modules it covers).
 */
function loadSignatures(): Record<string, TorchSignature> {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const fixtures = join(dir, 'test/fixtures/pytorch');
    if (!existsSync(fixtures)) continue;
    const files = readdirSync(fixtures).filter((file) => file.endsWith('.json'));
    const recorded = files.map((file) => JSON.parse(readFileSync(join(fixtures, file), 'utf8')).signatures ?? {});
    return Object.assign({}, ...recorded);
  }
  throw new Error('test/fixtures/pytorch not found above ' + __dirname);
}

/** Layer types of torch.nn 2.x that torch 1.13 does not have: their signatures follow the 2.x documentation. */
const TORCH_2_ONLY = ['RMSNorm'];

/** A Python `repr` of a default as a value: `None`, `True`, `'zeros'`, `1e-05`. */
function fromRepr(repr: string): DefaultValue {
  if (repr === 'None') return null;
  if (repr === 'True') return true;
  if (repr === 'False') return false;
  if (repr.startsWith("'")) return repr.slice(1, -1);
  const number = Number(repr);
  assert.ok(Number.isFinite(number), `unexpected default ${repr}`);
  return number;
}

// generate_signatures.py, and one generator per family of layers (generate_signatures_<family>.py).
const TORCH = loadSignatures();

describe('Call signatures of the PyTorch vocabulary', () => {
  it('declares one for every torch.nn type, and only ConvLens’s own types take keywords only', () => {
    const types = Object.keys(pytorch.layers);
    // torch 2.x additions are not in torch 1.13, whose signatures the fixtures hold.
    assert.deepEqual(types.filter((type) => !(type in TORCH) && !TORCH_2_ADDITIONS.includes(type) && !TORCH_2_ONLY.includes(type)), ['Concat', 'Add', 'CenterCrop']);
    for (const type of ['Concat', 'Add', 'CenterCrop']) assert.deepEqual(pytorch.layers[type].signature.positional, []);
    assert.deepEqual(Object.keys(TORCH).filter((type) => !types.includes(type)), []);
  });

  for (const [type, torch] of Object.entries(TORCH)) {
    it(`${type}: the positional order, defaults and the class Python names, as torch 1.13 lists them`, () => {
      const signature = pytorch.layers[type].signature;
      const positional = (torch.forwardsTo ?? torch.parameters).filter((parameter) => parameter.kind === 'POSITIONAL_OR_KEYWORD');
      assert.deepEqual(
        signature.positional.map((parameter) => [parameter.name, parameter.default]),
        positional.map((parameter) => [parameter.name, parameter.default === undefined ? undefined : fromRepr(parameter.default)]),
      );
      if (torch.forwardsTo) return;
      assert.equal(signature.variadic ?? false, torch.parameters.some((parameter) => parameter.kind === 'VAR_POSITIONAL'));
      assert.equal(signature.owner ?? type, torch.owner);
    });
  }

  it('words refused calls as Python does', () => {
    for (const [type, torch] of Object.entries(TORCH)) {
      const signature = pytorch.layers[type].signature;
      if (torch.tooMany !== null) {
        assert.equal(pytorch.callWording.tooManyPositional(type, signature, signature.positional.length + 1), torch.tooMany);
      }
      if (torch.repeated) assert.equal(pytorch.callWording.repeatedArgument(type, signature, torch.repeated.argument), torch.repeated.message);
    }
  });

  it('frameworks configured by keyword declare no positional parameters', () => {
    for (const framework of ['keras', 'onnx', 'tensorflow', 'tfjs'] as const) {
      for (const [type, entry] of Object.entries(VOCABULARIES[framework].layers)) assert.deepEqual(entry.signature.positional, [], `${framework} ${type}`);
    }
  });
});

/**
 * A model read by the real YAML reader whose first `count` parameters of layer `index` are then
 * handed over as positional arguments, as a reader of `nn.ConvTranspose2d(64, 32, 4, 2, 1)` would.
 */
function withPositional(text: string, index: number, count: number): SourceModel {
  const [model] = readYamlModels(text).models;
  const layer = model.layers[index];
  layer.args = layer.params.slice(0, count).map((entry) => entry.value);
  layer.params = layer.params.slice(count);
  return model;
}

function analyze(model: SourceModel) {
  return analyzeModel(model, vocabularyOf(model.framework));
}

const DECODER = `framework: pytorch
input: [1, 64, 8, 8]
layers:
  - type: ConvTranspose2d
    in_channels: 64
    out_channels: 32
    kernel_size: 4
    stride: 2
    padding: 1
`;

describe('Positional arguments bound through the signature', () => {
  it('nn.ConvTranspose2d(64, 32, 4, 2, 1) binds in_channels, out_channels, kernel_size, stride, padding', () => {
    const { model, diagnostics } = analyze(withPositional(DECODER, 0, 5));
    assert.deepEqual(diagnostics, []);
    // (8 − 1)·2 − 2·1 + (4 − 1) + 1 = 16 on each spatial axis; 32 output channels.
    assert.deepEqual(reportShape(model.layers[0].output), [1, 32, 16, 16]);
  });

  it('mixes positional and keyword arguments', () => {
    const { model, diagnostics } = analyze(withPositional(DECODER, 0, 3));
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(reportShape(model.layers[0].output), [1, 32, 16, 16]);
  });

  it('refuses more positional arguments than the signature takes, in PyTorch’s words, at the first extra one', () => {
    const text = `framework: pytorch
input: [1, 4, 8, 8]
layers:
  - type: ReLU
    inplace: false
    extra: 1
`;
    const source = withPositional(text, 0, 2);
    const { model, diagnostics } = analyze(source);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, textAt(text, d.span)]),
      [['invalid-parameter', 'ReLU.__init__() takes from 1 to 2 positional arguments but 3 were given', '1']],
    );
    assert.equal(model.layers[0].output, null);
  });

  it('refuses a keyword that repeats a positional argument', () => {
    const text = DECODER.replace('    padding: 1\n', '    padding: 1\n    stride: 2\n');
    const { model, diagnostics } = analyze(withPositional(text, 0, 4));
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, textAt(text, d.span)]),
      [['invalid-parameter', "ConvTranspose2d.__init__() got multiple values for argument 'stride'", 'stride: 2']],
    );
    assert.equal(model.layers[0].output, null);
  });

  it('a quick fix replaces a positional argument where it is written', () => {
    const text = DECODER.replace('in_channels: 64', 'in_channels: 3');
    const { diagnostics } = analyze(withPositional(text, 0, 5));
    const [mismatch] = diagnostics;
    assert.equal(mismatch.code, 'channel-mismatch');
    const [edit] = mismatch.fixes?.[0].edits ?? [];
    assert.equal(textAt(text, edit.span), '3');
    assert.equal(edit.newText, '64');
  });

  it('nn.Identity takes any positional arguments', () => {
    const text = 'framework: pytorch\ninput: [1, 4]\nlayers:\n  - type: Identity\n    a: 1\n    b: 2\n';
    const { model, diagnostics } = analyze(withPositional(text, 0, 2));
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(reportShape(model.layers[0].output), [1, 4]);
  });
});
