/**
 * Conformance with onnxruntime for the tensor-manipulation operators: every case of
 * test/fixtures/onnx/tensor.json (generate_tensor.mjs, one-node models run in onnxruntime-web) is
 * written as a ConvLens YAML model with `framework: onnx` — constant inputs as parameters of the
 * same name (`shape`, `axes`, `starts`…), a constant operand by its shape (`B`, `slope`), a second
 * graph input through `from:` — and read through the real reader. ConvLens must give the shape
 * onnxruntime computed, or a diagnostic with the code derived from its message and no output.
 */
import type { DiagnosticCode } from '../../../src/core/diagnostics';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { checkOutcome, describeCases, type FrameworkOutcome, loadFixture } from '../support/fixtureModels';
import { modelFile, oneLayerSpec, type SpecValue } from '../support/modelSpec';

interface OnnxTensorCase {
  id: string;
  op: string;
  opset: number;
  scenario: string;
  inputs: number[][];
  params: Record<string, SpecValue>;
  output?: number[];
  error?: { code: DiagnosticCode; message: string };
}

const fixtures = loadFixture<{ onnxruntime: string; count: number; cases: OnnxTensorCase[] }>('test/fixtures/onnx/tensor.json');

function outcomeOf(fixture: OnnxTensorCase): FrameworkOutcome {
  // An empty output (a size of 0) is output-too-small in every framework (SPEC.md §1.5).
  if (fixture.output && fixture.output.every((size) => size > 0)) return { output: fixture.output };
  return { error: fixture.error ?? { code: 'output-too-small', message: `empty output ${JSON.stringify(fixture.output)}` } };
}

describe(`onnxruntime ${fixtures.onnxruntime} tensor-manipulation fixtures (${fixtures.count} cases)`, () => {
  describeCases(fixtures, null, (fixture) => {
    const outcome = fixture.error ? `${fixture.error.code} (${fixture.error.message})` : JSON.stringify(fixture.output);
    it(`${fixture.id} [${fixture.scenario}] opset ${fixture.opset} ${JSON.stringify(fixture.inputs)} ${JSON.stringify(fixture.params)} -> ${outcome}`, async () => {
      const { text, fileName } = modelFile(oneLayerSpec('onnx', fixture.inputs, { type: fixture.op, ...fixture.params }));
      checkOutcome(await analyzeDocument(text, fileName), outcomeOf(fixture), 'onnxruntime');
    });
  });
});
