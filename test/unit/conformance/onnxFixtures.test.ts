/**
 * Conformance with a real ONNX runtime: every case in test/fixtures/onnx/shapes.json (generated
 * by generate_fixtures.mjs, which runs one-node models in onnxruntime-web 1.30) is written as a
 * ConvLens YAML model with `framework: onnx` and read through the real reader. ConvLens must give
 * the shape onnxruntime computed, or, where onnxruntime refused the model, a diagnostic with the
 * code the generator derived from its message (docs/frameworks/onnx.md) and no claimed output.
 */
import type { DiagnosticCode } from '../../../src/core/diagnostics';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { checkOutcome, describeCases, type FrameworkOutcome, itMatchesFramework, loadFixture } from '../support/fixtureModels';
import { modelFile, oneLayerSpec, type SpecValue } from '../support/modelSpec';

interface OnnxCase {
  id: string;
  op: string;
  input: number[];
  attributes: Record<string, unknown>;
  /** The attributes plus what ConvLens reads from the initializers (`out_channels`, `scales`). */
  params: Record<string, SpecValue>;
  output?: number[];
  error?: { code: DiagnosticCode; message: string };
}

interface OnnxFixtures {
  onnxruntime: string;
  count: number;
  cases: OnnxCase[];
}

const perAxis = (fixture: OnnxCase, key: string, fallback: number): number[] =>
  (fixture.attributes[key] as number[] | undefined) ?? fixture.input.slice(2).map(() => fallback);

/** Per spatial axis: input size, kernel, stride, dilation, total explicit padding. */
function axes(fixture: OnnxCase) {
  const kernel = fixture.attributes.kernel_shape as number[];
  const [stride, dilation, pads] = [perAxis(fixture, 'strides', 1), perAxis(fixture, 'dilations', 1), (fixture.attributes.pads as number[] | undefined) ?? []];
  return fixture.input.slice(2).map((size, axis) => ({
    size,
    kEff: dilation[axis] * (kernel[axis] - 1) + 1,
    stride: stride[axis],
    outputPadding: perAxis(fixture, 'output_padding', 0)[axis],
    pads: (pads[axis] ?? 0) + (pads[axis + kernel.length] ?? 0),
  }));
}

const SAME = new Set(['SAME_UPPER', 'SAME_LOWER']);

/**
 * Where ConvLens and onnxruntime disagree, and why (checked to still disagree, see
 * itMatchesFramework). Each is listed in docs/frameworks/onnx.md.
 */
function knownDiscrepancy(fixture: OnnxCase): string | undefined {
  const autoPad = fixture.attributes.auto_pad as string | undefined;
  const message = fixture.error?.message ?? '';
  if (message.startsWith('Dilation not supported for AutoPadType::SAME_UPPER')) {
    return 'onnxruntime refuses a dilated Conv under auto_pad SAME_*; the operator allows it and ConvLens computes its shape';
  }
  if (message === 'padding values must be non-negative') return 'onnxruntime refuses a pool under SAME_* whose window is smaller than its stride; ConvLens accepts it';
  const pool = fixture.op.endsWith('Pool') && fixture.output?.every((size) => size > 0);
  const ceilMode = fixture.attributes.ceil_mode === 1;
  if (pool && !ceilMode && !SAME.has(autoPad ?? '') && axes(fixture).some((axis) => axis.size + (autoPad ? 0 : axis.pads) < axis.kEff)) {
    return 'onnxruntime truncates a negative (i + pads − k_eff) / s toward zero and outputs 1 where no window fits; ConvLens reports output-too-small';
  }
  const valid = (axis: ReturnType<typeof axes>[number]) => Math.ceil((axis.size - axis.kEff + 1) / axis.stride);
  const ceiled = (axis: ReturnType<typeof axes>[number]) => Math.ceil((axis.size - axis.kEff) / axis.stride) + 1;
  if (pool && ceilMode && autoPad === 'VALID' && axes(fixture).some((axis) => valid(axis) !== ceiled(axis))) {
    return "under auto_pad VALID onnxruntime still applies ceil_mode (ceil((i − k_eff) / s) + 1); ConvLens follows the operator text's ceil((i − k_eff + 1) / s)";
  }
  return undefined;
}

/** What onnxruntime did; an output with a size below 1 is output-too-small. */
function outcomeOf(fixture: OnnxCase): FrameworkOutcome {
  if (fixture.output && fixture.output.every((size) => size > 0)) return { output: fixture.output };
  return { error: fixture.error ?? { code: 'output-too-small', message: `output ${JSON.stringify(fixture.output)}` } };
}

function describeCase(fixture: OnnxCase): string {
  const outcome = fixture.error ? `${fixture.error.code} (${fixture.error.message})` : JSON.stringify(fixture.output);
  return `${fixture.id} ${JSON.stringify(fixture.input)} ${JSON.stringify(fixture.params)} -> ${outcome}`;
}

const fixtures = loadFixture<OnnxFixtures>('test/fixtures/onnx/shapes.json');

describe(`onnxruntime-web ${fixtures.onnxruntime} fixtures (${fixtures.count} cases)`, () => {
  describeCases(fixtures, (fixture) => fixture.op, (fixture) => {
    itMatchesFramework(describeCase(fixture), knownDiscrepancy(fixture), async () => {
      const { text, fileName } = modelFile(oneLayerSpec('onnx', [fixture.input], { type: fixture.op, ...fixture.params }));
      checkOutcome(await analyzeDocument(text, fileName), outcomeOf(fixture), 'onnxruntime');
    });
  });
});
