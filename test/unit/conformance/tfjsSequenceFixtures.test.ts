/**
 * Conformance of the Keras-family sequence & dense layers with real TF.js: every case of
 * test/fixtures/tfjs/sequence.json (generate_sequence.mjs, @tensorflow/tfjs-layers 4.22) is read
 * three ways through the real readers: ConvLens YAML with `framework: tfjs` and the factory's own
 * arguments (a wrapper's inner layer as `{type: <factory>, …}`); the model.json TF.js saved; and
 * ConvLens YAML with `framework: keras`, Keras class names and snake_case keys, where Keras's
 * semantics are TF.js's (TF.js's GRU is Keras's `reset_after=False`, so that reading states it).
 * ConvLens must give `predict()`'s first output, the others (`return_state`) as `otherOutputs`,
 * and the trainable parameter count; or a diagnostic with the code of TF.js's error.
 */
import * as assert from 'node:assert/strict';
import type { DiagnosticCode } from '../../../src/core/diagnostics';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { reportShape } from '../../../src/core/dims';
import { checkOutcome, describeCases, loadFixture } from '../support/fixtureModels';
import { modelFile, oneLayerSpec, type SpecLayer, type SpecValue } from '../support/modelSpec';

interface InnerLayer {
  factory: string;
  args: Record<string, SpecValue>;
}

interface TfjsSequenceCase {
  id: string;
  layer: string;
  factory: string;
  scenario: string;
  inputs: number[][];
  args: Record<string, SpecValue> & { layer?: InnerLayer };
  ran?: number[][];
  params?: number;
  saved?: unknown;
  error?: { code: DiagnosticCode; message: string };
}

type Reading = 'tfjs YAML' | 'model.json' | 'keras YAML';

const fixtures = loadFixture<{ tfjs: string; count: number; cases: TfjsSequenceCase[] }>('test/fixtures/tfjs/sequence.json');

/** Keras class names of the TF.js factories these cases use. */
const CLASS_NAMES: Record<string, string> = { lstm: 'LSTM', gru: 'GRU', simpleRNN: 'SimpleRNN', dense: 'Dense', conv1d: 'Conv1D' };
const snakeCase = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Arguments in a reading's spelling; a GRU states TF.js's `reset_after=False` for Keras. */
function argsFor(factory: string, args: Record<string, SpecValue>, reading: Reading): Record<string, SpecValue> {
  if (reading !== 'keras YAML') return args;
  const snake = Object.fromEntries(Object.entries(args).map(([key, value]) => [snakeCase(key), value]));
  return factory === 'gru' && !('reset_after' in snake) ? { ...snake, reset_after: false } : snake;
}

function layerOf(fixture: TfjsSequenceCase, reading: Reading): SpecLayer {
  const { layer: inner, ...args } = fixture.args;
  const innerLayer = inner && {
    layer: { type: reading === 'keras YAML' ? CLASS_NAMES[inner.factory] : inner.factory, ...argsFor(inner.factory, inner.args, reading) },
  };
  return { type: reading === 'keras YAML' ? fixture.layer : fixture.factory, ...argsFor(fixture.factory, args, reading), ...innerLayer };
}

function documentOf(fixture: TfjsSequenceCase, reading: Reading): [text: string, fileName: string] {
  if (reading === 'model.json') {
    return [JSON.stringify({ format: 'layers-model', generatedBy: 'TensorFlow.js tfjs-layers v4.22.0', convertedBy: null, modelTopology: fixture.saved }), 'model.json'];
  }
  const { text, fileName } = modelFile(oneLayerSpec(reading === 'keras YAML' ? 'keras' : 'tfjs', fixture.inputs.map((shape) => ['N', ...shape]), layerOf(fixture, reading)));
  return [text, fileName];
}

/** Keras accepts `reset_after=True`, which TF.js refuses; a saved model exists only for what TF.js built. */
function applies(fixture: TfjsSequenceCase, reading: Reading): boolean {
  if (reading === 'model.json') return fixture.saved !== undefined;
  return !(reading === 'keras YAML' && fixture.scenario === 'resetAfter');
}

const batched = (shape: number[]) => ['N', ...shape.slice(1)];

async function checkCase(fixture: TfjsSequenceCase, reading: Reading): Promise<void> {
  const analysis = await analyzeDocument(...documentOf(fixture, reading));
  if (fixture.error) {
    checkOutcome(analysis, { error: fixture.error }, 'TF.js');
    return;
  }
  const [output, ...others] = fixture.ran!;
  checkOutcome(analysis, { output: batched(output) }, 'TF.js');
  const layers = analysis.models[0].layers;
  const layer = layers[layers.length - 1];
  assert.equal(layer.params, fixture.params, 'trainable parameter count');
  assert.deepEqual((layer.otherOutputs ?? []).map((other) => reportShape(other.shape)), others.map(batched), 'the other outputs (return_state)');
}

function describeCase(fixture: TfjsSequenceCase): string {
  const outcome = fixture.error ? `${fixture.error.code} (${fixture.error.message})` : `${JSON.stringify(fixture.ran)} ${fixture.params} parameters`;
  return `${fixture.id} [${fixture.scenario}] ${JSON.stringify(fixture.inputs)} ${JSON.stringify(fixture.args)} -> ${outcome}`;
}

describe(`TF.js ${fixtures.tfjs} sequence & dense fixtures (${fixtures.count} cases)`, () => {
  describeCases(fixtures, (fixture) => fixture.layer, (fixture) => {
    for (const reading of ['tfjs YAML', 'model.json', 'keras YAML'] as const) {
      if (applies(fixture, reading)) it(`${reading}: ${describeCase(fixture)}`, () => checkCase(fixture, reading));
    }
  });
});
