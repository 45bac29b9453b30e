// What the extension's main bundles hold (SPEC §6: activation under 20 ms, measured by
// `npm run bench:activation`): everything their entries import by value, which must not reach
// core's readers, engine or vocabularies, nor a parser package. Those live in the analysis chunk
// (src/core/analysisChunk.ts), imported by the entries only as `import()`, which the build turns
// into a lazily run `require()` of dist/analysis.js.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The module specifiers a source file imports or re-exports by value (`import type` and `import()` excluded). */
function valueImports(file: string): string[] {
  const code = readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
  return [...code.matchAll(/(?:^|[;\n])\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\s+from\s+)?'([^']+)'/g)].filter((match) => !match[1]).map((match) => match[2]);
}

/** The source file a relative specifier names. */
function resolve(from: string, specifier: string): string {
  const base = join(dirname(from), specifier);
  const file = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
  assert.ok(file, `${from}: cannot resolve ${specifier}`);
  return file;
}

/** Every source file and package an entry reaches through value imports. */
function reachedFrom(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of valueImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(file, specifier));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { files: new Set([...files].map((file) => relative('.', file).replace(/\\/g, '/'))), packages };
}

const HEAVY = [/^src\/core\/engine\//, /^src\/core\/frameworks\//, /^src\/core\/formats\/(yaml|kerasJson|ultralytics)\//, /^src\/core\/formats\/registry\.ts$/, /^src\/core\/analyzeDocument\.ts$/, /^src\/core\/analysisChunk\.ts$/];

describe('the extension’s main bundles', () => {
  for (const entry of ['src/extension/extensionNode.ts', 'src/extension/extensionWeb.ts']) {
    it(`${entry} reaches no reader, engine or vocabulary, and no parser package`, () => {
      const { files, packages } = reachedFrom(entry);
      assert.ok(files.has('src/extension/activateShared.ts') && files.has('src/core/formats/modelFormats.ts'), 'the walk follows the imports');
      assert.deepEqual([...files].filter((file) => HEAVY.some((pattern) => pattern.test(file))), []);
      assert.deepEqual([...packages], ['vscode']);
    });
  }

  it('the walk sees what the analysis chunk reaches', () => {
    const { files, packages } = reachedFrom('src/core/analysisChunk.ts');
    assert.ok(files.has('src/core/formats/registry.ts') && files.has('src/core/engine/analyzeModel.ts'));
    assert.ok(packages.has('yaml'));
  });
});
