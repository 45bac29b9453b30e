/**
 * No false alarms (SPEC.md: a file that is not a model gets nothing): configurations of other
 * domains with `input`/`layers`/`type` keys (test/fixtures/not-models/) and ConvLens's own
 * sources get no model and no diagnostic.
 */
import { strict as assert } from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { formatsForFileName } from '../../../src/core/formats/modelFormats';
import { readSchemaModel } from '../../../src/core/formats/convlensSchema';

const CORPUS = 'test/fixtures/not-models';

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((file) => join(folder, file))
    .filter((file) => formatsForFileName(file).length > 0);
}

async function nothingIn(file: string): Promise<void> {
  const analysis = await analyzeDocument(readFileSync(file, 'utf8'), file);
  assert.deepEqual(
    { models: analysis.models.map((model) => model.name), diagnostics: analysis.diagnostics.map((d) => `${d.code}: ${d.message}`) },
    { models: [], diagnostics: [] },
  );
}

describe('no false alarms', () => {
  describe('files of other domains', () => {
    const files = filesUnder(CORPUS);
    it('has a corpus of every format', () => {
      assert.deepEqual(new Set(files.map((file) => formatsForFileName(file)[0].id)), new Set(['yaml', 'json', 'typescript']));
    });
    for (const file of files) it(`${file} gets nothing`, () => nothingIn(file));
  });

  describe("ConvLens's own sources", () => {
    for (const file of filesUnder('src')) it(`${file} gets nothing`, () => nothingIn(file));
  });

  describe('what makes a model', () => {
    const layer = { type: 'tiles' };
    const candidate = (text: string, fileName: string) => analyzeDocument(text, fileName);

    it('a framework key', async () => {
      const analysis = await candidate(`framework: pytorch\ninput: keyboard\nlayers:\n  - type: tiles\n`, 'level.yaml');
      assert.equal(analysis.models.length, 1);
      assert.ok(analysis.diagnostics.length > 0, 'a model with a wrong input and an unknown layer is reported');
    });

    it('a *.model.* file name', async () => {
      const analysis = await candidate(`export const m = { input: 'mouse', layers: [${JSON.stringify(layer)}] };\n`, 'viewer.model.ts');
      assert.equal(analysis.models.length, 1);
    });

    it('an input of dimensions together with a layer type some vocabulary knows', async () => {
      assert.equal((await candidate(`input: [N, 3, 8, 8]\nlayers:\n  - type: ReLU\n`, 'a.yaml')).models.length, 1);
      assert.equal((await candidate(`input: [N, 3, 8, 8]\nlayers:\n  - type: tiles\n`, 'a.yaml')).models.length, 0);
      assert.equal((await candidate(`input: mouse\nlayers:\n  - type: ReLU\n`, 'a.yaml')).models.length, 0);
    });

    it('is decided before anything is reported', () => {
      const diagnostics: never[] = [];
      const model = readSchemaModel(
        {
          entries: [],
          layers: undefined,
          layersSpan: { start: 0, end: 0 },
          span: { start: 0, end: 0 },
          syntax: 'yaml',
          text: '',
          fileName: 'config.yaml',
          valueText: () => '',
        },
        diagnostics,
      );
      assert.equal(model, undefined);
      assert.deepEqual(diagnostics, []);
    });
  });
});
