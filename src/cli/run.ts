/** `convlens check`: reads the files, analyses them, prints the report and chooses the exit status (SPEC.md §4). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeDocument } from '../core/analyzeDocument';
import type { AnalyzeOptions, Logger } from '../core/analyzeOptions';
import { Code } from '../core/diagnostics';
import { isModelFileName } from '../core/formats/modelFormats';
import { toReport } from '../core/report';
import { applySeverityOverrides, type SeverityOverrides } from '../core/severityOverrides';
import { InputError, parseArguments, USAGE, UsageError, type CheckOptions } from './arguments';
import { severityOverrides } from './config';
import { formatGithub, formatJson, formatText, summarize, type CheckedFile } from './output';
import { workspaceFileReader, workspaceRoot } from './workspaceFiles';

/** Where the CLI writes, and the folder relative paths start from (a seam for in-process tests). */
export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The exit statuses of SPEC.md §4. */
export const ExitStatus = { ok: 0, problems: 1, usage: 2, internalError: 3 } as const;

/** Files to check: named files as given, folders searched for files a model reader reads. */
function collectFiles(path: string, cwd: string, named: boolean): string[] {
  if (statSync(resolve(cwd, path)).isDirectory()) {
    return readdirSync(resolve(cwd, path))
      .filter((entry) => !entry.startsWith('.') && entry !== 'node_modules')
      .sort()
      .flatMap((entry) => collectFiles(join(path, entry), cwd, false));
  }
  return named || isModelFileName(path) ? [path] : [];
}

/** Every path must exist before anything is checked, so that a typo is one clear line, not a partial report. */
function checkPathsExist(paths: readonly string[], cwd: string): void {
  for (const path of paths) {
    try {
      statSync(resolve(cwd, path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`no such file or directory: ${path}`);
      throw new InputError(`cannot read ${path}: ${(error as Error).message}`);
    }
  }
}

/** Failures inside ConvLens, with their stacks, on stderr (the report on stdout stays clean). */
function stderrLogger(io: CliIo, path: string): Logger {
  return {
    error(message, error) {
      io.stderr(`convlens: ${path}: ${message}\n${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
    },
  };
}

/** One file to check, and where its imports may be read from. */
interface FileToCheck {
  path: string;
  /** Named on the command line (always reported), not found in a folder. */
  named: boolean;
  /** Its workspace root (`workspaceRoot`). */
  root: string;
}

async function checkFile({ path, named, root }: FileToCheck, options: CheckOptions, overrides: SeverityOverrides, io: CliIo): Promise<CheckedFile | undefined> {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const analyzeOptions: AnalyzeOptions = {
    defines: options.defines,
    scale: options.scale,
    ultralyticsVersion: options.ultralyticsVersion,
    readFile: workspaceFileReader(root, io.cwd),
    logger: stderrLogger(io, path),
  };
  const analyzed = await analyzeDocument(text, path, analyzeOptions);
  const analysis = { models: analyzed.models, diagnostics: applySeverityOverrides(analyzed.diagnostics, overrides) };
  if (!named && analysis.models.length === 0 && analysis.diagnostics.length === 0) return undefined;
  return { path, text, analysis, report: toReport(analysis, text) };
}

async function check(options: CheckOptions, io: CliIo): Promise<number> {
  const overrides = severityOverrides(options, io.cwd);
  checkPathsExist(options.paths, io.cwd);
  const files: CheckedFile[] = [];
  for (const named of options.paths) {
    const root = workspaceRoot(named, io.cwd, statSync(resolve(io.cwd, named)).isDirectory());
    for (const path of collectFiles(named, io.cwd, true)) {
      const file = await checkFile({ path, named: path === named, root }, options, overrides, io);
      if (file) files.push(file);
    }
  }
  io.stdout(options.format === 'json' ? formatJson(files) : options.format === 'github' ? formatGithub(files) : formatText(files, options.tables));
  const summary = summarize(files);
  const tooManyWarnings = options.maxWarnings !== undefined && summary.warnings > options.maxWarnings;
  if (tooManyWarnings) io.stderr(`convlens: too many warnings: ${summary.warnings} (--max-warnings ${options.maxWarnings})\n`);
  if (files.some((file) => file.report.diagnostics.some((diagnostic) => diagnostic.code === Code.internalError))) return ExitStatus.internalError;
  return summary.errors > 0 || tooManyWarnings ? ExitStatus.problems : ExitStatus.ok;
}

/** Runs `convlens ARGS…` and answers its exit status; never throws. */
export async function runCli(args: string[], io: CliIo, version: string): Promise<number> {
  try {
    const options = parseArguments(args);
    if (options === 'help') {
      io.stdout(USAGE + '\n');
      return ExitStatus.ok;
    }
    if (options === 'version') {
      io.stdout(`${version}\n`);
      return ExitStatus.ok;
    }
    return await check(options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`convlens: ${error.message}\nRun 'convlens --help' for the options.\n`);
      return ExitStatus.usage;
    }
    if (error instanceof InputError) {
      io.stderr(`convlens: ${error.message}\n`);
      return ExitStatus.usage;
    }
    // Core never throws on input; whatever gets here is a bug of ours.
    io.stderr(`convlens: internal error (a bug in ConvLens): ${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
    return ExitStatus.internalError;
  }
}
