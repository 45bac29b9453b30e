/**
 * Conformance of the ONNX sequence & dense family with onnxruntime: every case of
 * test/fixtures/onnx/sequence.json (generate_sequence.mjs, one-node models run in
 * onnxruntime-web) is written as a ConvLens YAML model with `framework: onnx` (the initializer
 * operands of MatMul and Einsum as a second input through `from:`) and read through the real
 * reader. ConvLens must give onnxruntime's first output as the layer's output, the others as
 * `otherOutputs`, and the number of weight values (the initializers) as the parameter count; or,
 * where onnxruntime refused the model, a diagnostic with the code the generator derived from its
 * message and no claimed output.
 */
import * as assert from 'node:assert/strict';
import type { DiagnosticCode } from '../../../src/core/diagnostics';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { reportShape } from '../../../src/core/dims';
import { checkOutcome, describeCases, loadFixture } from '../support/fixtureModels';
import { modelFile, oneLayerSpec, type SpecValue } from '../support/modelSpec';

interface OnnxSequenceCase {
  id: string;
  op: string;
  scenario: string;
  inputs: number[][];
  params: Record<string, SpecValue>;
  outputs?: number[][];
  paramCount?: number;
  error?: { code: DiagnosticCode; message: string };
}

const fixtures = loadFixture<{ onnxruntime: string; count: number; cases: OnnxSequenceCase[] }>('test/fixtures/onnx/sequence.json');

function describeCase(fixture: OnnxSequenceCase): string {
  const outcome = fixture.error ? `${fixture.error.code} (${fixture.error.message})` : JSON.stringify(fixture.outputs);
  return `${fixture.id} [${fixture.scenario}] ${JSON.stringify(fixture.inputs)} ${JSON.stringify(fixture.params)} -> ${outcome}`;
}

async function checkCase(fixture: OnnxSequenceCase): Promise<void> {
  const { text, fileName } = modelFile(oneLayerSpec('onnx', fixture.inputs, { type: fixture.op, ...fixture.params }));
  const analysis = await analyzeDocument(text, fileName);
  if (fixture.error) {
    checkOutcome(analysis, { error: fixture.error }, 'onnxruntime');
    return;
  }
  const [output, ...others] = fixture.outputs!;
  checkOutcome(analysis, { output }, 'onnxruntime');
  const layer = analysis.models[0].layers[0];
  assert.equal(layer.params, fixture.paramCount, 'parameter count (values in the weight initializers)');
  assert.deepEqual((layer.otherOutputs ?? []).map((other) => reportShape(other.shape)), others, 'the other outputs');
}

describe(`onnxruntime-web ${fixtures.onnxruntime} sequence & dense fixtures (${fixtures.count} cases)`, () => {
  describeCases(fixtures, (fixture) => fixture.op, (fixture) => it(describeCase(fixture), () => checkCase(fixture)));
});
