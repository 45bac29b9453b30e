import type { DocumentAnalysis } from './analysis';
import type { DiagnosticCode, Severity } from './diagnostics';
import { reportShape, unknownText, type ReportDim } from './dims';
import type { Framework } from './ir';
import { LineIndex } from './lineIndex';

/** One layer as the CLI's JSON and `analyzeText` report it (SPEC.md §4). */
export interface LayerReport {
  name: string;
  type: string;
  line: number;
  input: ReportDim[] | null;
  output: ReportDim[] | null;
  params: number | null;
  /** Why the output (or one of its dimensions) is unknown, pointing where the unknown started. */
  unknown?: string;
}

export interface ModelReport {
  name: string;
  framework: Framework;
  layers: LayerReport[];
}

/** A place related to a diagnostic (the other side of a mismatch), 1-based. */
export interface RelatedReport {
  message: string;
  line: number;
  column: number;
}

export interface DiagnosticReport {
  code: DiagnosticCode;
  severity: Severity;
  layer?: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The related places, in the order the analysis gives them (empty when there are none). */
  related: RelatedReport[];
}

/** One entry of the CLI's JSON `files` array, without `path`. */
export interface Analysis {
  models: ModelReport[];
  diagnostics: DiagnosticReport[];
}

/** Turns offsets into the 1-based lines and columns of the stable report format. */
export function toReport(analysis: DocumentAnalysis, text: string): Analysis {
  const lines = new LineIndex(text);
  return {
    models: analysis.models.map((model) => ({
      name: model.name,
      framework: model.framework,
      layers: model.layers.map((layer) => ({
        name: layer.name,
        type: layer.type,
        line: lines.position(layer.typeSpan.start).line,
        input: reportShape(layer.input),
        output: reportShape(layer.output),
        params: layer.params,
        ...(layer.unknown && { unknown: unknownText(layer.unknown, lines.position(layer.unknown.span.start).line) }),
      })),
    })),
    diagnostics: analysis.diagnostics.map((diagnostic) => {
      const start = lines.position(diagnostic.span.start);
      const end = lines.position(diagnostic.span.end);
      return {
        code: diagnostic.code,
        severity: diagnostic.severity,
        ...(diagnostic.layer !== undefined ? { layer: diagnostic.layer } : {}),
        message: diagnostic.message,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        related: (diagnostic.related ?? []).map((related) => ({ message: related.message, ...lines.position(related.span.start) })),
      };
    }),
  };
}
