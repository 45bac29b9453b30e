// Checks the packaged extension, convlens-<version>.vsix (a zip file), as `npm run package` left it:
// what it holds, what it must not hold, its size, and that the command-line checker it carries
// runs. `npm run test:node` packages first, so it always checks a fresh VSIX.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const vsixPath = join(repoRoot, `${manifest.name}-${manifest.version}.vsix`);

/** The VSIX may grow with screenshots, not with sources or dependencies: 1.4 MiB of it is code. */
const maxVsixBytes = 3 * 1024 * 1024;
/** SPEC.md §6: the main bundle, without the lazily loaded chunks (analysis, TypeScript parser), under 400 KB minified. */
const maxBundleBytes = 400 * 1000;

/**
 * The entries of a zip file, from its central directory: name, sizes and where the data starts.
 * (The end-of-central-directory record is the last 22 bytes when the archive has no comment.)
 */
function zipEntries(zip) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'no end-of-central-directory record: not a zip file');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, `central directory entry ${i} is malformed`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.set(name, {
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      size: zip.readUInt32LE(offset + 24),
      localHeader: zip.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

/** The uncompressed bytes of one entry (stored or deflated). */
function entryData(zip, entry) {
  const start = entry.localHeader + 30 + zip.readUInt16LE(entry.localHeader + 26) + zip.readUInt16LE(entry.localHeader + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  return entry.method === 8 ? inflateRawSync(data) : data;
}

describe(`the packaged extension (${manifest.name}-${manifest.version}.vsix)`, function () {
  let zip;
  let entries;
  /** Extension files by their path in the repo (vsce puts them below extension/). */
  const shipped = (path) => entries.get(`extension/${path}`);

  before(function () {
    assert.ok(existsSync(vsixPath), `${vsixPath} is missing: run \`npm run package\` first (npm run test:node does)`);
    zip = readFileSync(vsixPath);
    entries = zipEntries(zip);
  });

  it(`is smaller than ${maxVsixBytes / 1024 / 1024} MiB`, function () {
    assert.ok(zip.length < maxVsixBytes, `the VSIX has ${zip.length} bytes`);
  });

  it('holds the bundles the manifest names, their lazily loaded chunks, the preview scripts, the CLI and the WebAssembly kernel', function () {
    const required = [
      manifest.main,
      manifest.browser,
      'dist/analysis.js',
      'dist/tsParser.js',
      'dist/webview/preview.js',
      'dist/webview/kernelWorker.js',
      'dist/convKernel.wasm',
      'dist/cli.js',
    ].map((path) => path.replace(/^\.\//, ''));
    for (const path of required) assert.ok(shipped(path), `${path} is missing`);
  });

  it('holds every file the manifest contributes: grammar, schema, stylesheet', function () {
    const contributed = [
      ...manifest.contributes.grammars.map((grammar) => grammar.path),
      ...manifest.contributes.yamlValidation.map((validation) => validation.url),
      'media/preview.css',
    ].map((path) => path.replace(/^\.\//, ''));
    for (const path of contributed) assert.ok(shipped(path), `${path} is missing`);
  });

  it('holds the manifest, README (with every image it shows), CHANGELOG and LICENSE', function () {
    for (const path of ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt']) assert.ok(shipped(path), `${path} is missing`);
    const readme = entryData(zip, shipped('readme.md')).toString('utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((link) => !/^[a-z]+:/.test(link));
    assert.ok(images.length > 0, 'the README shows no image');
    for (const image of images) assert.ok(shipped(image), `the README shows ${image}, which the VSIX lacks`);
    assert.match(entryData(zip, shipped('LICENSE.txt')).toString('utf8'), /^MIT License/);
  });

  it('ships nothing outside dist, media, schemas and syntaxes besides those four files', function () {
    const allowed = /^(\[Content_Types\]\.xml|extension\.vsixmanifest|extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|(dist|media|schemas|syntaxes)\/.+))$/;
    const unexpected = [...entries.keys()].filter((name) => !allowed.test(name));
    assert.deepEqual(unexpected, []);
  });

  it('ships no sources, source maps, dependencies, tests or examples', function () {
    const forbidden = [/\.ts$/, /\.map$/, /(^|\/)node_modules\//, /^extension\/(src|test|examples|out|bench|assembly|scripts)\//, /\.vsix$/];
    const found = [...entries.keys()].filter((name) => forbidden.some((pattern) => pattern.test(name)));
    assert.deepEqual(found, []);
  });

  it('holds minified bundles: each extension entry under 400 KB without its lazily loaded chunks', function () {
    for (const bundle of [manifest.main, manifest.browser].map((path) => path.replace(/^\.\//, ''))) {
      const { size } = shipped(bundle);
      assert.ok(size < maxBundleBytes, `${bundle} has ${size} bytes`);
      console.log(`      ${bundle}: ${size} bytes`);
    }
    // (Not dist/tsParser.js: the TypeScript compiler in it handles source maps, so it holds the word.)
    for (const file of [manifest.main, manifest.browser, 'dist/analysis.js'].map((path) => path.replace(/^\.\//, ''))) {
      assert.doesNotMatch(entryData(zip, shipped(file)).toString('utf8'), /sourceMappingURL/, `${file} points at a source map`);
    }
    for (const chunk of ['dist/analysis.js', 'dist/tsParser.js']) console.log(`      ${chunk} (loaded at first need): ${shipped(chunk).size} bytes`);
  });

  describe('its command-line checker, unzipped on its own', function () {
    let folder;
    const check = (...args) =>
      spawnSync(process.execPath, [join(folder, 'cli.js'), 'check', ...args.map((arg) => (arg.startsWith('--') ? arg : join(repoRoot, arg)))], { encoding: 'utf8' });

    before(function () {
      folder = mkdtempSync(join(tmpdir(), 'convlens-vsix-cli-'));
      for (const file of ['cli.js', 'tsParser.js']) writeFileSync(join(folder, file), entryData(zip, shipped(`dist/${file}`)));
    });
    after(function () {
      rmSync(folder, { recursive: true, force: true });
    });

    it('exits 1 on the planted output_padding error of examples/denoising-autoencoder.model.yaml', function () {
      const result = check('examples/denoising-autoencoder.model.yaml');
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stdout, /denoising-autoencoder\.model\.yaml:\d+:\d+: error output-padding-mismatch: /);
    });

    it('exits 0 on a correct model, a TypeScript one included (the parser chunk loads beside the CLI)', function () {
      // --tables: the layer tables come after the problems only on request (README, CLI).
      const result = check('--tables', 'examples/dcgan-generator.model.yaml', 'examples/unet-literal.ts');
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /Model: "unet/);
    });
  });
});
