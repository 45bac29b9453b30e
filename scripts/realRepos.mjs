// Local check of ConvLens on real TF.js repositories (issue 17), NOT part of CI:
//
//     node scripts/realRepos.mjs [--truth] [--mirrors DIR] [--only TEXT]
//
// For each repository of test/fixtures/tfjs/realRepos.json, at its pinned commit, in a git
// mirror under DIR (default /work/.mirror, one `<owner>+<name>` folder each, as the fetch tool
// leaves them; `git clone` one there and `git checkout` nothing: the commit is read from git), the
// repository is extracted to a temporary folder and each listed file analysed by ConvLens (the
// sources in src/core, bundled to out/scripts/), with a `readFile` over that folder for imports.
// It prints, per file, the layers ConvLens shows: with a concrete shape, and with `?` or a symbol.
// --only TEXT keeps the repositories whose name contains TEXT.
//
// With --truth it also RUNS each file's model-building code with TF.js on this machine
// (scripts/tfjsRecorder.mjs; training and saving stubbed out) and compares layer by layer as the
// unit test does (scripts/tfjsTruth.ts): matched, unknown, not shown, wrong. Third-party code
// runs here only: never in CI, and none of it is committed.
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = join(ROOT, 'test/fixtures/tfjs/realRepos.json');
const argv = process.argv.slice(2);
const withTruth = argv.includes('--truth');
const mirrors = argv.includes('--mirrors') ? resolve(argv[argv.indexOf('--mirrors') + 1]) : '/work/.mirror';
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;

/** ConvLens's library entry and the truth comparison, built from the sources as they are. */
async function loadConvLens() {
  const outdir = join(ROOT, 'out/scripts');
  await esbuild.build({
    entryPoints: { realReposCore: 'src/core/index.ts', realReposTruth: 'scripts/tfjsTruth.ts' },
    outdir,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  const require = createRequire(import.meta.url);
  return { core: require(join(outdir, 'realReposCore.js')), truth: require(join(outdir, 'realReposTruth.js')) };
}

/** The git directory of a repository's mirror, or undefined. */
function gitDirOf(repo) {
  const folder = join(mirrors, repo.replace('/', '+'));
  for (const candidate of [join(folder, 'repo', '.git'), join(folder, 'repo'), join(folder, '.git'), folder]) {
    if (existsSync(join(candidate, 'HEAD'))) return candidate;
  }
  return undefined;
}

/** Sources an import may name; mirrors may lack the large binary files, which nothing here reads. */
const SOURCE_FILE = /\.(?:[cm]?js|[cm]?ts|json)$/;

/** The repository's source files at `commit`, extracted into a temporary folder. */
function extract(gitDir, commit) {
  const git = (args, input) => execFileSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 1 << 30 });
  const entries = git(['ls-tree', '-r', '-l', commit])
    .toString('utf8')
    .split('\n')
    .map((row) => /^\d+ blob ([0-9a-f]+) +(\d+)\t(.*)$/.exec(row))
    .filter((match) => match && SOURCE_FILE.test(match[3]) && Number(match[2]) < 1 << 20)
    .map(([, sha, , path]) => ({ sha, path }));
  // One `cat-file --batch` for all: "<sha> blob <size>\n<bytes>\n", or "<sha> missing\n".
  const output = git(['cat-file', '--batch'], entries.map(({ sha }) => sha).join('\n') + '\n');
  const folder = mkdtempSync(join(tmpdir(), 'convlens-real-'));
  let at = 0;
  for (const { path } of entries) {
    const headerEnd = output.indexOf(10, at);
    const header = output.subarray(at, headerEnd).toString('utf8').split(' ');
    at = headerEnd + 1;
    if (header[1] !== 'blob') continue;
    const size = Number(header[2]);
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), output.subarray(at, at + size));
    at += size + 1;
  }
  return folder;
}

/** A readFile over the extracted repository, refusing anything outside it. */
function readerOver(folder) {
  return async (path) => {
    const absolute = resolve(folder, path);
    if (relative(folder, absolute).startsWith('..' + sep)) return undefined;
    try {
      return readFileSync(absolute, 'utf8');
    } catch {
      return undefined;
    }
  };
}

const isConcrete = (layer) => layer.output !== null && layer.output.every((dim, axis) => typeof dim === 'number' || (axis === 0 && dim === 'N'));

let recorder;
if (withTruth) {
  // A program's own asynchronous work (a `main()` not awaited that loads data) may fail later:
  // that ends its run, not this script.
  process.on('unhandledRejection', (reason) => console.log(`    (a program failed later: ${String(reason?.message ?? reason).split('\n')[0].slice(0, 120)})`));
  recorder = await import('./tfjsRecorder.mjs');
  // Building a model is what we record; training and saving would take long or write files.
  const tfl = await import('@tensorflow/tfjs-layers');
  const noHistory = async () => ({ history: {}, epoch: [] });
  tfl.LayersModel.prototype.fit = noHistory;
  tfl.LayersModel.prototype.fitDataset = noHistory;
  tfl.LayersModel.prototype.save = async () => ({ modelArtifactsInfo: {} });
}

const { core, truth } = await loadConvLens();
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const totals = { files: 0, truthFiles: 0, shown: 0, concrete: 0, unknown: 0, layers: 0, matched: 0, truthUnknown: 0, missing: 0, wrong: 0, extra: 0 };
for (const { repo, commit, files } of manifest.repositories) {
  if (only !== undefined && !repo.includes(only)) continue;
  const gitDir = gitDirOf(repo);
  if (!gitDir) {
    console.log(`${repo}: no mirror under ${mirrors} (fetch or clone it there); skipped`);
    continue;
  }
  let folder;
  try {
    folder = extract(gitDir, commit);
  } catch (error) {
    console.log(`${repo}: commit ${commit} not in the mirror (${String(error).split('\n')[0]}); skipped`);
    continue;
  }
  try {
    for (const file of files) {
      const path = join(folder, file.path);
      const analysis = await core.analyzeText(readFileSync(path, 'utf8'), path, { readFile: readerOver(folder) });
      const layers = analysis.models.flatMap((model) => model.layers);
      const concrete = layers.filter(isConcrete).length;
      totals.files++;
      totals.shown += layers.length;
      totals.concrete += concrete;
      totals.unknown += layers.length - concrete;
      const diagnostics = analysis.diagnostics.map((diagnostic) => diagnostic.code).join(', ') || 'none';
      let line = `${repo}/${file.path} (${file.kind}): ${analysis.models.length} model(s), ${layers.length} layers shown: ${concrete} concrete, ${layers.length - concrete} unknown; diagnostics: ${diagnostics}`;
      if (recorder) {
        const run = await recorder.recordProgram({ entryFile: path, calls: file.calls ?? [], emptyUnresolved: true });
        const stopped = run.error ? ` (the run stopped: ${String(run.error.message ?? run.error).split('\n')[0].slice(0, 120)})` : '';
        if (run.nodes.length === 0) {
          console.log(`${line}\n    truth: unavailable, no layer was applied${stopped}`);
          continue;
        }
        totals.truthFiles++;
        const result = truth.compareWithTruth(analysis, run.nodes);
        totals.layers += result.layers;
        totals.matched += result.matched;
        totals.truthUnknown += result.unknown;
        totals.missing += result.missing;
        totals.wrong += result.wrong.length;
        totals.extra += result.extra.length;
        line += `\n    truth: ${result.layers} layers applied${stopped}: ${result.matched} matched, ${result.unknown} unknown, ${result.missing} not shown, ${result.wrong.length} wrong, ${result.extra.length} shown that do not exist`;
        for (const wrong of result.wrong) line += `\n    WRONG line ${wrong.line} ${wrong.type}: shown ${wrong.shown}, true ${wrong.truth}${wrong.params ? `, params ${wrong.params.shown} vs ${wrong.params.truth}` : ''}`;
        for (const extra of result.extra) line += `\n    EXTRA line ${extra.line} ${extra.type}: shown ${extra.shown}`;
      }
      console.log(line);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
console.log(
  `\n${totals.files} files: ${totals.shown} layers shown, ${totals.concrete} with a concrete shape, ${totals.unknown} unknown` +
    (withTruth ? `\ntruth (${totals.truthFiles} files that ran): ${totals.layers} layers applied: ${totals.matched} matched, ${totals.truthUnknown} unknown, ${totals.missing} not shown, ${totals.wrong} wrong, ${totals.extra} shown that do not exist` : ''),
);
