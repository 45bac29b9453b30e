/**
 * Conformance of the sequence & dense family with real PyTorch: every case of
 * test/fixtures/pytorch/sequence.json (generate_sequence.py, torch 1.13) is written as a ConvLens
 * YAML model (several inputs through `from:`) and read through the real reader. ConvLens must give
 * PyTorch's output shape (the first element of a returned tuple), the other elements as
 * `otherOutputs`, and the parameter count; or, where PyTorch raised, a diagnostic with the code
 * the generator derived from PyTorch's message and no claimed output.
 */
import * as assert from 'node:assert/strict';
import type { DiagnosticCode } from '../../../src/core/diagnostics';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { reportShape } from '../../../src/core/dims';
import { checkOutcome, describeCases, itMatchesFramework, loadFixture } from '../support/fixtureModels';
import { modelFile, oneLayerSpec, type SpecValue } from '../support/modelSpec';

interface SequenceCase {
  id: string;
  layer: string;
  scenario: string;
  inputs: number[][];
  params: Record<string, SpecValue>;
  output?: number[];
  others?: number[][];
  paramCount?: number;
  error?: { code: DiagnosticCode; message: string };
}

const fixtures = loadFixture<{ torch: string; count: number; cases: SequenceCase[] }>('test/fixtures/pytorch/sequence.json');

function describeCase(fixture: SequenceCase): string {
  const outcome = fixture.error ? `${fixture.error.code} (${fixture.error.message})` : `${JSON.stringify(fixture.output)} ${fixture.paramCount} parameters`;
  return `${fixture.id} [${fixture.scenario}] ${JSON.stringify(fixture.inputs)} ${JSON.stringify(fixture.params)} -> ${outcome}`;
}

/**
 * Where ConvLens and PyTorch disagree, and why (checked to still disagree). torch 1.13's
 * LazyInstanceNorm*d infers num_features from `input.shape[1]` even without a batch axis, so an
 * unbatched input works only when its first two sizes happen to be equal; ConvLens refuses every
 * unbatched input (docs/frameworks/pytorch.md).
 */
function knownDiscrepancy(fixture: SequenceCase): string | undefined {
  const rank = Number(fixture.layer.match(/^LazyInstanceNorm(\d)d$/)?.[1]);
  if (rank && fixture.inputs[0].length === rank + 1 && fixture.output) {
    return 'PyTorch 1.13 runs LazyInstanceNorm on an unbatched input whose channels equal its next size; ConvLens refuses unbatched inputs';
  }
  return undefined;
}

async function checkCase(fixture: SequenceCase): Promise<void> {
  const { text, fileName } = modelFile(oneLayerSpec('pytorch', fixture.inputs, { type: fixture.layer, ...fixture.params }));
  const analysis = await analyzeDocument(text, fileName);
  if (fixture.error) {
    checkOutcome(analysis, { error: fixture.error }, 'PyTorch');
    return;
  }
  checkOutcome(analysis, { output: fixture.output! }, 'PyTorch');
  const layer = analysis.models[0].layers[0];
  assert.equal(layer.params, fixture.paramCount, 'parameter count');
  assert.deepEqual(
    (layer.otherOutputs ?? []).map((other) => reportShape(other.shape)),
    fixture.others ?? [],
    'the other elements of the returned tuple',
  );
}

describe(`PyTorch ${fixtures.torch} sequence & dense fixtures (${fixtures.count} cases)`, () => {
  describeCases(fixtures, (fixture) => fixture.layer, (fixture) => itMatchesFramework(describeCase(fixture), knownDiscrepancy(fixture), () => checkCase(fixture)));
});
