/**
 * The TypeScript/JavaScript reader proper, with the parser at hand. It lives in the lazily loaded
 * chunk `dist/tsParser.js` together with the parser (typescriptChunk.ts), so that neither weighs
 * on the main bundles (SPEC §6: under 400 KB) nor on the activation of YAML and JSON users.
 */
import type * as TS from 'typescript';
import { internalError, type AnalyzeOptions } from '../../analyzeOptions';
import { Code, type Diagnostic } from '../../diagnostics';
import type { ParsedFile, SourceModel, Span } from '../../ir';
import { readerDiagnostic } from '../sourceValues';
import { readLiteralModels } from './typescriptLiteral';
import type { TypeScriptApi } from './typescriptParser';
import { Evaluator } from './typescriptFolding';
import { compoundAssignments, Interpreter, type ModuleResolver } from './interpreter';
import { TensorShapes, type StartGrowingAnalysis } from './interpreterShapes';
import { loadImports } from './interpreterModules';
import { readerApi } from './typescriptNodes';
import { SyntaxIndex } from './typescriptScopes';
import { TfjsReader } from './typescriptTfjs';
import { JAVASCRIPT_EXTENSIONS, LITERAL_LAYERS, looksLikeTypeScriptModel } from './typescriptModel';

/**
 * Reads every model in a TypeScript/JavaScript file with the parser `ts` (`readTypeScriptModels`
 * loads both). Asynchronous only where the file imports others (read through `options.readFile`).
 * `growTfjs` starts the shape engine's analysis of a TF.js model as it grows, for the shapes the
 * program reads (`x.shape`): the engine lives in the main bundles, this reader in the parser's
 * chunk. Without it such shapes are unknown.
 */
export function readTypeScriptModelsWith(
  ts: TypeScriptApi,
  text: string,
  fileName: string,
  options: AnalyzeOptions = {},
  growTfjs?: StartGrowingAnalysis,
): ParsedFile | Promise<ParsedFile> {
  // The text limits keep pathological input (nesting that exhausts the stack) from getting here.
  const failed = (error: unknown): ParsedFile => ({ models: [], diagnostics: [internalError(error, { start: 0, end: 0 }, options.logger)] });
  try {
    const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKindOf(ts, fileName));
    const api = readerApi(ts);
    // Imported files get parent pointers: the reader tells their nodes from the analysed file's by them.
    const parseImport = (imported: string, path: string) => ts.createSourceFile(path, imported, ts.ScriptTarget.Latest, true, scriptKindOf(ts, path));
    const resolver = loadImports(api, file, fileName, options.readFile, parseImport);
    if (!(resolver instanceof Promise)) return readParsed(api, file, text, resolver, options, growTfjs);
    return resolver.then((resolveModule) => readParsed(api, file, text, resolveModule, options, growTfjs), failed);
  } catch (error) {
    return failed(error);
  }
}

/** Interprets the parsed file (its imports at hand through `resolveModule`) and reads its models. */
function readParsed(api: TypeScriptApi, file: TS.SourceFile, text: string, resolveModule: ModuleResolver, options: AnalyzeOptions, growTfjs: StartGrowingAnalysis | undefined): ParsedFile {
  const fileName = file.fileName;
  const diagnostics: Diagnostic[] = [];
  try {
    compoundAssignments(api);
    const evaluator = new Evaluator(api, file, text);
    const interpreter = new Interpreter(api, { file }, resolveModule, options.defines);
    // Its own reader: what it reads for the shapes the program reads is no model of the file.
    if (growTfjs) interpreter.tfjs.shapes = new TensorShapes(new TfjsReader(evaluator, interpreter, []), growTfjs);
    interpreter.run();
    // ConvLens object literals need the syntax index; a file without a `layers:` key has none.
    const literalModels = LITERAL_LAYERS.test(text) ? readLiteralModels(new SyntaxIndex(api, file), evaluator, diagnostics, fileName) : [];
    const models: SourceModel[] = [...new TfjsReader(evaluator, interpreter, diagnostics).read(), ...literalModels].sort(
      (a, b) => a.span.start - b.span.start,
    );
    // concat, not unshift(...): a broken file can have more errors than a call takes arguments.
    const found = syntaxErrorsInModels(api, file, models).concat(diagnostics);
    if (evaluator.budgetExceededAt) {
      found.push(
        readerDiagnostic(
          Code.parseError,
          `ConvLens stopped evaluating constants here after ${evaluator.foldBudget.toLocaleString('en-US')} values; shapes that depend on the rest are unknown.`,
          evaluator.budgetExceededAt,
        ),
      );
    }
    // A file read only for what its imports build is no model file until it shows a model: a budget its own code ran out of is not ConvLens's business.
    if (interpreter.stopped && (models.length > 0 || looksLikeTypeScriptModel(text))) {
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
