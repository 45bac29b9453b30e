// Writes the files generated from the framework vocabularies (scripts/vocabularyArtifacts.ts):
// the schema's layer types, the grammar's layer names, docs/layers.md and the README's layer counts. Run by esbuild.mjs on
// every full build; `node scripts/vocabularyArtifacts.mjs` runs it alone.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

const OUTFILE = 'out/scripts/vocabularyArtifacts.cjs';

/** Regenerates the files; returns the paths whose text changed. */
export async function writeVocabularyArtifacts() {
  await esbuild.build({ entryPoints: ['scripts/vocabularyArtifacts.ts'], bundle: true, outfile: OUTFILE, platform: 'node', format: 'cjs', logLevel: 'warning' });
  const { generateArtifacts } = createRequire(import.meta.url)(`../${OUTFILE}`);
  const changed = [];
  for (const { path, text } of generateArtifacts((file) => readFileSync(file, 'utf8'))) {
    let current = null;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // A file not written yet.
    }
    if (current === text) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    changed.push(path);
  }
  return changed;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const changed = await writeVocabularyArtifacts();
  console.log(changed.length > 0 ? `updated ${changed.join(', ')}` : 'vocabulary artefacts up to date');
}
