/**
 * The suite that checks a file of TF.js fixture cases (test/fixtures/tfjs/*.json, written by the
 * generators there) through the real readers, three ways: ConvLens YAML with `framework: tfjs`
 * and the factory's own arguments, the model.json that `model.save()` wrote, and ConvLens YAML with
 * `framework: keras` and snake_case keys where Keras's semantics are TF.js's. Each must give what
 * TF.js gave: `predict()`'s shape and the trainable parameter count, or a diagnostic with the
 * code the generator derived from TF.js's message and no claimed output.
 */
import type { DiagnosticCode } from '../../../src/core/diagnostics';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { checkOutcome, describeCases, type FrameworkOutcome, itMatchesFramework, loadFixture } from './fixtureModels';
import { modelFile, oneLayerSpec, type SpecLayer, type SpecValue } from './modelSpec';

export interface TfjsCase {
  id: string;
  layer: string;
  factory: string;
  scenario: string;
  inputs: number[][];
  args: Record<string, SpecValue>;
  output?: (number | null)[];
  ran?: number[];
  params?: number;
  saved?: unknown;
  error?: { code: DiagnosticCode; message: string };
}

export interface TfjsFixtures {
  tfjs: string;
  count: number;
  cases: TfjsCase[];
}

export type Reading = 'tfjs YAML' | 'model.json' | 'keras YAML';

const CAMEL = /[A-Z]/g;
const snakeCase = (key: string) => key.replace(CAMEL, (letter) => `_${letter.toLowerCase()}`);

function layerOf(fixture: TfjsCase, reading: Reading): SpecLayer {
  const args =
    reading === 'keras YAML' ? Object.fromEntries(Object.entries(fixture.args).map(([key, value]) => [snakeCase(key), value])) : fixture.args;
  return { type: reading === 'keras YAML' ? fixture.layer : fixture.factory, ...args };
}

/** The text a reading analyses, and its file name. */
function documentOf(fixture: TfjsCase, reading: Reading): [text: string, fileName: string] {
  if (reading === 'model.json') {
    const modelJson = { format: 'layers-model', generatedBy: 'TensorFlow.js tfjs-layers v4.22.0', convertedBy: null, modelTopology: fixture.saved };
    return [JSON.stringify(modelJson), 'model.json'];
  }
  const shapes = fixture.inputs.map((shape) => ['N', ...shape]);
  const { text, fileName } = modelFile(oneLayerSpec(reading === 'keras YAML' ? 'keras' : 'tfjs', shapes, layerOf(fixture, reading)));
  return [text, fileName];
}

/** What TF.js did: `predict()`'s shape, or its error; an output with a size below 1 is output-too-small. */
function outcomeOf(fixture: TfjsCase): FrameworkOutcome {
  const empty = fixture.output?.slice(1).some((size) => size !== null && size <= 0);
  if (fixture.ran && !empty) return { output: ['N', ...fixture.ran.slice(1)], params: fixture.params };
  return { error: fixture.error ?? { code: 'output-too-small', message: `output ${JSON.stringify(fixture.output)}` } };
}

function describeCase(fixture: TfjsCase): string {
  const outcome = fixture.error ? `${fixture.error.code} (${fixture.error.message})` : JSON.stringify(fixture.ran);
  return `${fixture.id} [${fixture.scenario}] ${JSON.stringify(fixture.inputs)} ${JSON.stringify(fixture.args)} -> ${outcome}`;
}

/** How one fixture file departs from the three readings. */
export interface TfjsDepartures {
  /** Whether a reading applies to a case (Keras semantics part from TF.js's for some). */
  applies(fixture: TfjsCase, reading: Reading): boolean;
  /** Why ConvLens disagrees with TF.js on a case, if it knowingly does (checked to still disagree). */
  knownDiscrepancy(fixture: TfjsCase, reading: Reading): string | undefined;
}

/** Describes the mocha suite of the fixture file at `path` (relative to the repository). */
export function describeTfjsFixtures(path: string, title: string, departures: TfjsDepartures): void {
  const fixtures = loadFixture<TfjsFixtures>(path);
  describe(`TF.js ${fixtures.tfjs} ${title} (${fixtures.count} cases)`, () => {
    describeCases(fixtures, (fixture) => fixture.layer, (fixture) => {
      for (const reading of ['tfjs YAML', 'model.json', 'keras YAML'] as const) {
        if (!departures.applies(fixture, reading)) continue;
        itMatchesFramework(`${reading}: ${describeCase(fixture)}`, departures.knownDiscrepancy(fixture, reading), async () =>
          checkOutcome(await analyzeDocument(...documentOf(fixture, reading)), outcomeOf(fixture), 'TF.js'),
        );
      }
    });
  });
}
