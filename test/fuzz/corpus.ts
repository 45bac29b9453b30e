/** The fuzzer's seed inputs: every example, every workspace fixture and the fuzz seeds. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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

/** Every model file below {@link SEED_FOLDERS} of `root`, in a stable order. */
export function loadCorpus(root: string): Seed[] {
  const seeds: Seed[] = [];
  for (const folder of SEED_FOLDERS) {
    for (const file of filesBelow(join(root, folder)).sort()) {
      const format = formatsForFileName(file)[0]?.id as ModelFormat | undefined;
      if (!format) continue;
      seeds.push({ path: relative(root, file), format, text: readFileSync(file, 'utf8') });
    }
  }
  return seeds;
}
