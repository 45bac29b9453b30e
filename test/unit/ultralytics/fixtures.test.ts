/**
 * Conformance with Ultralytics itself: every official model config × scale in
 * test/fixtures/ultralytics/*.json (built by generate.py with Ultralytics' own `parse_model` on
 * torch 1.13; 8.3.166 and 8.4.60, each read as its release) is written back as YAML and analysed
 * with `--define H=W=<size>` at both fixture sizes. Every row must agree on `n`, the constructor arguments, the parameter count and the
 * output shape, wherever ConvLens claims one; where it does not know, it must say `?`/null.
 * Analysed without an image size, each symbolic shape evaluated at `H = W = <size>` must equal
 * Ultralytics' shape too, at each size that is a multiple of the model's largest stride. The
 * model's layer count must be the one `model.info()` prints, wherever ConvLens gives one.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { pythonRepr } from '../../../src/core/formats/ultralytics/ultralyticsModel';
import { reportShape, type ReportDim } from '../../../src/core/dims';
import { evaluate } from '../../../src/core/symbolic';
import { ultralyticsModelTotals } from '../../../src/extension/presentation';
import type { UltralyticsVersion } from '../../../src/core/ultralyticsVersions';

type Nested = number[] | Nested[] | { error: string } | null;

interface FixtureRow {
  from: number | number[];
  n: number;
  module: string;
  args: string;
  params: number;
  /** The leaf modules of the row (each instance once, a shared activation included). */
  leaves: number;
  output: Record<string, Nested>;
}

interface FixtureScale {
  rows: FixtureRow[];
  params: number;
  layers: number;
  /** The layers `model.info()` prints for the model (null where Ultralytics' model class did not build). */
  infoLayers: number | null;
}

interface Fixtures {
  version?: string;
  sizes: number[];
  configs: Record<string, { config: Record<string, unknown>; scales: Record<string, FixtureScale> }>;
  failures: Record<string, string>;
}

/**
 * ultralytics-8.3.166-macs.json: per config and scale, thop's multiply-adds per row at each size
 * (a size is missing where the model fails there: RT-DETR's decoder on fewer than 300 anchors) and
 * model.info()'s totals.
 */
interface MacsFixtures {
  sizes: number[];
  configs: Record<string, Record<string, { macs: Record<string, number[]>; info: { layers: number; params: number; gradients: number; gflops: number } }>>;
}

function loadFixtures<T = Fixtures>(file: string): T {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, 'test/fixtures/ultralytics', file), 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`test/fixtures/ultralytics/${file} not found above ${__dirname}`);
}

/** The config as YAML: top-level keys in block style, values and rows as JSON (which is YAML). */
export function configText(config: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key === 'backbone' || key === 'head') {
      lines.push(`${key}:`);
      for (const row of value as unknown[]) lines.push(`  - ${JSON.stringify(row)}`);
    } else {
      lines.push(`${key}: ${JSON.stringify(value)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The first tensor of a row's output (a head's inference output `(y, x)` is `y`). */
function firstTensor(output: Nested): number[] | undefined {
  if (output === null || !Array.isArray(output)) return undefined;
  if (output.length === 0 || typeof output[0] === 'number') return output as number[];
  return firstTensor(output[0] as Nested);
}

/** The module's class name (`ultralytics.nn.modules.conv.Conv` → `Conv`, `torch.nn…Upsample` → `Upsample`). */
const className = (module: string): string => module.slice(module.lastIndexOf('.') + 1);

interface Tally {
  rows: number;
  shapes: number;
  shapesUnknown: number;
  /** Dimensions written over H and W that equal Ultralytics' at both sizes. */
  symbolic: number;
  params: number;
  paramsUnknown: number;
  totals: number;
  /** Models whose layer count is model.info()'s. */
  layerCounts: number;
  mismatches: string[];
}

/** Compares every config × scale of `fixtures`, read as the Ultralytics release `ultralyticsVersion`. */
async function compare(fixtures: Fixtures, tally: Tally, ultralyticsVersion: UltralyticsVersion): Promise<void> {
  for (const [name, { config, scales }] of Object.entries(fixtures.configs)) {
    const text = configText(config);
    for (const [scale, expected] of Object.entries(scales)) {
      const fileName = name.split('/').pop() ?? name;
      const options = { ultralyticsVersion, ...(scale ? { scale } : {}) };
      const perSize = await Promise.all(fixtures.sizes.map((size) => analyzeDocument(text, fileName, { ...options, defines: { H: size, W: size } })));
      const symbolicAnalysis = await analyzeDocument(text, fileName, options);
      const symbolic = symbolicAnalysis.models[0]?.layers ?? [];
      const layers = perSize[0].models[0]?.layers ?? [];
      const where = `${name}@${scale || '-'}`;
      // Ultralytics built this model (at the sizes its strides allow, the symbolic H and W): no error may say otherwise.
      for (const diagnostic of symbolicAnalysis.diagnostics) {
        if (diagnostic.severity === 'error') tally.mismatches.push(`${where}: error ${diagnostic.code} on a model Ultralytics builds: ${diagnostic.message}`);
      }
      if (layers.length !== expected.rows.length) tally.mismatches.push(`${where}: ${layers.length} rows, Ultralytics ${expected.rows.length}`);
      let sum = 0;
      let allKnown = true;
      for (const [i, row] of expected.rows.entries()) {
        const layer = layers[i];
        if (!layer) break;
        tally.rows++;
        if (className(layer.type) !== className(row.module)) tally.mismatches.push(`${where} row ${i}: module ${layer.type} vs ${row.module}`);
        // The hover names the arguments after the required ones (`C2f(32, 32, n=1, …)`); the build log does not.
        const args = /\((.*)\)/.exec(layer.rule ?? '')?.[1]?.replace(/(^|, )[a-z_0-9]+=/g, '$1');
        if (`[${args}]` !== row.args) tally.mismatches.push(`${where} row ${i}: args [${args}] vs ${row.args}`);
        if (layer.params === null) {
          tally.paramsUnknown++;
          allKnown = false;
        } else if (layer.params === row.params) {
          tally.params++;
          sum += layer.params;
        } else tally.mismatches.push(`${where} row ${i} ${layer.type}: params ${layer.params} vs ${row.params}`);
        for (const [k, size] of fixtures.sizes.entries()) {
          const want = firstTensor(row.output[String(size)]);
          const got: ReportDim[] | null = reportShape(perSize[k].models[0]?.layers[i]?.output ?? null);
          if (!want) continue;
          if (!got || got.some((d) => typeof d !== 'number')) {
            tally.shapesUnknown++;
          } else if (JSON.stringify(got) === JSON.stringify(want)) tally.shapes++;
          else tally.mismatches.push(`${where} row ${i} ${layer.type} @${size}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
          const written = symbolic[i]?.output ?? [];
          for (const [axis, dim] of written.entries()) {
            if (dim.kind !== 'symbolic') continue;
            // undefined: the size is not a multiple of the model's stride (64 for a P7 model's 128).
            const value = evaluate(dim.expr, { H: size, W: size });
            if (value === undefined) continue;
            if (value === want[axis]) tally.symbolic++;
            else tally.mismatches.push(`${where} row ${i} ${layer.type} symbolic axis ${axis} at ${size}: ${value} vs ${want[axis]}`);
          }
        }
      }
      const layerCount = perSize[0].models[0]?.ultralytics?.layers ?? null;
      if (layerCount !== null && expected.infoLayers !== null) {
        if (layerCount === expected.infoLayers) tally.layerCounts++;
        else tally.mismatches.push(`${where}: ${layerCount} layers, model.info() ${expected.infoLayers}`);
      }
      if (allKnown && layers.length === expected.rows.length) {
        if (sum === expected.params) tally.totals++;
        else tally.mismatches.push(`${where}: total ${sum} vs ${expected.params}`);
      }
    }
  }
}

const emptyTally = (): Tally => ({ rows: 0, shapes: 0, shapesUnknown: 0, symbolic: 0, params: 0, paramsUnknown: 0, totals: 0, layerCounts: 0, mismatches: [] });

function report(tally: Tally): void {
  if (process.env.ULTRALYTICS_TALLY) console.log(JSON.stringify({ ...tally, mismatches: tally.mismatches.length }), tally.mismatches.slice(0, 400).join('\n'));
}

/**
 * Each row's multiply-adds against thop's (ultralytics-<release>-macs.json) at both sizes, read as
 * `version`; and, where ConvLens gives GFLOPs, the model totals line against `model.info()`'s.
 */
async function compareMacs(version: UltralyticsVersion, release: string) {
  const fixtures = loadFixtures(`ultralytics-${release}.json`);
  const { sizes, configs } = loadFixtures<MacsFixtures>(`ultralytics-${release}-macs.json`);
  let rowsCounted = 0;
  const uncounted = new Set<string>();
  const complete: string[] = [];
  const mismatches: string[] = [];
  for (const [name, scales] of Object.entries(configs)) {
    const text = configText(fixtures.configs[name].config);
    const fileName = name.split('/').pop() ?? name;
    for (const [scale, { macs, info }] of Object.entries(scales)) {
      const options = { ultralyticsVersion: version, ...(scale ? { scale } : {}) };
      for (const size of sizes) {
        const { layers } = (await analyzeDocument(text, fileName, { ...options, defines: { H: size, W: size } })).models[0];
        if (!macs[String(size)]) {
          // The model fails at this size (RT-DETR's decoder takes 300 of its anchors): ConvLens must not count its head.
          if (layers[layers.length - 1].macs !== null) mismatches.push(`${name}@${scale} at ${size}: ${layers[layers.length - 1].type} counted where the model fails`);
          continue;
        }
        for (const [i, want] of macs[String(size)].entries()) {
          if (layers[i].macs === null) {
            uncounted.add(layers[i].type);
            continue;
          }
          if (layers[i].macs === want) rowsCounted++;
          else mismatches.push(`${name}@${scale} row ${i} ${layers[i].type} at ${size}: ${layers[i].macs} vs ${want}`);
        }
      }
      // Without an image size, GFLOPs are at 640×640, as model.info() prints them.
      const model = (await analyzeDocument(text, fileName, options)).models[0];
      if (model.ultralytics?.gflops === null) continue;
      complete.push(`${name}@${scale}`);
      const counts = [info.layers, info.params, info.gradients].map((count) => count.toLocaleString('en-US'));
      const expected = `Model ${'`'}${fileName}${'`'}: ${counts[0]} layers, ${counts[1]} parameters, ${counts[2]} gradients, ${info.gflops.toFixed(1)} GFLOPs at 640×640 (as ${'`'}model.info()${'`'} counts them). Built as Ultralytics ${version} builds it.`;
      if (ultralyticsModelTotals(model) !== expected) mismatches.push(`${ultralyticsModelTotals(model)} vs ${expected}`);
    }
  }
  const all = Object.entries(configs).flatMap(([name, scales]) => Object.keys(scales).map((scale) => `${name}@${scale}`));
  return { rowsCounted, uncounted, complete, mismatches, all };
}

describe('Ultralytics YOLO YAML against Ultralytics itself', () => {
  // What ConvLens claims, measured at this commit (a regression to `?`/null fails too): every row's parameters and
  // every model's totals; every shape Ultralytics computed (8.4: the heads scoring prompts given at run time do not run).
  for (const [version, release, floor] of [
    ['8.3', '8.3.166', { rows: 4414, shapes: 8549, symbolic: 16476, params: 4414, totals: 190, layerCounts: 190 }],
    ['8.4', '8.4.60', { rows: 5589, shapes: 10879, symbolic: 20996, params: 5589, totals: 240, layerCounts: 240 }],
  ] as const satisfies readonly (readonly [UltralyticsVersion, string, Partial<Omit<Tally, 'mismatches'>>])[]) {
    it(`builds every official config × scale of ${release} row by row as parse_model does`, async function () {
      this.timeout(120_000);
      const tally = emptyTally();
      await compare(loadFixtures(`ultralytics-${release}.json`), tally, version);
      report(tally);
      assert.deepStrictEqual(tally.mismatches, []);
      for (const [key, least] of Object.entries(floor)) assert.ok(tally[key as keyof typeof floor] >= least, JSON.stringify({ ...tally, mismatches: [] }));
    });
  }

  it("builds YOLOv5's own models/*.yaml as YOLOv5's parse_model does", async function () {
    this.timeout(60_000);
    const tally = emptyTally();
    await compare(loadFixtures('yolov5.json'), tally, '8.4');
    report(tally);
    assert.deepStrictEqual(tally.mismatches, []);
    assert.ok(tally.rows >= 775 && tally.shapes >= 1523 && tally.symbolic >= 2904 && tally.params >= 774 && tally.totals >= 27 && tally.layerCounts >= 27, JSON.stringify({ ...tally, mismatches: [] }));
  });

  // Rows counted at this commit, at the two sizes: every row of every official config (but yolo11-cls-resnet18,
  // whose TorchVision row the generator cannot build offline) at every scale — 190 models of 8.3.166, 240 of 8.4.60.
  for (const [version, release, rows, models] of [['8.3', '8.3.166', 8603, 190], ['8.4', '8.4.60', 10953, 240]] as const) {
    it(`counts each row's multiply-adds as thop does, and model.info()'s totals, at every scale (${release})`, async function () {
      this.timeout(120_000);
      const { rowsCounted, uncounted, complete, mismatches, all } = await compareMacs(version, release);
      assert.deepStrictEqual(mismatches, []);
      assert.strictEqual(rowsCounted, rows);
      assert.deepStrictEqual([...uncounted], []);
      // Every model's totals are model.info()'s.
      assert.strictEqual(all.length, models);
      assert.deepStrictEqual(complete, all);
    });
  }

  it('writes arguments as Python prints them', () => {
    assert.strictEqual(pythonRepr([3, 16, 3, 2, null, true, 'nearest', [64, 128]]), "[3, 16, 3, 2, None, True, 'nearest', [64, 128]]");
  });
});
