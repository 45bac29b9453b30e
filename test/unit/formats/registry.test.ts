// The model reader registry: every list of files and languages ConvLens reads comes from it, and
// package.json (static, read by VS Code before any code runs) must agree with it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extensionOfLanguage, formatsForFileName, isModelFileName, MODEL_FILE_EXTENSIONS, MODEL_FORMATS, MODEL_LANGUAGE_IDS } from '../../../src/core/formats/modelFormats';
import { MODEL_READERS, readerFor } from '../../../src/core/formats/registry';
import { typeScriptNestingDepth, yamlNestingDepth } from '../../../src/core/limits';

const packageJson = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { menus: { commandPalette: { command: string; when?: string }[] } };
};

const YAML_MODEL = 'input: [1, 3, 8, 8]\nlayers:\n  - type: ReLU\n';
const KERAS_MODEL = '{"class_name": "Sequential", "config": {"layers": []}}';
const TFJS_MODEL = "import * as tf from '@tensorflow/tfjs';\ntf.sequential({layers: [tf.layers.flatten({inputShape: [2, 2]})]});";

describe('model reader registry', () => {
  it('reads the extensions of SPEC.md §1.1–§1.3 and §4, each once', () => {
    assert.deepEqual(MODEL_FILE_EXTENSIONS, ['.yaml', '.yml', '.json', '.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);
    assert.deepEqual(MODEL_LANGUAGE_IDS, ['yaml', 'json', 'typescript', 'javascript']);
    assert.deepEqual(
      MODEL_FORMATS.map((format) => format.id),
      ['yaml', 'json', 'typescript', 'ultralytics'],
    );
    assert.deepEqual(
      MODEL_READERS.map((reader) => reader.id),
      ['yaml', 'json', 'typescript', 'ultralytics'],
    );
  });

  it('package.json activates on exactly the readers’ languages', () => {
    const onLanguage = packageJson.activationEvents.filter((event) => event.startsWith('onLanguage:'));
    assert.deepEqual(onLanguage, MODEL_LANGUAGE_IDS.map((id) => `onLanguage:${id}`));
  });

  it('package.json offers the model commands in the palette for exactly the readers’ languages', () => {
    const when = MODEL_LANGUAGE_IDS.map((id) => `editorLangId == ${id}`).join(' || ');
    const gated = packageJson.contributes.menus.commandPalette.filter((entry) => ['convlens.previewUpsampling', 'convlens.showShapeTable'].includes(entry.command));
    assert.equal(gated.length, 2);
    for (const entry of gated) assert.equal(entry.when, when, entry.command);
  });

  it('package.json offers the scale switch in the palette for exactly the Ultralytics reader’s languages', () => {
    const ultralytics = MODEL_FORMATS.find((format) => format.id === 'ultralytics');
    const entry = packageJson.contributes.menus.commandPalette.find((candidate) => candidate.command === 'convlens.selectScale');
    assert.equal(entry?.when, ultralytics?.languages.map((language) => `editorLangId == ${language.id}`).join(' || '));
  });

  it('finds the readers of a file by its extension, ignoring case and dots in folder names', () => {
    assert.deepEqual(formatsForFileName('models/net.model.YAML').map((format) => format.id), ['yaml', 'ultralytics']);
    assert.deepEqual(formatsForFileName('lib/net.cjs').map((format) => format.id), ['typescript']);
    assert.deepEqual(formatsForFileName('notes.md'), []);
    assert.deepEqual(formatsForFileName('configs.yaml/README'), []);
    assert.deepEqual(formatsForFileName('C:\\models.json\\README'), []);
    assert.equal(isModelFileName('a/b.mts'), true);
    assert.equal(isModelFileName('a/b.tsx'), false);
    assert.equal(isModelFileName('Makefile'), false);
  });

  it('chooses the reader by extension and then by the text', () => {
    assert.equal(readerFor(YAML_MODEL, 'net.yaml')?.id, 'yaml');
    assert.equal(readerFor(KERAS_MODEL, 'model.json')?.id, 'json');
    assert.equal(readerFor(TFJS_MODEL, 'gen.mjs')?.id, 'typescript');
    // The right text under another reader's extension, and text that is no model, get no reader.
    assert.equal(readerFor(YAML_MODEL, 'net.json'), undefined);
    assert.equal(readerFor('title: notes\n', 'notes.yaml'), undefined);
  });

  it('names an untitled document by its language’s first extension', () => {
    assert.equal(extensionOfLanguage('yaml'), '.yaml');
    assert.equal(extensionOfLanguage('typescript'), '.ts');
    assert.equal(extensionOfLanguage('javascript'), '.js');
    assert.equal(extensionOfLanguage('markdown'), undefined);
  });

  it('every reader answers a promise of the parsed file', async () => {
    const [yaml, json, typescript, ultralytics] = MODEL_READERS;
    const read = yaml.read(YAML_MODEL, 'net.yaml', {});
    assert.equal((await ultralytics.read('backbone:\n  - [-1, 1, Conv, [16, 3, 2]]\nhead:\n  - [-1, 1, nn.Identity, []]\n', 'yolo.yaml', {})).analysis?.models[0].layers.length, 2);
    assert.ok(read instanceof Promise);
    assert.equal((await read).models.length, 1);
    assert.equal((await json.read('{"class_name": "Sequential", "config": {"layers": [{"class_name": "Flatten", "config": {"batch_input_shape": [null, 2, 2]}}]}}', 'm.json', {})).models.length, 1);
    assert.equal((await typescript.read(TFJS_MODEL, 'gen.js', {})).models.length, 1);
  });

  it('bounds each reader’s text by its own budget', () => {
    const [yaml, json, typescript] = MODEL_READERS;
    assert.equal(yaml.itemBudget, 60_000);
    assert.equal(typescript.itemBudget, 1_000_000);
    // Our own JSON parser is linear and bounds its own nesting (jsonSource.ts).
    assert.equal(json.itemBudget, Infinity);
    assert.equal(json.nestingDepth, undefined);
    assert.equal(yaml.nestingDepth, yamlNestingDepth);
    assert.equal(typescript.nestingDepth, typeScriptNestingDepth);
  });
});
