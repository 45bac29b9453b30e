/**
 * The schema's layer types, the grammar's layer names and docs/layers.md are generated from the
 * vocabularies (scripts/vocabularyArtifacts.ts, run by every full build): the committed files must
 * be what the generator produces, so a layer added to a vocabulary cannot be forgotten there.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { VOCABULARIES } from '../../../src/core/frameworks';
import { generateArtifacts } from '../../../scripts/vocabularyArtifacts';

const read = (path: string) => readFileSync(path, 'utf8');

describe('Files generated from the vocabularies', () => {
  for (const { path, text } of generateArtifacts(read)) {
    it(`${path} is what the generator writes (run npm run build to refresh it)`, () => {
      assert.equal(read(path), text);
    });
  }

  it('the schema offers, and the grammar matches, every layer type of every vocabulary', () => {
    const schema = JSON.parse(read('schemas/convlens-model.schema.json'));
    const offered: string[] = schema.definitions.layerType.anyOf[0].enum;
    const layerType = new RegExp(JSON.parse(read('syntaxes/convlens.injection.tmLanguage.json')).repository['layer-type'].match);
    for (const [framework, vocabulary] of Object.entries(VOCABULARIES)) {
      for (const type of Object.keys(vocabulary.layers)) {
        assert.ok(offered.includes(type), `${framework} ${type} in the schema`);
        assert.equal(layerType.exec(`  - type: ${type}`)?.[0], type, `${framework} ${type} in the grammar`);
      }
    }
  });

  it('the README links the table of supported layers', () => {
    assert.match(read('README.md'), /\]\(docs\/layers\.md\)/);
  });
});
