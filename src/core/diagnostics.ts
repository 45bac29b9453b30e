import type { Span, TextEdit } from './ir';

/** Stable diagnostic codes (SPEC.md §2). Quick fixes and the CLI match on these strings. */
export const Code = {
  parseError: 'parse-error',
  unknownLayer: 'unknown-layer',
  invalidParameter: 'invalid-parameter',
  unsupportedCombination: 'unsupported-combination',
  channelMismatch: 'channel-mismatch',
  groupsMismatch: 'groups-mismatch',
  outputTooSmall: 'output-too-small',
  outputPaddingTooLarge: 'output-padding-too-large',
  outputPaddingMismatch: 'output-padding-mismatch',
  outputSizeUnreachable: 'output-size-unreachable',
  shapeMismatch: 'shape-mismatch',
  unevenOverlap: 'uneven-overlap',
  ignoredParameter: 'ignored-parameter',
  conditionalShape: 'conditional-shape',
  internalError: 'internal-error',
} as const;
export type DiagnosticCode = (typeof Code)[keyof typeof Code];

export type Severity = 'error' | 'warning' | 'info';

/** The severity SPEC.md assigns to each code. */
export const SEVERITY: Record<DiagnosticCode, Severity> = {
  'parse-error': 'error',
  'unknown-layer': 'warning',
  'invalid-parameter': 'error',
  'unsupported-combination': 'error',
  'channel-mismatch': 'error',
  'groups-mismatch': 'error',
  'output-too-small': 'error',
  'output-padding-too-large': 'error',
  'output-padding-mismatch': 'error',
  'output-size-unreachable': 'error',
  'shape-mismatch': 'error',
  'uneven-overlap': 'warning',
  'ignored-parameter': 'warning',
  'conditional-shape': 'warning',
  'internal-error': 'error',
};

/** A quick fix: a title and the minimal edits that carry it out. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The preferred fix for this diagnostic (VS Code `isPreferred`). */
  preferred?: boolean;
}

export interface RelatedInformation {
  span: Span;
  message: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span: Span;
  /** The layer's name, when the problem belongs to a layer. */
  layer?: string;
  related?: RelatedInformation[];
  fixes?: Fix[];
}

/** An error thrown by the kernel for invalid arguments; `code` is a diagnostic code. */
export class ShapeError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
  ) {
    super(message);
    this.name = 'ShapeError';
  }
}
