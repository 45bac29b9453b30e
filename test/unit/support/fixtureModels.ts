/**
 * Helpers for tests that run framework-generated fixtures through the real readers: finding a
 * fixture file, and comparing the analysis with what the framework did.
 */
import { reportShape } from '../../../src/core/dims';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DocumentAnalysis } from '../../../src/core/analysis';
import type { DiagnosticCode } from '../../../src/core/diagnostics';

/** The text of a fixture file, found from the bundle's location (out/unit/...) or the source tree. */
export function fixtureText(path: string): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return readFileSync(join(dir, path), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`${path} not found above ${__dirname}`);
}

/** A JSON fixture file (see {@link fixtureText}). */
export function loadFixture<T>(path: string): T {
  return JSON.parse(fixtureText(path)) as T;
}

/** What a framework did with a case: an output shape (and parameter count), or an error. */
export type FrameworkOutcome =
  | { output: (number | string)[]; params?: number }
  | { error: { code: DiagnosticCode; message: string } };

function summary(analysis: DocumentAnalysis): string {
  return analysis.diagnostics.map((d) => `${d.code}: ${d.message}`).join(' | ') || 'none';
}

/**
 * Checks the last layer of the analysed model against what the framework did: the same output
 * shape and no error, or a diagnostic with the framework's error code and no claimed output.
 */
export function checkOutcome(analysis: DocumentAnalysis, outcome: FrameworkOutcome, framework: string): void {
  const layers = analysis.models[0]?.layers ?? [];
  const layer = layers[layers.length - 1];
  assert.ok(layer, `the reader produced no layer; diagnostics: ${summary(analysis)}`);
  if ('output' in outcome) {
    assert.deepEqual(reportShape(layer.output), outcome.output, `output shape; diagnostics: ${summary(analysis)}`);
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], `${framework} accepted this layer`);
    if (outcome.params !== undefined && layer.params !== null) assert.equal(layer.params, outcome.params, 'parameter count');
    return;
  }
  const { code, message } = outcome.error;
  assert.ok(analysis.diagnostics.some((d) => d.code === code), `expected a ${code} diagnostic (${framework}: ${message}); got: ${summary(analysis)}`);
  assert.equal(layer.output, null, `no output shape may be claimed for a layer ${framework} refused`);
}

/**
 * A test of one fixture case. Where ConvLens is known to disagree (`known` says why), the test
 * checks that it still does, so that a fix fails it and the entry gets removed.
 */
export function itMatchesFramework(title: string, known: string | undefined, check: () => Promise<void>): void {
  if (!known) {
    it(title, check);
    return;
  }
  it(`${title} — known discrepancy: ${known}`, async () => {
    await assert.rejects(check, 'ConvLens now agrees with the framework: remove this known discrepancy');
  });
}

/**
 * The tests of a fixture file: that it holds as many cases as its header states, then
 * `testCase`'s tests of each case, inside one `describe` per group (`groupOf`: the layer type or
 * op) in file order, or ungrouped when `groupOf` is null.
 */
export function describeCases<Case>(fixtures: { count: number; cases: Case[] }, groupOf: ((fixture: Case) => string) | null, testCase: (fixture: Case) => void): void {
  it('holds the number of cases its header states', () => {
    assert.equal(fixtures.cases.length, fixtures.count);
  });
  if (!groupOf) {
    fixtures.cases.forEach(testCase);
    return;
  }
  const groups = new Map<string, Case[]>();
  for (const fixture of fixtures.cases) groups.set(groupOf(fixture), [...(groups.get(groupOf(fixture)) ?? []), fixture]);
  for (const [group, cases] of groups) describe(group, () => cases.forEach(testCase));
}
