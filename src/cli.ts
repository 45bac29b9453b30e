import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, formatOf } from './core/analyzeDocument';
import type { DocumentAnalysis } from './core/analysis';
import type { Severity } from './core/diagnostics';
import { LineIndex } from './core/lineIndex';
import { toReport, type Analysis, type DiagnosticReport } from './core/report';
import { formatSummaryTable } from './core/summaryTable';

const USAGE = `Usage: convlens check [options] PATH...
       convlens --help | --version

Checks neural-network model definitions for shape errors without running them: ConvLens YAML,
Keras/TF.js JSON configs, and TensorFlow.js or ConvLens models in TypeScript/JavaScript. PATH is
a file or a folder; folders are searched recursively for *.yaml, *.yml, *.json, *.ts, *.mts,
*.cts, *.js, *.mjs and *.cjs files that define models (node_modules and hidden folders are
skipped). A file named on the command line is always reported, even without a model.

Options:
  --format text     (default) per model, a table of its layers like Keras summary() (name,
                    type, input and output shape, parameters), then one compiler-style line per
                    problem, "path:line:col: severity code: message", with the source line,
                    a caret under the problem and "note:" lines for related places; last, a
                    count of files, models, errors and warnings
  --format json     the stable JSON report: {"version": 1, "files": [{"path", "models",
                    "diagnostics"}]}, lines and columns 1-based, an unknown shape null and an
                    unknown dimension "?"
  --format github   GitHub Actions workflow commands ("::error file=…,line=…::message"), which
                    annotate the lines in the pull request; then the count
  --no-tables       text format: leave out the layer tables (problems and the count only)
  -h, --help        show this help and exit
  --version         print the version and exit

Exit status: 0 when no error was found (warnings allowed), 1 when any error was reported,
2 on a usage error or a file that cannot be read.

Example: convlens check --format github models/`;

class UsageError extends Error {}

type OutputFormat = 'text' | 'json' | 'github';

interface CheckOptions {
  format: OutputFormat;
  tables: boolean;
  paths: string[];
}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'github'];

function parseArguments(args: string[]): CheckOptions | 'help' | 'version' {
  if (args.includes('-h') || args.includes('--help')) return 'help';
  if (args.includes('--version')) return 'version';
  const [command, ...rest] = args;
  if (command !== 'check') throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  const options: CheckOptions = { format: 'text', tables: true, paths: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? rest[++i] : arg.slice('--format='.length);
      if (!FORMATS.includes(value as OutputFormat)) throw new UsageError(`--format takes ${FORMATS.join(', ')}, not '${value ?? ''}'`);
      options.format = value as OutputFormat;
    } else if (arg === '--no-tables') {
      options.tables = false;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option '${arg}'`);
    } else {
      options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) throw new UsageError('no PATH given');
  return options;
}

/** Files to check: named files as given, folders searched for files a reader accepts. */
function collectFiles(path: string, named: boolean): string[] {
  if (statSync(path).isDirectory()) {
    return readdirSync(path)
      .filter((entry) => !entry.startsWith('.') && entry !== 'node_modules')
      .sort()
      .flatMap((entry) => collectFiles(join(path, entry), false));
  }
  return named || formatOf(path) ? [path] : [];
}

interface CheckedFile {
  path: string;
  text: string;
  analysis: DocumentAnalysis;
  report: Analysis;
}

/** `1 error`, `7 warnings`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function severityCount(files: CheckedFile[], severity: Severity): number {
  return files.reduce((sum, file) => sum + file.report.diagnostics.filter((d) => d.severity === severity).length, 0);
}

/** The last line of the text and GitHub formats. */
function summaryLine(files: CheckedFile[]): string {
  const models = files.reduce((sum, file) => sum + file.report.models.length, 0);
  const errors = severityCount(files, 'error');
  const warnings = severityCount(files, 'warning');
  return `Checked ${count(files.length, 'file')} (${count(models, 'model')}): ${count(errors, 'error')}, ${count(warnings, 'warning')}.`;
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

function printText(files: CheckedFile[], tables: boolean): void {
  const out: string[] = [];
  if (tables) {
    for (const { path, analysis } of files) {
      for (const model of analysis.models) out.push(path, formatSummaryTable(model), '');
    }
  }
  for (const { path, text, analysis, report } of files) {
    const lines = text.split(/\r\n|\r|\n/);
    const index = new LineIndex(text);
    // In source order, as compilers report; `i` still pairs a report with its analysis diagnostic.
    const order = report.diagnostics.map((_, i) => i).sort((a, b) => report.diagnostics[a].line - report.diagnostics[b].line || report.diagnostics[a].column - report.diagnostics[b].column);
    for (const i of order) {
      const diagnostic = report.diagnostics[i];
      out.push(`${path}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`);
      out.push(...sourceExcerpt(lines, diagnostic));
      for (const related of analysis.diagnostics[i].related ?? []) {
        const at = index.position(related.span.start);
        out.push(`${path}:${at.line}:${at.column}: note: ${related.message}`);
      }
    }
  }
  out.push(summaryLine(files));
  process.stdout.write(out.join('\n') + '\n');
}

/** Escapes for GitHub Actions workflow commands (data, and property values). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function printGithub(files: CheckedFile[]): void {
  const out: string[] = [];
  for (const { path, report } of files) {
    for (const d of report.diagnostics) {
      const properties = { file: path, line: d.line, col: d.column, endLine: d.endLine, endColumn: d.endColumn, title: `ConvLens ${d.code}` };
      const list = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
      out.push(`::${GITHUB_COMMAND[d.severity]} ${list.join(',')}::${escapeData(d.message)}`);
    }
  }
  out.push(summaryLine(files));
  process.stdout.write(out.join('\n') + '\n');
}

function printJson(files: CheckedFile[]): void {
  const report = { version: 1, files: files.map(({ path, report }): Analysis & { path: string } => ({ path, ...report })) };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

async function check(options: CheckOptions): Promise<number> {
  const files: CheckedFile[] = [];
  for (const root of options.paths) {
    for (const path of collectFiles(root, true)) {
      const text = readFileSync(path, 'utf8');
      const analysis = await analyzeDocument(text, path);
      const named = path === root;
      if (named || analysis.models.length > 0 || analysis.diagnostics.length > 0) files.push({ path, text, analysis, report: toReport(analysis, text) });
    }
  }
  if (options.format === 'json') printJson(files);
  else if (options.format === 'github') printGithub(files);
  else printText(files, options.tables);
  return severityCount(files, 'error') > 0 ? 1 : 0;
}

async function main(args: string[]): Promise<number> {
  let options: ReturnType<typeof parseArguments>;
  try {
    options = parseArguments(args);
  } catch (error) {
    process.stderr.write(`convlens: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (options === 'version') {
    process.stdout.write(`${CONVLENS_VERSION}\n`);
    return 0;
  }
  try {
    return await check(options);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    process.stderr.write(`convlens: ${err.code ? `${err.code}: ` : ''}${err.message}\n`);
    return 2;
  }
}

declare const CONVLENS_VERSION: string;

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`convlens: internal error: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
