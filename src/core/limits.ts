/**
 * Size limits that keep one analysis within its budget (about a second on hostile input) in the
 * shared extension host. They are counts, not clocks, so that the same file gets the same result
 * in the editor and in CI. Hitting one is never silent: a `parse-error` diagnostic (SPEC.md has no
 * other code for "not read", and a file that was not fully read must not pass a CI check) says
 * what was not analysed.
 */
import { Code, SEVERITY, type Diagnostic } from './diagnostics';
import type { SourceModel, Span } from './ir';

/** Longer texts are not analysed at all (hand-written models are a few kilobytes). */
export const MAX_TEXT_LENGTH = 4 * 1024 * 1024;
/**
 * Files with more lines, commas and brackets (a bound on the values in them) than a reader's item
 * budget are not parsed: the `yaml` parser spends about 10 µs per node, TypeScript's about 1 µs,
 * so a 10^6-element YAML list alone would take seconds. JSON is read by our own parser, fast
 * enough for any text below {@link MAX_TEXT_LENGTH}, so its budget is `Infinity`.
 */
export const MAX_YAML_ITEMS = 60_000;
/** The item budget of TypeScript and JavaScript files (see {@link MAX_YAML_ITEMS}). */
export const MAX_TYPESCRIPT_ITEMS = 1_000_000;

/** What a reader can afford to parse: each model format states its own (`formats/modelFormats.ts`). */
export interface TextBudget {
  /** The files' kind in messages: `YAML`, `TypeScript and JavaScript`. */
  readonly description: string;
  /** At most this many items (lines, commas and brackets); `Infinity` where the parser is fast enough for any text. */
  readonly itemBudget: number;
  /** How deeply a text nests, for readers whose parser recurses; absent where the reader bounds nesting itself. */
  readonly nestingDepth?: (text: string) => number;
}
/** More problems than this in one file are not reported one by one (the editor would drown in them). */
export const MAX_DIAGNOSTICS = 1000;
/** Layers after this many in one file (over all its models) are not analysed. */
export const MAX_LAYERS = 10_000;
/**
 * Deeper YAML or TypeScript nesting is not parsed: the parsers recurse, and where a deeper file
 * would exhaust the stack depends on the host, so the same file could read differently in the
 * editor and the CLI. (The JSON reader has its own fixed limit.) No model comes near it.
 */
export const MAX_NESTING = 256;

/**
 * The TypeScript reader's interpreter (SPEC.md §1.3) works within these counts, never a clock:
 * evaluation steps (expressions and statements) per file, iterations of one loop, nested calls,
 * items of one array or characters of one string it builds, and workspace files one analysis
 * imports. Real model code needs a small fraction of each; hostile code (an infinite loop, deep
 * recursion, an array of a billion items) stops at one, and the shapes that depend on the rest
 * are unknown with the budget named.
 */
export const INTERPRETER_BUDGETS = {
  steps: 1_000_000,
  /** Steps of each call made after the run (a custom layer's `computeOutputShape`, once per application). */
  stepsAfterRun: 20_000,
  loopIterations: 10_000,
  callDepth: 48,
  arrayLength: 100_000,
  /** Workspace files one analysis reads for its imports, and how deep imports of imports may nest. */
  importedFiles: 64,
  importDepth: 16,
  /**
   * Models one model-making call (`tf.sequential(...)`, `tf.model(...)`) may give the file: one per
   * call of a builder, and per turn of a loop that calls it (an ensemble of a few sizes, a sweep).
   * The editor shows each on the builder's lines, so more would not be read anyway; the others are
   * counted, and the hints say "the first 16 of 10,000".
   */
  modelsPerCall: 16,
  /** Layers the models of one file may get from its code (a literal model may list up to {@link MAX_LAYERS}). */
  layers: 3_000,
  /** Values one file's layers and inputs may hold (nested lists share items, so a few lines can hold 2^40). */
  readValues: 200_000,
} as const;

const count = (value: number) => value.toLocaleString('en-US');

function limitDiagnostic(message: string, span: Span): Diagnostic {
  return { code: Code.parseError, severity: SEVERITY[Code.parseError], message, span };
}

/** The first line, where a file-level limit is reported. */
function firstLine(text: string): Span {
  const end = text.search(/\r|\n/);
  return { start: 0, end: end < 0 ? Math.min(text.length, 200) : end };
}

/** Lines, commas and brackets: a cheap bound on the number of values and tokens a parser handles. */
function itemCount(text: string): number {
  let items = 1;
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case 10: // \n
      case 44: // ,
      case 91: // [
      case 93: // ]
      case 123: // {
      case 125: // }
        items++;
    }
  }
  return items;
}

/** A table over character codes below 128: 1 for those that are none of `specials`. */
function plainCharacters(specials: string): Uint8Array {
  const plain = new Uint8Array(128).fill(1);
  for (const special of specials) plain[special.charCodeAt(0)] = 0;
  return plain;
}

const YAML_PLAIN = plainCharacters('\n"\'#[]{}');
const TYPESCRIPT_PLAIN = plainCharacters('"\'`/()[]{}');

/** Where the line holding `offset` ends: its line break, or the text's end. */
function lineEndAfter(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && text.charCodeAt(end) !== 10) end++;
  return end;
}

/** The offset of the quote that closes the one at `offset`, if it is on the same line; else `offset`. */
function closingQuote(text: string, offset: number): number {
  const quote = text.charCodeAt(offset);
  for (let end = offset + 1; end < text.length; end++) {
    const char = text.charCodeAt(end);
    if (char === quote) return end;
    if (char === 10) break;
  }
  return offset;
}

/** The offset of the next `code` after `offset`, or -1. */
function nextOf(text: string, offset: number, code: number): number {
  for (let at = offset + 1; at < text.length; at++) if (text.charCodeAt(at) === code) return at;
  return -1;
}

/**
 * {@link TextBudget.nestingDepth} of YAML: an upper bound on how deeply the text nests, from
 * brackets outside comments and quotes plus the indentation and `- ` indicators that open block
 * collections. This runs over every character of every analysed text, so each format has its own
 * loop over character codes (this one and {@link typeScriptNestingDepth}), with a table lookup
 * that lets the common plain characters through at once.
 *
 * Quotes and comments are skipped by loops over character codes too, never `indexOf`: V8 (Node 20)
 * can move a call of a pure builtin such as `indexOf` out of its rarely taken branch in a loop
 * compiled on the fly (OSR), and run it on every character. One 4 MB line took 35 s that way.
 */
export function yamlNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let atLineStart = true;
  let indentation = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char < 128 && YAML_PLAIN[char] === 1 && !atLineStart) continue;
    if (char === 10 /* \n */) {
      atLineStart = true;
      indentation = 0;
      continue;
    }
    if (atLineStart) {
      if (char === 32 /* space */ || char === 45 /* - */ || char === 9 /* tab */) {
        indentation++;
        continue;
      }
      atLineStart = false;
      deepest = Math.max(deepest, indentation + depth);
    }
    switch (char) {
      case 34: // "
      case 39: // '
        i = closingQuote(text, i);
        break;
      case 35: // # — a comment, to the line's end.
        i = lineEndAfter(text, i) - 1;
        break;
      case 91: // [
      case 123: // {
        deepest = Math.max(deepest, ++depth);
        break;
      case 93: // ]
      case 125: // }
        if (depth > 0) depth--;
        break;
    }
  }
  return deepest;
}

/** {@link TextBudget.nestingDepth} of TypeScript and JavaScript: brackets and parentheses outside comments, quotes and templates (see {@link yamlNestingDepth}). */
export function typeScriptNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char >= 128 || TYPESCRIPT_PLAIN[char] === 1) continue;
    switch (char) {
      case 34: // "
      case 39: // '
        i = closingQuote(text, i);
        break;
      case 96: {
        // ` — a template, to its end on any line.
        const end = nextOf(text, i, 96);
        if (end > 0) i = end;
        break;
      }
      case 47: {
        // / — a comment, to the line's end or to its `*/`.
        const next = text.charCodeAt(i + 1);
        if (next === 47) i = lineEndAfter(text, i) - 1;
        else if (next === 42) {
          // The `/` of the first `*/` after the opening `/*`.
          let end = nextOf(text, i + 2, 47);
          while (end > 0 && text.charCodeAt(end - 1) !== 42) end = nextOf(text, end, 47);
          i = end < 0 ? text.length : end;
        }
        break;
      }
      case 40: // (
      case 91: // [
      case 123: // {
        if (++depth > deepest) deepest = depth;
        break;
      default: // ) ] }
        if (depth > 0) depth--;
    }
  }
  return deepest;
}

/** Why a text is too large for its reader to read at all, or undefined when it may be read. */
export function textLimitDiagnostic(text: string, budget: TextBudget): Diagnostic | undefined {
  if (text.length > MAX_TEXT_LENGTH) {
    return limitDiagnostic(
      `This file has ${count(text.length)} characters; ConvLens analyses files of up to ${count(MAX_TEXT_LENGTH)}, so nothing in it was analysed.`,
      firstLine(text),
    );
  }
  const depth = budget.nestingDepth?.(text) ?? 0;
  if (depth > MAX_NESTING) {
    return limitDiagnostic(
      `This file nests about ${count(depth)} levels deep; ConvLens reads files nested up to ${count(MAX_NESTING)} levels, so nothing in it was analysed.`,
      firstLine(text),
    );
  }
  const items = budget.itemBudget <= text.length ? itemCount(text) : 0;
  if (items > budget.itemBudget) {
    return limitDiagnostic(
      `This file has about ${count(items)} items (lines, commas and brackets); ConvLens reads ${budget.description} files of up to ${count(budget.itemBudget)}, so nothing in it was analysed.`,
      firstLine(text),
    );
  }
  return undefined;
}

/**
 * The model cut to the `budget` layers the file has left (of {@link MAX_LAYERS}), with the
 * diagnostic that says so at the first layer left out.
 */
export function limitLayers(model: SourceModel, budget: number): { model: SourceModel; diagnostic?: Diagnostic } {
  if (model.layers.length <= budget) return { model };
  const skipped = model.layers.length - budget;
  return {
    model: { ...model, layers: model.layers.slice(0, budget) },
    diagnostic: limitDiagnostic(
      `ConvLens analyses ${count(MAX_LAYERS)} layers per file: the last ${count(skipped)} of this model's ${count(model.layers.length)}, ` +
        `from this one on, have no shapes and are not checked.`,
      model.layers[budget].typeSpan,
    ),
  };
}

/** The diagnostic for models left out whole because the file's layers were used up. */
export function skippedModels(models: readonly SourceModel[]): Diagnostic {
  return limitDiagnostic(
    `ConvLens analyses ${count(MAX_LAYERS)} layers per file: this model${models.length > 1 ? ` and the ${count(models.length - 1)} after it are` : ' is'} not analysed.`,
    models[0].span,
  );
}

/** The first {@link MAX_DIAGNOSTICS} problems, and a diagnostic saying how many more there are. */
export function limitDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  const omitted = diagnostics.length - MAX_DIAGNOSTICS;
  return [
    ...diagnostics.slice(0, MAX_DIAGNOSTICS),
    limitDiagnostic(
      `${count(omitted)} more problems in this file are not shown; ConvLens reports at most ${count(MAX_DIAGNOSTICS)} per file.`,
      diagnostics[MAX_DIAGNOSTICS].span,
    ),
  ];
}
