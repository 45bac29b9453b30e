/** The fuzzer's seed inputs: every example, every workspace fixture and the fuzz seeds. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { formatsForFileName } from '../../src/core/formats/modelFormats';

/** The syntaxes the fuzzer mutates: the ids of the model readers of its seed files. */
export type ModelFormat = 'yaml' | 'json' | 'typescript';

export interface Seed {
  /** Path relative to the repository root; its extension decides the reader. */
  path: string;
  format: ModelFormat;
  text: string;
}

/** Folders whose model files seed the fuzzer (test/unit keeps its models inline, as strings). */
export const SEED_FOLDERS = ['examples', 'test/fixtures/workspace', 'test/fuzz/seeds'];

function filesBelow(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

/** TF.js programs with their truth: what `--interpreter` mutates besides the TypeScript seeds. */
export const PROGRAM_FOLDERS = ['test/fixtures/tfjs/programs', 'test/fixtures/tfjs/interpreter/programs'];

/** Every model file below `folders` of `root` (default {@link SEED_FOLDERS}), in a stable order. */
export function loadCorpus(root: string, folders = SEED_FOLDERS): Seed[] {
  const seeds: Seed[] = [];
  for (const folder of folders) {
    for (const file of filesBelow(join(root, folder)).sort()) {
      const format = formatsForFileName(file)[0]?.id as ModelFormat | undefined;
      // The fixture generators beside the programs are scripts, not models.
      if (!format || basename(file) === 'generate.mjs') continue;
      seeds.push({ path: relative(root, file), format, text: readFileSync(file, 'utf8') });
    }
  }
  return seeds;
}

/** The interpreter's corpus (`--interpreter`): the TypeScript/JavaScript seeds and the TF.js programs. */
export function loadInterpreterCorpus(root: string): Seed[] {
  return loadCorpus(root, [...SEED_FOLDERS, ...PROGRAM_FOLDERS]).filter((seed) => seed.format === 'typescript');
}
