/**
 * The fuzz loop shared by `npm run fuzz` (test/fuzz/main.ts) and the short fixed-seed run in the
 * unit tests: every input is a pure function of (seed, index), so a failure is reproduced from
 * its index alone.
 */
import { loadTypeScriptChunk } from '../../src/core/formats/typescript/typescriptParser';
import { loadCorpus, loadInterpreterCorpus, type Seed } from './corpus';
import { interpreterInput, mutate, truncationPoints, type FuzzInput } from './mutators';
import { checkInput, type CheckResult } from './oracle';
import { Random } from './random';

export interface FuzzOptions {
  seed: number;
  /** Random mutations after the systematic truncations. */
  count: number;
  /** Wall-clock bound for the whole run. */
  seconds: number;
  /** Truncations per seed file: every position up to this many, else evenly spaced. */
  truncationsPerFile: number;
  /** The share of mutations that build large inputs (10^6-element lists, 1 MB lines...). */
  heavyShare: number;
  /** The share of mutations that are generated TF.js programs for the interpreter (default 0). */
  programShare?: number;
  /**
   * Interpreter inputs only (`--interpreter`): generated programs with their metamorphic checks
   * and token edits of the TypeScript/JavaScript corpus, no truncations.
   */
  interpreter?: boolean;
}

export interface FuzzPlan {
  corpus: Seed[];
  truncations: { seed: number; end: number }[];
}

export interface FailureRecord {
  index: number;
  kind: string;
  fileName: string;
  length: number;
  failures: string[];
}

export interface Slowest {
  ms: number;
  index: number;
  kind: string;
  fileName: string;
  length: number;
}

export interface FuzzSummary {
  inputs: number;
  truncations: number;
  mutations: number;
  failures: FailureRecord[];
  slowest: Slowest | undefined;
  totalAnalysisMs: number;
  /** Inputs per mutation kind (the first mutation of a multi). */
  byKind: Record<string, number>;
}

export function makePlan(root: string, options: FuzzOptions): FuzzPlan {
  if (options.interpreter) return { corpus: loadInterpreterCorpus(root), truncations: [] };
  const corpus = loadCorpus(root);
  const truncations = corpus.flatMap((seed, index) => truncationPoints(seed.text, options.truncationsPerFile).map((end) => ({ seed: index, end })));
  return { corpus, truncations };
}

/** Input `index` of the run: a systematic truncation, then random mutations. */
export function inputAt(plan: FuzzPlan, options: FuzzOptions, index: number): FuzzInput {
  if (index < plan.truncations.length) {
    const { seed, end } = plan.truncations[index];
    const source = plan.corpus[seed];
    return { kind: 'truncate-all', fileName: source.path, text: source.text.slice(0, end) };
  }
  const random = Random.forInput(options.seed, index);
  if (options.interpreter) return interpreterInput(plan.corpus, random);
  return mutate(random.pick(plan.corpus), plan.corpus, random, { heavyShare: options.heavyShare, programShare: options.programShare });
}

export function totalInputs(plan: FuzzPlan, options: FuzzOptions): number {
  return plan.truncations.length + options.count;
}

export function emptySummary(): FuzzSummary {
  return { inputs: 0, truncations: 0, mutations: 0, failures: [], slowest: undefined, totalAnalysisMs: 0, byKind: {} };
}

/** What a summary keeps of an input. */
export interface InputLabel {
  kind: string;
  fileName: string;
  length: number;
}

export function labelOf(input: FuzzInput): InputLabel {
  return { kind: input.kind, fileName: input.fileName, length: input.text.length };
}

/** Adds one checked input to a summary. */
export function record(summary: FuzzSummary, index: number, input: InputLabel, analysisMs: number, failures: string[]): void {
  summary.inputs++;
  if (input.kind === 'truncate-all') summary.truncations++;
  else summary.mutations++;
  summary.totalAnalysisMs += analysisMs;
  const kind = input.kind.replace(/^multi\(([^+)]*).*$/, '$1');
  summary.byKind[kind] = (summary.byKind[kind] ?? 0) + 1;
  if (!summary.slowest || analysisMs > summary.slowest.ms) {
    summary.slowest = { ms: analysisMs, index, ...input };
  }
  if (failures.length > 0) summary.failures.push({ index, ...input, failures });
}

export interface RunHooks {
  /** Before each input is generated and analysed (the watchdog of main.ts starts its clock). */
  begin?(index: number): void;
  /** After each input's checks; may run more checks (the CLI) and add to `result.failures`. */
  end?(index: number, input: FuzzInput, result: CheckResult): void | Promise<void>;
}

/** Runs inputs `[from, total)` until done or out of time; returns what was tried. */
export async function runFuzz(plan: FuzzPlan, options: FuzzOptions, from = 0, hooks: RunHooks = {}, deadline = Date.now() + options.seconds * 1000): Promise<FuzzSummary> {
  const summary = emptySummary();
  const total = totalInputs(plan, options);
  // Loaded once before timing starts, as in a host that has read one TypeScript model already.
  await loadTypeScriptChunk();
  for (let index = from; index < total && Date.now() < deadline; index++) {
    // Generating a large input takes time too: the watchdog's clock starts before it.
    hooks.begin?.(index);
    const input = inputAt(plan, options, index);
    const result = await checkInput(input.text, input.fileName, input.check);
    await hooks.end?.(index, input, result);
    record(summary, index, labelOf(input), result.analysisMs, result.failures);
  }
  return summary;
}
