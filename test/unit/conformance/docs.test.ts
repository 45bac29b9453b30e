/**
 * Comments and test titles cite the semantics pages in docs/frameworks/; every page they cite
 * must exist, so a renamed or removed page cannot leave citations pointing nowhere.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found from the bundle's location (out/unit/...) or the source tree. */
function repositoryRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'docs/frameworks/README.md'))) return dir;
  }
  throw new Error(`docs/frameworks not found above ${__dirname}`);
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mjs|js|yaml|py)$/.test(name)) yield path;
  }
}

describe('citations of docs/frameworks', () => {
  const root = repositoryRoot();
  const cited = new Set<string>();
  for (const folder of ['src', 'test']) {
    for (const file of sourceFiles(join(root, folder))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/docs\/frameworks\/([\w-]+\.md)/g)) cited.add(match[1]);
    }
  }

  it('are many (the tests and vocabularies cite the pages)', () => {
    assert.ok(cited.size >= 5, `cited: ${[...cited].join(', ')}`);
  });

  for (const page of ['README.md', 'pytorch.md', 'keras.md', 'tfjs.md', 'onnx.md', 'tensorflow.md']) {
    it(`${page} exists and is cited`, () => {
      assert.ok(existsSync(join(root, 'docs/frameworks', page)));
      assert.ok(cited.has(page), `nothing in src/ or test/ cites docs/frameworks/${page}`);
    });
  }

  it('point only at pages that exist', () => {
    for (const page of cited) assert.ok(existsSync(join(root, 'docs/frameworks', page)), `docs/frameworks/${page} is cited but missing`);
  });
});
