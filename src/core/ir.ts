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

export type { Dim, Shape } from './dims';

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
  /** An expression the reader could not fold to a literal (TS); dependent shapes become unknown. */
  | { kind: 'unknown'; text: string; span: Span };

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
  /** Inlay hints are placed at `hintOffset` (end of the `- type:` line, or after the layer call). */
  hintOffset: number;
  /**
   * Builds the edit that adds a parameter this layer does not have yet, written in the
   * source's own syntax. `valueText` is already formatted for the source (`1`, `[1, 1]`).
   */
  insertParam(key: string, valueText: string): TextEdit;
  /**
   * Builds the edit that replaces this whole layer by the given layers, written in the source's
   * own syntax (used by the "resize + stride-1 conv" quick fix). Absent where a reader cannot.
   */
  replaceWith?(layers: ReplacementLayer[]): TextEdit;
}

/** A layer to write into the source by a quick fix, in the model framework's vocabulary. */
export interface ReplacementLayer {
  type: string;
  params: [key: string, value: number | number[] | string][];
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
  /** How the source writes a list value, for quick fixes (`[1, 1]` in YAML/TS). */
  formatValue(value: number | number[] | string): string;
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
