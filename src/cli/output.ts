/** The three output formats of `convlens check` (SPEC.md §4): text, JSON and GitHub annotations. */
import type { DocumentAnalysis } from '../core/analysis';
import type { Severity } from '../core/diagnostics';
import type { Analysis, DiagnosticReport } from '../core/report';
import { formatSummaryTable } from '../core/summaryTable';

/** One file as checked: its text, its analysis (severities already chosen) and the report of it. */
export interface CheckedFile {
  path: string;
  text: string;
  analysis: DocumentAnalysis;
  report: Analysis;
}

/** The JSON report's `summary`, also the count at the end of the text and GitHub formats. */
export interface CheckSummary {
  files: number;
  models: number;
  errors: number;
  warnings: number;
}

function severityCount(files: readonly CheckedFile[], severity: Severity): number {
  return files.reduce((sum, file) => sum + file.report.diagnostics.filter((d) => d.severity === severity).length, 0);
}

export function summarize(files: readonly CheckedFile[]): CheckSummary {
  return {
    files: files.length,
    models: files.reduce((sum, file) => sum + file.report.models.length, 0),
    errors: severityCount(files, 'error'),
    warnings: severityCount(files, 'warning'),
  };
}

/** `1 error`, `7 warnings`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The last line of the text and GitHub formats. */
function summaryLine(summary: CheckSummary): string {
  return `Checked ${count(summary.files, 'file')} (${count(summary.models, 'model')}): ${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')}.`;
}

/** Source lines longer than this are shown as this much of them around the problem, `…` where cut. */
const MAX_EXCERPT_WIDTH = 160;
/** How much of a long line is shown before the problem. */
const EXCERPT_LEAD = 40;

/**
 * The source line of a problem and a caret line under its range, the way C compilers show them:
 * `   48 |     output_padding: 0` / `      |                     ^`.
 */
function sourceExcerpt(lines: string[], diagnostic: DiagnosticReport): string[] {
  const source = lines[diagnostic.line - 1];
  if (source === undefined) return [];
  const gutter = String(diagnostic.line).padStart(5);
  const start = diagnostic.column - 1;
  const end = diagnostic.endLine === diagnostic.line ? Math.max(diagnostic.endColumn - 1, start + 1) : source.length;
  const long = source.length > MAX_EXCERPT_WIDTH;
  const from = long ? Math.max(0, Math.min(start, source.length) - EXCERPT_LEAD) : 0;
  const to = long ? Math.min(source.length, from + MAX_EXCERPT_WIDTH) : source.length;
  const shown = `${from > 0 ? '…' : ''}${source.slice(from, to)}${to < source.length ? '…' : ''}`;
  // Keep tabs so that the caret lines up under tab-indented text.
  const indent = `${from > 0 ? ' ' : ''}${source.slice(from, start).replace(/[^\t]/g, ' ')}`;
  const marker = `^${'~'.repeat(Math.max(0, Math.min(end, to) - start - 1))}`;
  return [`${gutter} | ${shown}`, `${' '.repeat(gutter.length)} | ${indent}${marker}`];
}

/** Problems first, in source order as compilers report them; then the tables if asked for; the count last. */
export function formatText(files: readonly CheckedFile[], tables: boolean): string {
  const out: string[] = [];
  for (const { path, text, report } of files) {
    const lines = text.split(/\r\n|\r|\n/);
    const ordered = [...report.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
    for (const diagnostic of ordered) {
      out.push(`${path}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`);
      out.push(...sourceExcerpt(lines, diagnostic));
      for (const related of diagnostic.related) out.push(`${path}:${related.line}:${related.column}: note: ${related.message}`);
    }
  }
  if (tables) {
    for (const { path, analysis } of files) {
      for (const model of analysis.models) out.push('', path, formatSummaryTable(model));
    }
    out.push('');
  }
  out.push(summaryLine(summarize(files)));
  return out.join('\n') + '\n';
}

/** Escapes for GitHub Actions workflow commands (data, and property values). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function formatGithub(files: readonly CheckedFile[]): string {
  const out: string[] = [];
  for (const { path, report } of files) {
    for (const d of report.diagnostics) {
      const properties = { file: path, line: d.line, col: d.column, endLine: d.endLine, endColumn: d.endColumn, title: `ConvLens ${d.code}` };
      const list = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
      out.push(`::${GITHUB_COMMAND[d.severity]} ${list.join(',')}::${escapeData(d.message)}`);
    }
  }
  out.push(summaryLine(summarize(files)));
  return out.join('\n') + '\n';
}

/** The stable JSON report (SPEC.md §4). */
export function formatJson(files: readonly CheckedFile[]): string {
  const report = {
    version: 1,
    files: files.map(({ path, report }): Analysis & { path: string } => ({ path, ...report })),
    summary: summarize(files),
  };
  return JSON.stringify(report, null, 2) + '\n';
}
