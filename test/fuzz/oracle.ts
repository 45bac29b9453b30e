/**
 * What must hold for every input, however broken: the analysis and the pure parts of every
 * editor feature run without throwing, and what they report is well-formed — spans inside the
 * text, dimensions that are safe positive integers, no known output on a layer an error calls
 * invalid, preview payloads the page accepts.
 */
import type { DocumentAnalysis, LayerResult } from '../../src/core/analysis';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import type { AnalyzeOptions } from '../../src/core/analyzeOptions';
import { Code, SEVERITY, type Diagnostic } from '../../src/core/diagnostics';
import { exprText } from '../../src/core/dims';
import { formatShape } from '../../src/core/formatting';
import type { Shape, Span } from '../../src/core/ir';
import { planParamEdits, toPreviewLayer } from '../../src/core/previewLayer';
import { parseContent } from '../../src/core/previewProtocol';
import { toReport, type Analysis } from '../../src/core/report';
import { formatDocumentSummary } from '../../src/core/summaryTable';
import { allLayers, escapeMarkdown, inlayHintLabel, layerHoverMarkdown, previewTitle, unknownExplanation } from '../../src/extension/presentation';
import { outputSizesOf, previewBytes } from '../../src/webview/compute';
import { EXECUTION_CANARY } from './mutators';
import type { MetamorphicCheck } from './programs';

/** The CPU time one analysis may take, in milliseconds, before the fuzzer calls it a failure. */
export const ANALYSIS_BUDGET_MS = 2000;

/** Codes that say the layer as written cannot run: its output must then be unknown. */
const INVALIDATING = new Set<string>([
  Code.invalidParameter,
  Code.unsupportedCombination,
  Code.groupsMismatch,
  Code.outputTooSmall,
  Code.outputPaddingTooLarge,
  Code.outputSizeUnreachable,
]);

/** The engine's last-resort message when a rule throws: a bug, even though it is caught. */
const INTERNAL_ERROR = /ConvLens could not analyse this layer/;

const CODES = new Set<string>(Object.values(Code));

export interface CheckResult {
  /** What went wrong; empty when the input passed. */
  failures: string[];
  /** CPU milliseconds the analysis took (reading and shape engine, without the checks). */
  analysisMs: number;
  analysis?: DocumentAnalysis;
  report?: Analysis;
}

function spanProblem(span: Span | undefined, length: number, what: string): string | undefined {
  if (!span || typeof span.start !== 'number' || typeof span.end !== 'number') return `${what}: missing span`;
  if (!Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0 || span.end < span.start || span.end > length) {
    return `${what}: span [${span.start}, ${span.end}) outside the text (length ${length})`;
  }
  return undefined;
}

/** Every dimension well formed: a positive safe integer, a non-empty symbol, or an unknown that says why and where. */
function dimensionProblem(shape: Shape | null, what: string, length: number): string | undefined {
  if (shape === null) return undefined;
  if (!Array.isArray(shape)) return `${what}: not a shape`;
  for (const dim of shape) {
    if (dim.kind === 'symbolic') {
      if (exprText(dim.expr).length === 0) return `${what}: empty symbol in ${formatShape(shape)}`;
    } else if (dim.kind === 'unknown') {
      if (!dim.reason.because) return `${what}: an unknown dimension without a reason`;
      const problem = spanProblem(dim.reason.span, length, `${what}: the reason of an unknown dimension`);
      if (problem) return problem;
    } else if (dim.kind !== 'known' || !Number.isSafeInteger(dim.value) || dim.value < 1) {
      return `${what}: dimension ${JSON.stringify(dim)} in ${formatShape(shape)}`;
    }
  }
  return undefined;
}

function countProblem(count: number | null, what: string): string | undefined {
  return count === null || (Number.isSafeInteger(count) && count >= 0) ? undefined : `${what}: ${String(count)}`;
}

function inside(span: Span, outer: Span): boolean {
  return span.start >= outer.start && span.end <= outer.end;
}

function checkDiagnostic(diagnostic: Diagnostic, text: string, failures: string[]): void {
  const length = text.length;
  const where = `${diagnostic.code} '${diagnostic.message.slice(0, 80)}'`;
  if (!CODES.has(diagnostic.code)) failures.push(`unknown diagnostic code ${diagnostic.code}`);
  // The engine may lower an error code to a warning (SPEC.md severities otherwise).
  if (diagnostic.severity !== SEVERITY[diagnostic.code] && diagnostic.severity !== 'warning') failures.push(`${where}: severity ${diagnostic.severity}`);
  if (typeof diagnostic.message !== 'string' || diagnostic.message.length === 0) failures.push(`${where}: empty message`);
  if (INTERNAL_ERROR.test(diagnostic.message)) failures.push(`internal error caught by the engine: ${diagnostic.message}`);
  const problems = [
    spanProblem(diagnostic.span, length, where),
    ...(diagnostic.related ?? []).map((related) => spanProblem(related.span, length, `${where} related`)),
    ...(diagnostic.fixes ?? []).flatMap((fix) => fix.edits.map((edit) => spanProblem(edit.span, length, `${where} fix '${fix.title}'`))),
  ];
  failures.push(...problems.filter((problem): problem is string => problem !== undefined));
  for (const fix of diagnostic.fixes ?? []) {
    const edits = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
    if (edits.some((edit, index) => index > 0 && edit.span.start < edits[index - 1].span.end)) failures.push(`${where}: fix '${fix.title}' has overlapping edits`);
    // Words the fix wrote itself, not ones it carried over from the text (`expect: NaN` stays as written).
    const invented = (fix.title + fix.edits.map((edit) => edit.newText).join('')).match(/NaN|Infinity|undefined/g)?.filter((word) => !text.includes(word));
    if (invented?.length) failures.push(`${where}: fix '${fix.title}' writes ${invented[0]}`);
  }
}

function checkLayer(layer: LayerResult, text: string, failures: string[]): void {
  const label = `layer ${layer.index} '${layer.name}' (${layer.type})`;
  for (const [span, what] of [[layer.span, 'span'], [layer.typeSpan, 'typeSpan']] as const) {
    const problem = spanProblem(span, text.length, `${label} ${what}`);
    if (problem) failures.push(problem);
  }
  if (!Number.isInteger(layer.hintOffset) || layer.hintOffset < 0 || layer.hintOffset > text.length) failures.push(`${label}: hint offset ${layer.hintOffset}`);
  const shapes: [Shape | null, string][] = [[layer.input, 'input'], [layer.output, 'output'], ...layer.inputs.map((shape, index): [Shape | null, string] => [shape, `inputs[${index}]`])];
  for (const [shape, what] of shapes) {
    const problem = dimensionProblem(shape, `${label} ${what}`, text.length);
    if (problem) failures.push(problem);
  }
  // Every `?` says why: an output that is unknown, or has an unknown dimension, carries its reason.
  const unexplained = (layer.output === null || layer.output.some((dim) => dim.kind === 'unknown')) && !layer.unknown;
  if (unexplained) failures.push(`${label}: an unknown output without a reason`);
  if (layer.unknown) {
    const problem = spanProblem(layer.unknown.span, text.length, `${label} unknown`);
    if (problem) failures.push(problem);
  }
  for (const problem of [countProblem(layer.params, `${label} params`), countProblem(layer.macs, `${label} macs`)]) if (problem) failures.push(problem);
  for (const axis of layer.axes ?? []) {
    if (/NaN|Infinity|undefined/.test(axis.formula)) failures.push(`${label}: formula ${axis.formula}`);
    const numbers = [...(axis.validOutputPadding ?? []), ...(axis.reachableOutput ?? [])];
    if (numbers.some((value) => !Number.isSafeInteger(value))) failures.push(`${label}: non-integer in the ${axis.axis} explanation`);
  }
  const geometry = layer.transposedConv;
  if (geometry) {
    const values = [...geometry.kernel, ...geometry.stride, ...geometry.padBegin, ...geometry.padEnd, ...geometry.outputPadding, ...geometry.dilation, geometry.groups];
    if (values.some((value) => !Number.isSafeInteger(value) || value < 0)) failures.push(`${label}: transposed-conv geometry ${JSON.stringify(values)}`);
    for (const [key, span] of Object.entries(geometry.paramSpans ?? {})) {
      const problem = spanProblem(span, text.length, `${label} paramSpans.${key}`);
      if (problem) failures.push(problem);
    }
  }
}

/** A layer whose own error says it is invalid must not report a known output. */
function checkInvalidLayers(analysis: DocumentAnalysis, failures: string[]): void {
  const layers = [...allLayers(analysis)].map(({ layer }) => layer);
  for (const diagnostic of analysis.diagnostics) {
    if (
      diagnostic.severity !== 'error' ||
      !INVALIDATING.has(diagnostic.code) ||
      // A malformed `expect` is a problem of the assertion, not of the layer.
      /^(dimension \d+ of )?`expect`/.test(diagnostic.message)
    ) {
      continue;
    }
    // Diagnostics name their layer but not its model: the innermost layer of that name around it
    // (a TF.js call may sit inside another model's layer literal), or one of them where several
    // models have a layer there (a builder called twice: the diagnostic may be any call's).
    const around = layers.filter((layer) => layer.name === diagnostic.layer && inside(diagnostic.span, layer.span));
    const innermost = Math.min(...around.map((layer) => layer.span.end - layer.span.start));
    const owners = around.filter((layer) => layer.span.end - layer.span.start === innermost);
    const owner = owners.find((layer) => layer.output === null) ?? owners[0];
    if (owner && owner.output !== null) {
      failures.push(`layer ${owner.index} '${owner.name}' reports output ${JSON.stringify(owner.output)} despite ${diagnostic.code}: ${diagnostic.message}`);
    }
  }
}

/** The editor's texts, the CLI's report and table, and the preview's payload, on this analysis. */
function checkPresentation(analysis: DocumentAnalysis, text: string, fileName: string, failures: string[]): Analysis | undefined {
  let report: Analysis | undefined;
  try {
    report = toReport(analysis, text);
    const json = JSON.stringify(report);
    if (JSON.stringify(JSON.parse(json)) !== json) failures.push('report does not survive a JSON round trip');
    for (const diagnostic of report.diagnostics) {
      const numbers = [diagnostic.line, diagnostic.column, diagnostic.endLine, diagnostic.endColumn];
      if (numbers.some((value) => !Number.isSafeInteger(value) || value < 1)) failures.push(`report: diagnostic position ${numbers.join(':')}`);
    }
    const table = formatDocumentSummary(analysis, fileName);
    if (/\b(NaN|Infinity)\b/.test(table.replace(/^.*\(.*$/gm, ''))) failures.push('summary table shows NaN/Infinity');
    for (const { model, modelIndex, layer, layerIndex } of allLayers(analysis)) {
      inlayHintLabel(layer, 'output');
      inlayHintLabel(layer, 'inputAndOutput');
      const hover = layerHoverMarkdown(layer, () => 1, 'command:convlens.previewUpsampling');
      const provenance = hoverProvenanceProblem(layer, hover);
      if (provenance) failures.push(`layer ${layerIndex} '${layer.name}': ${provenance}`);
      previewTitle(layer);
      const target = { uri: 'file:///fuzz', modelIndex, layerIndex };
      const preview = toPreviewLayer(model, layer, target, fileName);
      if (!preview || !layer.transposedConv) continue;
      if (!parseContent({ layer: preview, memoryLimitMB: 256 })) failures.push(`layer ${layerIndex}: the page would reject its preview payload ${JSON.stringify(preview).slice(0, 300)}`);
      const plan = planParamEdits(text, model.framework, layer.transposedConv, preview.params, preview.writable);
      if (!plan.ok || plan.edits.length > 0) failures.push(`layer ${layerIndex}: applying unchanged preview values is not a no-op (${JSON.stringify(plan).slice(0, 200)})`);
      const changed = { ...preview.params, stride: preview.params.stride.map((value) => value + 1) };
      const edited = planParamEdits(text, model.framework, layer.transposedConv, changed, preview.writable);
      if (edited.ok) for (const edit of edited.edits) {
        const problem = spanProblem(edit.span, text.length, `layer ${layerIndex} preview edit`);
        if (problem) failures.push(problem);
      }
      const sizes = preview.inputSpatial.map((size) => size ?? 8);
      try {
        const output = outputSizesOf(sizes, preview.params);
        if (!Number.isFinite(previewBytes(sizes, preview.params, output))) failures.push(`layer ${layerIndex}: preview size estimate is not finite`);
      } catch (error) {
        // The page shows the kernel's own errors (ShapeError with a diagnostic code); anything else is a bug.
        if (!(error instanceof Error && CODES.has((error as { code?: string }).code ?? ''))) failures.push(`layer ${layerIndex}: preview geometry threw ${String(error)}`);
      }
    }
  } catch (error) {
    failures.push(`presentation threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  return report;
}

/** The hover of a layer whose output has a `?` must say why, in words (SPEC §1.3: where the unknown came from). */
function hoverProvenanceProblem(layer: LayerResult, hover: string): string | undefined {
  if (!(layer.output === null || layer.output.some((dim) => dim.kind === 'unknown'))) return undefined;
  const explanation = unknownExplanation(layer, () => 1);
  if (!explanation || !hover.includes(escapeMarkdown(explanation))) return 'the hover of a `?` does not say why';
  // Reasons quote the code (`NaN`, `() => {...}`, template strings), so only what no code can put there is a defect:
  // an empty code span (`` between spaces), a stringified object.
  if (!/\w/.test(layer.unknown!.because) || /(^|\s)``(\s|,|$)|\[object /.test(layer.unknown!.because)) return `the hover of a \`?\` explains it as "${layer.unknown!.because.slice(0, 160)}"`;
  return undefined;
}

/** A model's layers as the editor shows them: type and output per layer. */
function shapesOf(analysis: DocumentAnalysis): { type: string; output: string; known: boolean }[][] {
  return analysis.models.map((model) =>
    model.layers.map((layer) => ({ type: layer.type, output: formatShape(layer.output), known: layer.output !== null && layer.output.every((dim) => dim.kind !== 'unknown') })),
  );
}

/** The diagnostic codes of an analysis (warnings and errors), sorted: what the metamorphic twin must share. */
function codesOf(analysis: DocumentAnalysis): string {
  return analysis.diagnostics.map((diagnostic) => diagnostic.code).sort().join(',');
}

/** Messages that say interpretation stopped at a budget (typescriptRead.ts, limits.ts). */
const BUDGET_REPORTED = /stopped interpreting|stopped evaluating|at most|too deeply|limit/i;

/** The metamorphic relation between a generated program and its twin (programs.ts), or the budget a hostile program must report. */
async function checkRelation(check: MetamorphicCheck, analysis: DocumentAnalysis, fileName: string, failures: string[]): Promise<void> {
  const label = `metamorphic (${check.what})`;
  if (check.relation.kind === 'budget-reported') {
    if (!analysis.diagnostics.some((diagnostic) => diagnostic.code === Code.parseError && BUDGET_REPORTED.test(diagnostic.message))) {
      failures.push(`${label}: no diagnostic says where interpretation stopped (${codesOf(analysis) || 'no diagnostics'})`);
    }
    return;
  }
  let twin: DocumentAnalysis;
  try {
    twin = await analyzeDocument(check.twin!, fileName);
  } catch (error) {
    failures.push(`${label}: analysis of the twin threw: ${String(error)}`);
    return;
  }
  const [mine, theirs] = [shapesOf(analysis), shapesOf(twin)];
  if (check.relation.kind === 'same-shapes') {
    const [a, b] = [JSON.stringify(mine.map((layers) => layers.map(({ type, output }) => `${type} ${output}`))), JSON.stringify(theirs.map((layers) => layers.map(({ type, output }) => `${type} ${output}`)))];
    if (a !== b) failures.push(`${label}: shapes ${a} where the plain program gives ${b}`);
    else if (codesOf(analysis) !== codesOf(twin)) failures.push(`${label}: diagnostics [${codesOf(analysis)}] where the plain program gives [${codesOf(twin)}]`);
    return;
  }
  const from = check.relation.from;
  if (mine.length !== 1 || theirs.length !== 1) {
    failures.push(`${label}: ${mine.length} and ${theirs.length} models where one each is built`);
    return;
  }
  const before = (layers: typeof mine[number]) => JSON.stringify(layers.slice(0, from).map(({ type, output }) => `${type} ${output}`));
  if (before(mine[0]) !== before(theirs[0])) failures.push(`${label}: the layers before it changed: ${before(theirs[0])} where the program gives ${before(mine[0])}`);
  const known = theirs[0].findIndex((layer, index) => index >= from && layer.known);
  if (known >= 0) failures.push(`${label}: layer ${known} (${theirs[0][known].type}) shows the concrete shape ${theirs[0][known].output} after it`);
}

/** Analyses one input and checks every invariant (and the relation of a generated program); never throws. */
export async function checkInput(text: string, fileName: string, check?: MetamorphicCheck, options: AnalyzeOptions = {}): Promise<CheckResult> {
  const failures: string[] = [];
  // CPU time, not wall time: on a machine shared with other work the clock would call a busy neighbour a slow analysis.
  // (The worker is the only busy thread of its process; the hang watchdog in main.ts keeps a wall clock.)
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const started = cpuMs();
  let analysis: DocumentAnalysis;
  try {
    analysis = await analyzeDocument(text, fileName, options);
  } catch (error) {
    return { failures: [`analysis threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`], analysisMs: cpuMs() - started };
  }
  const analysisMs = cpuMs() - started;
  if (analysisMs > ANALYSIS_BUDGET_MS) failures.push(`analysis took ${Math.round(analysisMs)} ms of CPU (budget ${ANALYSIS_BUDGET_MS} ms)`);
  if ((globalThis as Record<string, unknown>)[EXECUTION_CANARY] !== undefined) failures.push('workspace code was executed (canary set)');
  for (const diagnostic of analysis.diagnostics) checkDiagnostic(diagnostic, text, failures);
  for (const model of analysis.models) {
    const problem = spanProblem(model.span, text.length, `model '${model.name}'`);
    if (problem) failures.push(problem);
    for (const layer of model.layers) checkLayer(layer, text, failures);
  }
  checkInvalidLayers(analysis, failures);
  try {
    // What the extension host posts and caches must be plain data (no functions, classes or cycles of the interpreter).
    structuredClone(analysis);
  } catch (error) {
    failures.push(`the analysis does not structuredClone: ${String(error)}`);
  }
  const report = checkPresentation(analysis, text, fileName, failures);
  if (check) await checkRelation(check, analysis, fileName, failures);
  return { failures: [...new Set(failures)], analysisMs, analysis, report };
}
