/**
 * Assumptions and conditions on symbols: a model's `assume:` (SPEC §1.1) read into its algebra,
 * and checks that hold only for some values of the symbols (SPEC §1.6 `conditional-shape`): the
 * warning states the condition in the author's terms and a value where it fails, and its quick
 * fix states the condition as an assumption (`assume: {H: {multipleOf: 16}}`).
 */
import { Code, type Fix, type RelatedInformation } from '../diagnostics';
import { DIMENSION_NAME } from '../defines';
import { plainSpan, type SourceEntry, type SourceModel, type Span, type TextEdit } from '../ir';
import { type Comparison, type SymbolAssumption, SymbolicAlgebra, assumptionProblem, describeWitness } from '../symbolic';
import { lcm } from '../symbolic/expression';
import { formatNestedMapping, insertParamEdit } from '../writers';
import type { Problem } from './problems';

/** A comparison that holds for some values and fails for others. */
export type Sometimes = Extract<Comparison, { kind: 'sometimes' }>;

/** `only when H is a multiple of 16 (H = 100: 96 vs 100)`, for several axes joined by "and". */
function conditionText(comparisons: readonly Sometimes[]): string {
  const conditions = comparisons.map((comparison) => comparison.condition?.text);
  const when = conditions.every((text) => text !== undefined) ? `only when ${[...new Set(conditions)].join(' and ')}` : 'only for some values of the sizes';
  return `${when} (${describeWitness(comparisons[0].failing)})`;
}

/**
 * An assumption under which a condition holds: the condition itself where it is one (`H is a
 * multiple of 16`, `H ≥ 7`), else a multiple of each modulus whose residues include 0 (`H mod 16
 * is 0 to 7` holds for every multiple of 16). Undefined when there is none of either kind.
 */
function sufficientAssumption(condition: Sometimes['condition']): Readonly<Record<string, SymbolAssumption>> | undefined {
  if (!condition) return undefined;
  if (condition.assume) return condition.assume;
  const result: Record<string, SymbolAssumption> = {};
  for (const clause of condition.clauses) {
    const earlier = result[clause.symbol] ?? {};
    if (clause.kind === 'atLeast') result[clause.symbol] = { ...earlier, min: Math.max(earlier.min ?? 1, clause.value) };
    else if (clause.residues.includes(0)) result[clause.symbol] = { ...earlier, multipleOf: lcm(earlier.multipleOf ?? 1, clause.modulus) };
    else return undefined;
  }
  return result;
}

/** The assumptions that make every comparison hold, when each condition has one. */
function neededAssumptions(comparisons: readonly Sometimes[]): Record<string, SymbolAssumption> | undefined {
  const needed: Record<string, SymbolAssumption> = {};
  for (const comparison of comparisons) {
    const assume = sufficientAssumption(comparison.condition);
    if (!assume) return undefined;
    for (const [name, assumption] of Object.entries(assume)) {
      const earlier = needed[name];
      // Two axes asking different multiples of one symbol: the condition is their common multiple.
      needed[name] = earlier
        ? { multipleOf: lcm(earlier.multipleOf ?? 1, assumption.multipleOf ?? 1), min: Math.max(earlier.min ?? 1, assumption.min ?? 1) }
        : assumption;
    }
  }
  return needed;
}

/**
 * The quick fix that adds `added` to the model's `assume:` (merged with what it already states):
 * replaces the written value, or adds `assume:` to the model.
 */
function assumeFix(model: SourceModel, algebra: SymbolicAlgebra, added: Readonly<Record<string, SymbolAssumption>>): Fix | undefined {
  const merged: Record<string, Record<string, number>> = {};
  const names = new Set([...Object.keys(algebra.assumptions), ...Object.keys(added)]);
  for (const name of names) {
    const assumption: SymbolAssumption = { ...algebra.assumptions[name], ...added[name] };
    const written: Record<string, number> = {};
    if (assumption.multipleOf !== undefined && assumption.multipleOf > 1) written.multipleOf = assumption.multipleOf;
    if (assumption.min !== undefined && assumption.min > 1) written.min = assumption.min;
    merged[name] = written;
  }
  const text = formatNestedMapping(model.syntax, merged);
  let edit: TextEdit;
  if (model.assume) edit = { span: plainSpan(model.assume.value.span), newText: text };
  else if (model.insertion) edit = insertParamEdit(model.insertion, 'assume', text);
  else return undefined;
  const title = `Assume ${Object.entries(added)
    .map(([name, assumption]) => describeAssumption(name, assumption))
    .join(' and ')}`;
  return { title, edits: [edit], preferred: true };
}

/** `H is a multiple of 16`, `H ≥ 7`. */
function describeAssumption(name: string, { multipleOf, min }: SymbolAssumption): string {
  const parts = [...(multipleOf !== undefined && multipleOf > 1 ? [`${name} is a multiple of ${multipleOf}`] : []), ...(min !== undefined && min > 1 ? [`${name} ≥ ${min}`] : [])];
  return parts.join(' and ') || name;
}

/**
 * The `conditional-shape` warning: `subject` (`Add 'skip' lines up`) holds only under the
 * comparisons' conditions. Its fixes: `fixes` where the caller has a better one (an
 * output_padding that fits every value), else the assumption.
 */
export function conditionalShapeProblem(args: {
  subject: string;
  comparisons: readonly Sometimes[];
  span: Span;
  model: SourceModel;
  algebra: SymbolicAlgebra;
  related?: RelatedInformation[];
  fixes?: Fix[];
  note?: string;
}): Problem {
  const needed = neededAssumptions(args.comparisons);
  const fix = args.fixes ?? (needed ? [assumeFix(args.model, args.algebra, needed)].filter((item): item is Fix => item !== undefined) : []);
  return {
    code: Code.conditionalShape,
    message: `${args.subject} ${conditionText(args.comparisons)}.${args.note ?? ''}`,
    span: args.span,
    ...(args.related && { related: args.related }),
    ...(fix.length > 0 && { fixes: fix }),
  };
}

/**
 * The algebra of a model from its `assume:` (SPEC §1.1): `{H: {multipleOf: 32, min: 64}}`, with
 * what the code implies (`implied`, a reader's) beside it. What is malformed is reported at its
 * key and left out; the rest still holds.
 */
export function readAssumptions(entry: SourceEntry | undefined, implied: Readonly<Record<string, SymbolAssumption>> = {}): { algebra: SymbolicAlgebra; problems: Problem[] } {
  const problems: Problem[] = [];
  const assumptions: Record<string, SymbolAssumption> = {};
  const value = entry?.value;
  if (entry && value && value.kind !== 'unknown') {
    if (value.kind !== 'map') {
      problems.push({ code: Code.invalidParameter, message: '`assume` maps symbols to what they are, e.g. `assume: {H: {multipleOf: 32}}`.', span: value.span });
    } else {
      for (const symbol of value.entries) {
        const assumption = readAssumption(symbol, problems);
        if (assumption) assumptions[symbol.key] = assumption;
      }
    }
  }
  // What the code implies holds beside what the author wrote: both, as common multiples.
  for (const [name, assumption] of Object.entries(implied)) {
    const written = assumptions[name] ?? {};
    assumptions[name] = { ...written, multipleOf: lcm(written.multipleOf ?? 1, assumption.multipleOf ?? 1) };
  }
  return { algebra: new SymbolicAlgebra(assumptions), problems };
}

const ASSUMPTION_KEYS: ReadonlySet<string> = new Set(['multipleOf', 'min']);

function readAssumption({ key, keySpan, value }: SourceEntry, problems: Problem[]): SymbolAssumption | undefined {
  const report = (message: string, span: Span) => {
    problems.push({ code: Code.invalidParameter, message, span });
    return undefined;
  };
  if (!DIMENSION_NAME.test(key)) return report(`'${key}' is not a symbol name (letters, digits and _, not starting with a digit).`, keySpan);
  if (value.kind === 'unknown') return undefined;
  if (value.kind !== 'map') return report(`\`assume\` of ${key} must be a mapping such as {multipleOf: 32, min: 64}.`, value.span);
  const assumption: { multipleOf?: number; min?: number } = {};
  for (const part of value.entries) {
    if (!ASSUMPTION_KEYS.has(part.key)) return report(`\`assume\` knows multipleOf and min, not '${part.key}'.`, part.keySpan);
    if (part.value.kind === 'unknown') return undefined;
    if (part.value.kind !== 'number') return report(`${part.key} of ${key} must be an integer.`, part.value.span);
    assumption[part.key as 'multipleOf' | 'min'] = part.value.value;
  }
  const problem = assumptionProblem(key, assumption);
  return problem ? report(`\`assume\`: ${problem}.`, keySpan) : assumption;
}
