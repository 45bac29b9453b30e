/**
 * The reader for TypeScript and JavaScript model definitions (SPEC.md §1.3): TF.js layers models
 * and ConvLens object literals. Files are parsed with TypeScript's `createSourceFile` and never
 * executed; a cheap text test keeps ordinary files from being parsed at all.
 */
import type * as TS from 'typescript';
import { internalError, type AnalyzeOptions } from '../../analyzeOptions';
import { Code, type Diagnostic } from '../../diagnostics';
import type { ParsedFile, SourceModel, Span } from '../../ir';
import { readerDiagnostic } from '../sourceValues';
import { readLiteralModels } from './typescriptLiteral';
import { loadedTypeScriptParser, loadTypeScriptParser, type TypeScriptApi } from './typescriptParser';
import { Evaluator } from './typescriptFolding';
import { compoundAssignments, Interpreter } from './interpreter';
import { readerApi } from './typescriptNodes';
import { SyntaxIndex } from './typescriptScopes';
import { TfjsReader } from './typescriptTfjs';

const TFJS_HINT = /@tensorflow\/tfjs|\btf\s*\.\s*(?:layers|sequential|model|input)\b/;
const LITERAL_LAYERS = /\blayers['"]?\s*:/;
const LITERAL_INPUT = /\binputs?['"]?\s*:/;
const LITERAL_TYPE = /\btype['"]?\s*:/;

/** A cheap test that runs before any parsing: TF.js, or an object with `layers:`, `input:` and `type:`. */
export function looksLikeTypeScriptModel(text: string): boolean {
  return TFJS_HINT.test(text) || (LITERAL_LAYERS.test(text) && LITERAL_INPUT.test(text) && LITERAL_TYPE.test(text));
}

/**
 * Reads every model in a TypeScript/JavaScript file. Synchronous once the parser is loaded (and
 * for files the text test rejects); the first call that needs the parser returns a promise.
 * Never throws or rejects: problems become diagnostics, and a failure inside ConvLens (the parser
 * not loading included) an `internal-error` whose stack goes to `options.logger`.
 */
export function readTypeScriptModels(text: string, fileName: string, options: AnalyzeOptions = {}): ParsedFile | Promise<ParsedFile> {
  if (!looksLikeTypeScriptModel(text)) return { models: [], diagnostics: [] };
  const ts = loadedTypeScriptParser();
  if (ts) return readTypeScriptModelsWith(ts, text, fileName, options);
  return loadTypeScriptParser().then(
    (api) => readTypeScriptModelsWith(api, text, fileName, options),
    (error: unknown) => ({ models: [], diagnostics: [internalError(error, { start: 0, end: 0 }, options.logger)] }),
  );
}

/** {@link readTypeScriptModels} with a parser at hand. */
export function readTypeScriptModelsWith(ts: TypeScriptApi, text: string, fileName: string, options: AnalyzeOptions = {}): ParsedFile {
  const diagnostics: Diagnostic[] = [];
  try {
    const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKindOf(ts, fileName));
    const api = readerApi(ts);
    compoundAssignments(api);
    const evaluator = new Evaluator(api, file, text);
    const interpreter = new Interpreter(api, { file }, () => undefined);
    interpreter.run();
    // ConvLens object literals need the syntax index; a file without a `layers:` key has none.
    const literalModels = LITERAL_LAYERS.test(text) ? readLiteralModels(new SyntaxIndex(api, file), evaluator, diagnostics, fileName) : [];
    const models: SourceModel[] = [...new TfjsReader(evaluator, interpreter, diagnostics).read(), ...literalModels].sort(
      (a, b) => a.span.start - b.span.start,
    );
    // concat, not unshift(...): a broken file can have more errors than a call takes arguments.
    const found = syntaxErrorsInModels(ts, file, models).concat(diagnostics);
    if (evaluator.budgetExceededAt) {
      found.push(
        readerDiagnostic(
          Code.parseError,
          `ConvLens stopped evaluating constants here after ${evaluator.foldBudget.toLocaleString('en-US')} values; shapes that depend on the rest are unknown.`,
          evaluator.budgetExceededAt,
        ),
      );
    }
    if (interpreter.stopped) {
      found.push(
        readerDiagnostic(
          Code.parseError,
          `ConvLens stopped interpreting this file here: ${interpreter.stopped.what}; shapes that depend on the rest are unknown.`,
          evaluator.span(interpreter.stopped.node),
        ),
      );
    }
    return { models, diagnostics: found };
  } catch (error) {
    // The text limits keep pathological input (nesting that exhausts the stack) from getting here.
    diagnostics.push(internalError(error, { start: 0, end: 0 }, options.logger));
    return { models: [], diagnostics };
  }
}

/** The extensions read as TypeScript (the model reader registry lists them under the language `typescript`). */
export const TYPESCRIPT_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts'];
/** The extensions read as JavaScript, with the parser's JavaScript rules (language `javascript`). */
export const JAVASCRIPT_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.cjs'];

function scriptKindOf(ts: TypeScriptApi, fileName: string): TS.ScriptKind {
  const lower = fileName.toLowerCase();
  if (JAVASCRIPT_EXTENSIONS.some((extension) => lower.endsWith(extension))) return ts.ScriptKind.JS;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  return ts.ScriptKind.TS;
}

/** Syntax errors inside a model's text; errors elsewhere in the file are not ConvLens's business. */
function syntaxErrorsInModels(ts: TypeScriptApi, file: TS.SourceFile, models: SourceModel[]): Diagnostic[] {
  // `parseDiagnostics` is internal but has been on every SourceFile for years; absent, no errors are shown.
  const errors = (file as { parseDiagnostics?: readonly TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const inside = (span: Span, offset: number) => offset >= span.start && offset <= span.end;
  return errors
    .filter((error) => models.some((model) => inside(model.span, error.start)))
    .map((error) =>
      readerDiagnostic(Code.parseError, `TypeScript: ${ts.flattenDiagnosticMessageText(error.messageText, ' ')}`, {
        start: error.start,
        end: error.start + error.length,
      }),
    );
}
