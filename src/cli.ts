import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, formatOf } from './core/analyzeDocument';
import type { DocumentAnalysis } from './core/analysis';
import { toReport, type Analysis } from './core/report';
import { formatSummaryTable } from './core/summaryTable';

const USAGE = `Usage: convlens check [--format text|json] PATH...

Checks ConvLens model definitions (YAML, Keras JSON, TypeScript/JavaScript) for shape errors
without running them. PATH is a file or a folder; folders are searched recursively for
*.yaml, *.yml, *.json, *.ts, *.js and *.mjs files that define models (node_modules and
hidden folders are skipped).

Options:
  --format text   per model, a table of layers (name, type, input, output, params), then
                  compiler-style diagnostics "path:line:col: severity code: message" (default)
  --format json   the stable JSON report: {"version": 1, "files": [...]}
  -h, --help      show this help
  --version       print the version

Exit status: 0 without errors, 1 when any error diagnostic was reported, 2 on usage or I/O errors.`;

class UsageError extends Error {}

interface CheckOptions {
  format: 'text' | 'json';
  paths: string[];
}

function parseArguments(args: string[]): CheckOptions | 'help' | 'version' {
  if (args.includes('-h') || args.includes('--help')) return 'help';
  if (args.includes('--version')) return 'version';
  const [command, ...rest] = args;
  if (command !== 'check') throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  const options: CheckOptions = { format: 'text', paths: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? rest[++i] : arg.slice('--format='.length);
      if (value !== 'text' && value !== 'json') throw new UsageError(`--format takes text or json, not '${value ?? ''}'`);
      options.format = value;
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
}

function printText(files: CheckedFile[]): void {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const { path, analysis } of files) {
    for (const model of analysis.models) out.push(`${path}`, formatSummaryTable(model), '');
  }
  for (const { path, text, analysis } of files) {
    for (const diagnostic of toReport(analysis, text).diagnostics) {
      if (diagnostic.severity === 'error') errors++;
      if (diagnostic.severity === 'warning') warnings++;
      out.push(`${path}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`);
    }
  }
  const models = files.reduce((sum, file) => sum + file.analysis.models.length, 0);
  out.push(`${files.length} file(s), ${models} model(s): ${errors} error(s), ${warnings} warning(s)`);
  process.stdout.write(out.join('\n') + '\n');
}

function printJson(files: CheckedFile[]): void {
  const report = {
    version: 1,
    files: files.map(({ path, text, analysis }): Analysis & { path: string } => ({ path, ...toReport(analysis, text) })),
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

async function check(options: CheckOptions): Promise<number> {
  const files: CheckedFile[] = [];
  for (const root of options.paths) {
    for (const path of collectFiles(root, true)) {
      const text = readFileSync(path, 'utf8');
      const analysis = await analyzeDocument(text, path);
      const named = path === root;
      if (named || analysis.models.length > 0 || analysis.diagnostics.length > 0) files.push({ path, text, analysis });
    }
  }
  if (options.format === 'json') printJson(files);
  else printText(files);
  return files.some((file) => file.analysis.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
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
