/**
 * Whole TF.js programs (issue 17) against what TF.js built when they ran: each program of
 * test/fixtures/tfjs/programs is analysed through the library entry (`analyzeText`) with a
 * `readFile` over the corpus folder (its imports), and compared layer by layer with truth.json,
 * which generate.mjs recorded by running the programs with TF.js 4.22. "Unknown, never wrong":
 * a `?` is allowed (and counted), a concrete shape or parameter count that is not the truth is
 * not. MATCHED_FLOOR holds today's matched counts, so coverage can only go up: raise a floor
 * when the reader learns more.
 *
 * A program with `symbols` (symbolic-sizes.js) holds builders nobody calls: ConvLens shows their
 * sizes as expressions of the parameters (`imgSize/4`), which no run can produce. The generator
 * ran them at the symbols' values (imgSize = 128); here each expression ConvLens shows is
 * evaluated at those values and must give what TF.js built there. Where TF.js threw while the
 * program ran (`error`), ConvLens must report TF.js's message as an error; where TF.js built
 * every size, ConvLens reports no error.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { ReportDim } from '../../../src/core/dims';
import { analyzeText } from '../../../src/core/index';
import type { Analysis } from '../../../src/core/report';
import { SymbolicAlgebra, evaluate, parseExpression } from '../../../src/core/symbolic';
import { compareWithTruth, type TruthNode } from '../../../scripts/tfjsTruth';

const CORPUS = resolve('test/fixtures/tfjs/programs');

interface TruthFile {
  tfjs: string;
  /** `error`: what TF.js threw while the program ran (the nodes are the layers applied before). */
  programs: { entry: string; symbols?: Record<string, number>; error?: string; files: Record<string, string>; nodes: TruthNode[] }[];
}

const truth: TruthFile = JSON.parse(readFileSync(join(CORPUS, 'truth.json'), 'utf8'));

/** Layers shown with the true shape today, per program (the floor; raise it, never lower it). */
const MATCHED_FLOOR: Record<string, number> = {
  'dcgan-class.js': 30,
  'pix2pix-helpers.js': 47,
  'unet-esm/main.js': 24,
  'unet-cjs/train.js': 24,
  'cgan-multifile/index.js': 14,
  'autoencoder-loop.js': 19,
  'multi-io.js': 10,
  'layer-array.js': 8,
  'nested-sequential.js': 7,
  'dqn-options.js': 18,
  'mnist-options.ts': 8,
  'upblock-helper.js': 12,
  'resnet-blocks.ts': 47,
  'vae-class-fields.ts': 10,
  'generator-config-array.js': 2,
  'discriminator-loops.js': 12,
  'segnet-factory.js': 13,
  'sentiment-rnn.js': 6,
  'vgg-reexport/train.js': 15,
  'autoencoder-cjs/train.js': 11,
  'resnet-ts/model.ts': 41,
  'symbolic-sizes.js': 17,
  'custom-layers.js': 12,
  'custom-opaque.js': 2,
  'custom-registered.ts': 6,
  'shape-reads.js': 85,
  'unet-crop.ts': 32,
  'builder-twice/main.js': 8,
  'tidy-scopes.js': 7,
  'custom-weights.js': 7,
  'symbolic-options.js': 16,
  'config-reuse.js': 10,
  'name-clash.js': 3,
  'undecided-options.js': 10,
  'builders-same-file.js': 27,
  'towers-same-file.js': 13,
  'rnn-wrappers.js': 14,
  'sequential-tensors.js': 16,
  'unet-skips-by-name.js': 31,
  'segmenter-entry/main.js': 31,
  'merge-ranks.js': 15,
  'frozen-layers.js': 10,
  'layers-input.ts': 10,
  'frozen-by-code.js': 9,
  'ensemble-loops.js': 30,
  'undecided-outputs.js': 7,
};

/** Layers of a program with `symbols` that ConvLens shows with a symbolic size (before evaluation): the symbols were kept. */
const SYMBOLIC_FLOOR: Record<string, number> = {
  'symbolic-sizes.js': 15,
  'symbolic-options.js': 14,
  'undecided-options.js': 10,
  'undecided-outputs.js': 3,
};

/** Layers shown with the true shape when a program with `symbols` is read with those values as `defines` (the floor). */
const DEFINED_FLOOR: Record<string, number> = {
  'symbolic-sizes.js': 17,
  'symbolic-options.js': 16,
  'undecided-options.js': 19,
  'undecided-outputs.js': 9,
};

/** Whether TF.js recorded a size it could not compute (NaN, written as null) past the batch. */
const hasBrokenSize = (node: TruthNode): boolean =>
  (Array.isArray(node.output[0]) ? (node.output as (number | null)[][]) : [node.output as (number | null)[]]).some((shape) => shape.slice(1).includes(null));

/** Whether a shown dimension is an expression of symbols (not a number, `?` or the batch `N`). */
const isExpression = (dim: ReportDim, axis: number) => typeof dim === 'string' && dim !== '?' && !(axis === 0 && dim === 'N');

/**
 * The analysis with each symbolic size evaluated at the values the program ran with
 * (`imgSize/4` at imgSize = 128 is 32); a size it cannot evaluate stays as shown.
 */
function atSymbolValues(analysis: Analysis, values: Record<string, number>): Analysis {
  const algebra = new SymbolicAlgebra();
  const evaluated = (dim: ReportDim, axis: number): ReportDim => {
    if (!isExpression(dim, axis)) return dim;
    const parsed = parseExpression(String(dim), algebra);
    return (parsed.ok && parsed.value.kind === 'expr' ? evaluate(parsed.value, values) : undefined) ?? dim;
  };
  return {
    ...analysis,
    models: analysis.models.map((model) => ({ ...model, layers: model.layers.map((layer) => ({ ...layer, output: layer.output && layer.output.map(evaluated) })) })),
  };
}

/** A `readFile` over the corpus folder, refusing anything outside it, that notes what was asked. */
function corpusReader(requested: string[]): (path: string) => Promise<string | undefined> {
  return async (path) => {
    requested.push(path);
    const absolute = resolve(CORPUS, path);
    if (relative(CORPUS, absolute).startsWith('..' + sep)) return undefined;
    try {
      return readFileSync(absolute, 'utf8');
    } catch {
      return undefined;
    }
  };
}

describe('TF.js programs against TF.js itself (test/fixtures/tfjs/programs)', () => {
  it('covers every program of the corpus with a floor', () => {
    assert.deepEqual(truth.programs.map((program) => program.entry).sort(), Object.keys(MATCHED_FLOOR).sort());
  });

  it('has a truth generated from the programs as they are now (else run generate.mjs)', () => {
    for (const program of truth.programs) {
      for (const [path, sha256] of Object.entries(program.files)) {
        assert.equal(createHash('sha256').update(readFileSync(join(CORPUS, path))).digest('hex'), sha256, `${path} changed since truth.json was generated`);
      }
    }
  });

  const totals = { layers: 0, matched: 0, unknown: 0, missing: 0, wrong: 0 };
  for (const program of truth.programs) {
    it(`${program.entry}: no wrong shape, at least ${MATCHED_FLOOR[program.entry]} layers right`, async () => {
      const entry = join(CORPUS, program.entry);
      const requested: string[] = [];
      const analysis = await analyzeText(readFileSync(entry, 'utf8'), entry, { readFile: corpusReader(requested) });
      const result = compareWithTruth(program.symbols ? atSymbolValues(analysis, program.symbols) : analysis, program.nodes);
      if (program.symbols) {
        const symbolic = analysis.models.flatMap((model) => model.layers).filter((layer) => layer.output?.some(isExpression)).length;
        console.log(`      ${program.entry}: ${symbolic} layers shown with symbolic sizes, compared at ${JSON.stringify(program.symbols)}`);
        assert.ok(symbolic >= SYMBOLIC_FLOOR[program.entry], `${symbolic} symbolic layers < floor ${SYMBOLIC_FLOOR[program.entry]}`);
      }
      for (const key of ['layers', 'matched', 'unknown', 'missing'] as const) totals[key] += result[key];
      totals.wrong += result.wrong.length;
      const reads = requested.length ? `, read ${requested.length} file(s)` : '';
      console.log(
        `      ${program.entry}: ${result.layers} layers: ${result.matched} matched, ${result.unknown} unknown, ${result.missing} not shown, ${result.wrong.length} wrong${reads}`,
      );
      assert.deepEqual(result.wrong, [], 'a concrete shape ConvLens shows must be the one TF.js built');
      assert.deepEqual(result.extra, [], 'every layer ConvLens shows was created or applied on its line when the program ran');
      assert.ok(result.matched >= MATCHED_FLOOR[program.entry], `matched ${result.matched} < floor ${MATCHED_FLOOR[program.entry]}`);
      const errors = analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.message);
      // TF.js's message up to the list of its own layer names (numbered by every layer the process made).
      const thrown = program.error?.split(' Layer names: ')[0];
      if (thrown) assert.ok(errors.some((message) => message.includes(thrown)), `TF.js threw "${thrown}"; ConvLens reported ${JSON.stringify(errors)}`);
      // Where TF.js ran the program and gave every size (a broken size is recorded as null), no error may say otherwise.
      else if (!program.nodes.some(hasBrokenSize)) assert.deepEqual(errors, [], 'TF.js built every layer of this program');
      // Every size of a program without symbols is a number: no check can hold for some sizes only.
      const conditional = analysis.diagnostics.filter((diagnostic) => diagnostic.code === 'conditional-shape').map((diagnostic) => diagnostic.message);
      if (!program.symbols) assert.deepEqual(conditional, [], 'a program without symbols has no size that is true for some values only');
    });
  }

  // The same programs read with `defines` binding each size symbol to the value the program ran
  // with: the builders read as called with those numbers, so conditions and loops on them are
  // decided and every shape is a number — which must be TF.js's, with no symbol evaluated here.
  for (const program of truth.programs.filter((candidate) => candidate.symbols)) {
    it(`${program.entry} with --define at the values it ran with: no wrong shape, at least ${DEFINED_FLOOR[program.entry]} layers right`, async () => {
      const entry = join(CORPUS, program.entry);
      const defines = Object.fromEntries(Object.entries(program.symbols!).filter(([, value]) => typeof value === 'number'));
      const analysis = await analyzeText(readFileSync(entry, 'utf8'), entry, { readFile: corpusReader([]), defines });
      const result = compareWithTruth(analysis, program.nodes);
      console.log(`      ${program.entry} at ${JSON.stringify(defines)}: ${result.matched} matched, ${result.unknown} unknown, ${result.missing} not shown, ${result.wrong.length} wrong`);
      assert.deepEqual(result.wrong, [], 'a concrete shape ConvLens shows must be the one TF.js built');
      assert.deepEqual(result.extra, [], 'every layer ConvLens shows was created or applied on its line when the program ran');
      assert.ok(result.matched >= DEFINED_FLOOR[program.entry], `matched ${result.matched} < floor ${DEFINED_FLOOR[program.entry]}`);
    });
  }

  it('would see a wrong shape or parameter count (the comparison can fail)', async () => {
    const program = truth.programs.find(({ entry }) => entry === 'nested-sequential.js')!;
    const entry = join(CORPUS, program.entry);
    const analysis = await analyzeText(readFileSync(entry, 'utf8'), entry);
    const right = compareWithTruth(analysis, program.nodes);
    assert.ok(right.matched > 0 && right.wrong.length === 0);
    const widened = program.nodes.map((node) => (node.className === 'Flatten' ? { ...node, output: [null, 785] } : node));
    // The flatten of the encoder, and again where the encoder is used as a layer (twice).
    const flatten = { line: 8, type: 'flatten', shown: '[N, 784]', truth: '[N, 785]' };
    assert.deepEqual(compareWithTruth(analysis, widened).wrong, [flatten, flatten, flatten]);
    const heavier = program.nodes.map((node) => (node.name === 'dense_Dense12' ? { ...node, params: node.params + 1 } : node));
    assert.equal(compareWithTruth(analysis, heavier).wrong[0]?.params?.truth, 200961);
  });

  after(() => {
    console.log(`      all programs: ${totals.layers} layers: ${totals.matched} matched, ${totals.unknown} unknown, ${totals.missing} not shown, ${totals.wrong} wrong`);
  });
});
