/**
 * The model IR shared by every reader (YAML, Keras JSON, TypeScript) and the shape engine.
 *
 * Readers turn text into {@link SourceModel}s without interpreting layer semantics; the shape
 * engine (`analyzeModel`) turns a SourceModel into a {@link ModelResult} plus diagnostics.
 * Positions are always character offsets into the analysed text; adapters convert them.
 */

/** A half-open range of character offsets `[start, end)` into the document text. */
export interface Span {
  start: number;
  end: number;
}

/**
 * A span as a plain object, for results: a reader's span may be a located value that doubles as
 * its own span (the TypeScript reader's), whose other fields and accessors are no result's business.
 */
export function plainSpan(span: Span): Span {
  return { start: span.start, end: span.end };
}

export type { Dim, Shape } from './dims';
import type { UnknownReason } from './dims';

export type Framework = 'pytorch' | 'keras' | 'onnx' | 'tensorflow' | 'tfjs';
export const FRAMEWORKS: readonly Framework[] = ['pytorch', 'keras', 'onnx', 'tensorflow', 'tfjs'];

/** A value as written in the source, with where it was written. */
export type SourceValue =
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'boolean'; value: boolean; span: Span }
  | { kind: 'null'; span: Span }
  | { kind: 'list'; items: SourceValue[]; span: Span }
  | { kind: 'map'; entries: SourceEntry[]; span: Span }
  /**
   * An expression the reader could not fold to a literal (TS); dependent shapes become unknown.
   * `because` (a clause: `it comes from parameter \`size\` of \`build\`, …`) says where the
   * unknown came from, where the reader knows.
   */
  | {
      kind: 'unknown';
      text: string;
      span: Span;
      because?: string;
      /**
       * The symbolic size (SPEC §1.6 syntax: `hidden`, `(imgSize)/4`) the value is, where the
       * reader knows it as one (TS: a size parameter nobody passes). Only a size parameter reads it
       * (`LayerParams.size`); to everything else the value stays unknown.
       */
      size?: string;
    };

export interface SourceEntry {
  key: string;
  keySpan: Span;
  value: SourceValue;
}

/** A text replacement in the analysed document. */
export interface TextEdit {
  span: Span;
  newText: string;
}

export interface SourceLayer {
  /** The layer type exactly as written (`ConvTranspose2d`, `Conv2DTranspose`, `conv2dTranspose`...). */
  type: string;
  typeSpan: Span;
  /**
   * Where the type's name itself is written (no quotes, no `tf.layers.`), when the source writes
   * it literally; the "did you mean" quick fix replaces it. Absent: the type cannot be renamed there.
   */
  typeNameSpan?: Span;
  /** The explicit name, if the source gives one. */
  name?: string;
  nameSpan?: Span;
  /** Every other parameter, keyed as spelled in the source (framework vocabulary). */
  params: SourceEntry[];
  /**
   * Arguments given by position (`nn.ConvTranspose2d(64, 32, 4, 2, 1)`, an Ultralytics row's
   * `[64, 3, 2]`), in order. The engine names them through the vocabulary's call signature of
   * {@link type}; `params` holds the keyword arguments. Absent where the source has none.
   */
  args?: SourceValue[];
  /** Connectivity (`from:` in YAML, inbound nodes in Keras JSON, `apply(x)` in TF.js). */
  from?: SourceValue;
  /** An asserted output shape (`expect:`). */
  expect?: SourceValue;
  /** The whole layer definition. */
  span: Span;
  /**
   * The reader could not see all of this layer's parameters (TS: a spread of an object it cannot
   * fold), so its output must be unknown rather than computed from defaults.
   */
  indeterminate?: boolean;
  /**
   * Code before this layer that the reader cannot follow and that may change the model (a call
   * that receives the model, such as a helper function adding layers): this layer's input, and so
   * every shape after it, is unknown, for the reason given (shown in the hover, not as a warning).
   */
  unknownInput?: UnknownReason;
  /**
   * Set on a row that is no layer: what a model outputs where code the reader could not decide
   * picks it among tensors whose layers show their own shapes (TS: `if (pooled) x = gap` before
   * `tf.model({inputs, outputs: x})`). Its output is unknown for the reason {@link unknownInput}
   * gives; it has no parameters, and no vocabulary is asked for its type (the code written there).
   */
  undecidedOutput?: true;
  /**
   * Where the layer is written when that is another file (`` `blocks.js` line 5 ``: a TypeScript
   * helper this file imports and calls). Its spans are then the call in this file that built it,
   * and no quick fix edits it from here.
   */
  builtElsewhere?: string;
  /**
   * Whether the layer's weights train, where its reader knows more than its configuration's
   * `trainable` (which the vocabulary reads): a saved model's `"trainable": false`, or the last
   * `trainable` the code wrote to the layer or its model, which wins over the configuration. `by`
   * says how, for the hover; `unknown` why that is not known. A frozen layer's trainable
   * parameters are 0.
   */
  trainable?: { frozen: boolean; by: string } | { unknown: string };
  /** Inlay hints are placed at `hintOffset` (end of the `- type:` line, or after the layer call). */
  hintOffset: number;
  /** Where a parameter this layer does not state yet is written (`writers/` builds the edit). */
  insertion: ParamInsertion;
  /**
   * Where several layers can take this layer's place (the "resize + stride-1 conv" quick fix);
   * absent where a reader cannot replace it (`writers/` builds the edit).
   */
  replacement?: LayerReplacement;
  /**
   * A layer of a type no vocabulary has whose output its reader can still compute from its
   * inputs (a TF.js custom layer's `computeOutputShape`, run by the interpreter).
   */
  outputRule?: ReaderOutputRule;
}

/**
 * Computes a layer's output from its inputs' shapes (in the model's algebra), with its trainable
 * parameter count (null: not known, `paramsUnknown` says why), or says why it cannot; the engine
 * calls it once every input is known.
 */
export type ReaderOutputRule = (
  inputs: readonly import('./dims').Shape[],
  algebra: import('./symbolic').SymbolicAlgebra,
) => { output: import('./dims').Shape; params: number | null; paramsUnknown?: string } | { because: string };

/** The syntax a model is written in, which decides how values and edits are written (`writers/`). */
export type Syntax = 'yaml' | 'typescript' | 'json';

/**
 * Where a new `key: value` entry goes in a layer's configuration, as data: the writer of its
 * syntax formats the key and builds the {@link TextEdit} (`writers/index.ts`, `insertParamEdit`).
 */
export type ParamInsertion = YamlInsertion | TypeScriptInsertion | JsonInsertion;

export interface YamlInsertion {
  syntax: 'yaml';
  /** After the mapping's last value: the end of its line (block mapping), or right after it (flow mapping). */
  at: number;
  /**
   * Written before the new `key: value`: a line break and the mapping's indentation (block
   * mapping), `, ` (flow mapping), or nothing (an empty flow mapping).
   */
  separator: string;
}

export interface TypeScriptInsertion {
  syntax: 'typescript';
  /**
   * `firstEntry`: `key: value` into an empty object literal; `nextEntry`: `, key: value` after its
   * last property; `newObject`: `{key: value}` between a call's empty parentheses; `spread`:
   * `{...expression, key: value}` in place of the expression at `span`.
   */
  style: 'firstEntry' | 'nextEntry' | 'newObject' | 'spread';
  /** The text replaced, `[start, end)`: empty at the insertion point, or the wrapped expression. */
  start: number;
  end: number;
  /** The wrapped expression's text (`spread` style). */
  expression?: string;
}

export interface JsonInsertion {
  syntax: 'json';
  /** After the object's last value, or just inside its `{` when it is empty. */
  at: number;
  /** Written before the new property: `, `, `,` + line break + indentation, or nothing in an empty object. */
  separator: string;
  /** Keys the object writes as `null` (Keras's "not given"): setting one replaces its `null`. */
  nulls: [key: string, valueSpan: Span][];
}

/** Where a layer is replaced by several, as data (`writers/index.ts`, `replaceLayerEdit`). */
export type LayerReplacement = YamlReplacement | TypeScriptReplacement;

export interface YamlReplacement {
  syntax: 'yaml';
  /** The text replaced: from the item's `-` (block sequence) or the item itself (flow sequence). */
  span: Span;
  /** `flowSequence`: `{...}, {...}`; `blockSequence`: `- ...` items on lines of their own. */
  style: 'flowSequence' | 'blockSequence';
  /** In a block sequence: whether each item is a block mapping (else a flow mapping `- {...}`). */
  blockMaps: boolean;
  /** The indentation of the item's `-`, and of the keys of a block mapping item. */
  itemIndent: string;
  keyIndent: string;
  lineBreak: string;
  carried: CarriedEntries;
}

export interface TypeScriptReplacement {
  syntax: 'typescript';
  span: Span;
  /** How each layer is written: a ConvLens object literal, or a TF.js factory call. */
  style: 'literal' | 'factory';
  /** Ends each written layer but the last: `,` in an array, `;` after an `add` statement. */
  separator: ',' | ';';
  /**
   * When the layer starts its line: the line break and the indentation that put each new layer
   * on a line of its own (absent: the new layers share the line).
   */
  lineBreak?: string;
  indentation?: string;
  /** The factory's namespace as written (`tf.layers`), for `factory` style. */
  factory: string;
  /** `model` of `model.add(...)` as written, when each layer is an `add` statement of its own. */
  receiver?: string;
  carried: CarriedEntries;
}

/**
 * Entries of a replaced layer its replacement keeps, already written in the source's syntax:
 * `first` go to the first new layer (`from`, `inputShape`), `last` to the last (`name`, `expect`).
 */
export interface CarriedEntries {
  first: [key: string, valueText: string][];
  last: [key: string, valueText: string][];
}

/** A value a quick fix writes. */
export type WrittenValue = number | number[] | string;

/** A layer to write into the source by a quick fix, in the model framework's vocabulary. */
export interface ReplacementLayer {
  type: string;
  params: [key: string, value: WrittenValue][];
}

export interface SourceInput {
  name: string;
  shape: SourceValue;
  span: Span;
}

export interface SourceModel {
  name?: string;
  framework: Framework;
  frameworkSpan?: Span;
  inputs: SourceInput[];
  layers: SourceLayer[];
  span: Span;
  /** The syntax the model is written in: quick fixes write values in it (`writers/`). */
  syntax: Syntax;
  /** `assume:` as written (SPEC §1.1): what the author guarantees about the symbols. */
  assume?: SourceEntry;
  /**
   * What the code implies about the symbols beside `assume:` (a TypeScript program that puts
   * `imgSize / 16` in a shape is meant for `imgSize` a multiple of 16).
   */
  implied?: Readonly<Record<string, import('./symbolic').SymbolAssumption>>;
  /** Where a new top-level entry of the model goes (the quick fix that adds `assume:`). */
  insertion?: ParamInsertion;
  /** Set where the code that made this model made others at the same places: see {@link MadeBy}. */
  madeBy?: MadeBy;
}

/**
 * The call that made a model, where one piece of code made several models whose layers are written
 * at the same places (TS: a builder function of the file called from two places, `const small =
 * encoder(32)` and `const big = encoder(64)`). Hints, hovers and diagnostics on those places tell
 * the models apart by it.
 */
export interface MadeBy {
  /** The call that made this model. */
  call: Span;
  /**
   * The calls that made each model of the group, this one's included, in the order they ran: the
   * same list for every model of the group. A call that ran in several turns of a loop is listed
   * once per turn (the models are told apart by their names, `encoders[1]`).
   */
  group: Span[];
  /** How many more models the same code made past the budget of models per call (`INTERPRETER_BUDGETS.modelsPerCall`), not analysed. */
  beyond?: number;
}

/** What a reader hands to the shape engine: models plus the problems found while reading. */
export interface ParsedFile {
  models: SourceModel[];
  diagnostics: import('./diagnostics').Diagnostic[];
  /**
   * A reader that builds its rows itself (Ultralytics YOLO YAML: its modules are not layers of a
   * framework vocabulary) hands over the finished analysis; `models` is then empty.
   */
  analysis?: import('./analysis').DocumentAnalysis;
}
