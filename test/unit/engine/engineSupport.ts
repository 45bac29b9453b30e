/** Shared helpers for the shape-engine unit tests. */
import * as assert from 'node:assert/strict';
import type { LayerResult } from '../../../src/core/analysis';
import type { Diagnostic, DiagnosticCode } from '../../../src/core/diagnostics';
import { analyzeModel } from '../../../src/core/engine/analyzeModel';
import { reportShape, type ReportDim } from '../../../src/core/dims';
import { applyEdits, syntheticModel, textAt, type SyntheticModelSpec } from '../support/syntheticModel';

export function analyze(spec: SyntheticModelSpec) {
  const source = syntheticModel(spec);
  return { source, ...analyzeModel(source) };
}

export function summary(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code}: ${d.message}`).join(' | ') || 'none';
}

/** The output of every layer, asserting that no error was reported. */
export function outputs(spec: SyntheticModelSpec): (ReportDim[] | null)[] {
  const { model, diagnostics } = analyze(spec);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], `unexpected errors: ${summary(errors)}`);
  return model.layers.map((layer) => reportShape(layer.output));
}

/** The one layer result of a single-layer model (`index` for others). */
export function layerOf(spec: SyntheticModelSpec, index = 0): LayerResult {
  const layer = analyze(spec).model.layers[index];
  assert.ok(layer, `no layer ${index}`);
  return layer;
}

/** The single diagnostic with `code`, plus the text under its span and the model text. */
export function diagnosticOf(spec: SyntheticModelSpec, code: DiagnosticCode) {
  const result = analyze(spec);
  const found = result.diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}; got ${summary(result.diagnostics)}`);
  const diagnostic = found[0];
  return { ...result, diagnostic, at: textAt(result.source.text, diagnostic.span) };
}

/** The model text after applying the first fix of `diagnostic`. */
export function afterFix(text: string, diagnostic: Diagnostic, index = 0): string {
  const fix = diagnostic.fixes?.[index];
  assert.ok(fix, `diagnostic ${diagnostic.code} has no fix ${index}`);
  return applyEdits(text, fix.edits);
}
