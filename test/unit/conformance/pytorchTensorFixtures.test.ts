/**
 * Conformance with real PyTorch for the activations, dropouts, `Identity`, `Flatten` and
 * `Unflatten` of torch.nn: every case of test/fixtures/pytorch/tensor.json (generate_tensor.py,
 * torch 1.13) is written as a one-layer ConvLens YAML model and read through the real reader. The
 * engine must give PyTorch's output shape and parameter count, or, where PyTorch raised, a
 * diagnostic with the code the generator derived from PyTorch's message and no output.
 */
import type { DiagnosticCode } from '../../../src/core/diagnostics';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { checkOutcome, describeCases, type FrameworkOutcome, loadFixture } from '../support/fixtureModels';
import { modelFile, oneLayerSpec, type SpecValue } from '../support/modelSpec';

interface TensorCase {
  id: string;
  layer: string;
  scenario: string;
  /** The input, or `inputs` for a module of two inputs (given through `from:`). */
  input?: number[];
  inputs?: number[][];
  params: Record<string, SpecValue>;
  output?: number[];
  weights?: number;
  error?: { code: DiagnosticCode; message: string };
}

const fixtures = loadFixture<{ torch: string; count: number; cases: TensorCase[] }>('test/fixtures/pytorch/tensor.json');

function outcomeOf(fixture: TensorCase): FrameworkOutcome {
  return fixture.output ? { output: fixture.output, params: fixture.weights } : { error: fixture.error! };
}

describe(`PyTorch ${fixtures.torch} tensor, activation and dropout fixtures (${fixtures.count} cases)`, () => {
  describeCases(fixtures, null, (fixture) => {
    const outcome = fixture.error ? `${fixture.error.code} (${fixture.error.message.split('\n')[0]})` : JSON.stringify(fixture.output);
    const inputs = fixture.inputs ?? [fixture.input!];
    it(`${fixture.id} [${fixture.scenario}] ${JSON.stringify(inputs)} ${JSON.stringify(fixture.params)} -> ${outcome}`, async () => {
      const { text, fileName } = modelFile(oneLayerSpec('pytorch', inputs, { type: fixture.layer, ...fixture.params }));
      checkOutcome(await analyzeDocument(text, fileName), outcomeOf(fixture), 'PyTorch');
    });
  });
});
