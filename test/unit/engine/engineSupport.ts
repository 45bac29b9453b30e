/** Shared helpers for the shape-engine unit tests: each spec is read as a model file by the real readers. */
import * as assert from 'node:assert/strict';
import type { LayerResult } from '../../../src/core/analysis';
import type { Diagnostic, DiagnosticCode } from '../../../src/core/diagnostics';
import { reportShape, type ReportDim } from '../../../src/core/dims';
import { applyEdits, sliceOf } from '../formats/textEdits';
import { readModel, type ModelSpec } from '../support/modelSpec';

/** The model as read (`source`, `text`), its result (`model`) and every diagnostic of the file. */
export async function analyze(spec: ModelSpec) {
  const { text, source, analysis } = await readModel(spec);
  return { text, source, model: analysis.models[0], diagnostics: analysis.diagnostics };
}

export function summary(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code}: ${d.message}`).join(' | ') || 'none';
}

/** The output of every layer, asserting that no error was reported. */
export async function outputs(spec: ModelSpec): Promise<(ReportDim[] | null)[]> {
  const { model, diagnostics } = await analyze(spec);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], `unexpected errors: ${summary(errors)}`);
  return model.layers.map((layer) => reportShape(layer.output));
}

/** The one layer result of a single-layer model (`index` for others). */
export async function layerOf(spec: ModelSpec, index = 0): Promise<LayerResult> {
  const layer = (await analyze(spec)).model.layers[index];
  assert.ok(layer, `no layer ${index}`);
  return layer;
}

/** The single diagnostic with `code`, plus the text under its span and the model text. */
export async function diagnosticOf(spec: ModelSpec, code: DiagnosticCode) {
  const result = await analyze(spec);
  const found = result.diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}; got ${summary(result.diagnostics)}`);
  const diagnostic = found[0];
  return { ...result, diagnostic, at: sliceOf(result.text, diagnostic.span) };
}

/** The model text after applying the first fix of `diagnostic`. */
export function afterFix(text: string, diagnostic: Diagnostic, index = 0): string {
  const fix = diagnostic.fixes?.[index];
  assert.ok(fix, `diagnostic ${diagnostic.code} has no fix ${index}`);
  return applyEdits(text, fix.edits);
}
