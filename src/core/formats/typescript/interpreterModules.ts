/**
 * The workspace files a TypeScript/JavaScript file imports (SPEC.md §1.3): ESM `import`/`export
 * ... from` and CommonJS `require('...')` with relative specifiers, read through the host's
 * `readFile` (never outside the workspace: the host decides) before the interpreter runs, since
 * reading is asynchronous and interpreting is not. What is read is parsed, never executed; what
 * cannot be read is remembered with the reason, which the interpreter turns into an unknown.
 * Reading is bounded by the number of files and by how deep imports nest
 * (`INTERPRETER_BUDGETS.importedFiles`, `importDepth`).
 */
import type * as TS from 'typescript';
import { excerptOf } from '../../formatting';
import { INTERPRETER_BUDGETS } from '../../limits';
import type { ModuleResolver, ProgramFile } from './interpreter';
import { candidatePaths, MAY_IMPORT, toSlashes } from './importPaths';
import type { TypeScriptApi } from './typescriptParser';

/** Parses a file the analysed one imports (with parent pointers: the reader tells its nodes by them). */
export type ImportParser = (text: string, path: string) => TS.SourceFile;

/**
 * Reads, parses and resolves the relative imports of `main` (at `fileName`), transitively, and
 * gives the interpreter's resolver over what was read: at once where `main` imports nothing or
 * nothing can be read (no `readFile`), else once every file is read.
 */
export function loadImports(
  ts: TypeScriptApi,
  main: TS.SourceFile,
  fileName: string,
  readFile: ((path: string) => Promise<string | undefined>) | undefined,
  parse: ImportParser,
): ModuleResolver | Promise<ModuleResolver> {
  if (!readFile) return (specifier) => `\`${specifier}\` is another file, and this analysis was given no way to read files`;
  if (!MAY_IMPORT.test(main.text)) return (specifier) => `\`${specifier}\` is not a file ConvLens read`;
  return readImports(ts, main, fileName, readFile, parse);
}

async function readImports(
  ts: TypeScriptApi,
  main: TS.SourceFile,
  fileName: string,
  readFile: (path: string) => Promise<string | undefined>,
  parse: ImportParser,
): Promise<ModuleResolver> {
  const paths = new Map<TS.SourceFile, string>([[main, toSlashes(fileName)]]);
  /** Per file, per specifier: the file read, or why not. */
  const resolved = new Map<TS.SourceFile, Map<string, ProgramFile | string>>();
  const byPath = new Map<string, Promise<ProgramFile | undefined>>();
  let files = 0;
  const visit = async (file: TS.SourceFile, depth: number): Promise<void> => {
    const specifiers = relativeSpecifiers(ts, file);
    const table = new Map<string, ProgramFile | string>();
    resolved.set(file, table);
    if (specifiers.length === 0) return;
    const from = paths.get(file)!;
    await Promise.all(
      specifiers.map(async (specifier) => {
        if (depth >= INTERPRETER_BUDGETS.importDepth) {
          return table.set(specifier, `\`${specifier}\` is not read: imports nest more than ${INTERPRETER_BUDGETS.importDepth} files deep`);
        }
        for (const path of candidatePaths(from, specifier)) {
          let read = byPath.get(path);
          if (!read) {
            read = readFile(path).then((text) => {
              if (text === undefined) return undefined;
              if (++files > INTERPRETER_BUDGETS.importedFiles) return undefined;
              const parsed = parsedImport(parse, text, path);
              paths.set(parsed, path);
              return { file: parsed };
            });
            byPath.set(path, read);
          }
          const program = await read;
          if (program) {
            table.set(specifier, program);
            // A file imported twice is visited once (cycles included).
            if (!resolved.has(program.file)) await visit(program.file, depth + 1);
            return;
          }
        }
        table.set(
          specifier,
          files > INTERPRETER_BUDGETS.importedFiles
            ? `\`${specifier}\` is not read: a file reads at most ${INTERPRETER_BUDGETS.importedFiles} imported files`
            : `\`${specifier}\` cannot be read (it is missing, or outside the workspace)`,
        );
      }),
    );
  };
  await visit(main, 0);
  return (specifier, from) => resolved.get(from)?.get(specifier) ?? `\`${specifier}\` is not a file ConvLens read`;
}

/**
 * Imported files parsed lately, by path, least recently used first: the files of a folder import
 * the same few, and the editor analyses a document again on every edit. A syntax tree is never
 * changed once parsed, so analyses share it; a changed text is parsed again.
 */
const parsedImports = new Map<string, TS.SourceFile>();
/** How much imported text the parsed files kept may hold, in characters. */
const PARSED_IMPORTS_KEPT = 4_000_000;
let parsedImportsSize = 0;

function parsedImport(parse: ImportParser, text: string, path: string): TS.SourceFile {
  const kept = parsedImports.get(path);
  if (kept) {
    parsedImports.delete(path);
    parsedImportsSize -= kept.text.length;
  }
  const file = kept?.text === text ? kept : parse(text, path);
  parsedImports.set(path, file);
  parsedImportsSize += text.length;
  for (const [oldest, old] of parsedImports) {
    if (parsedImportsSize <= PARSED_IMPORTS_KEPT || oldest === path) break;
    parsedImports.delete(oldest);
    parsedImportsSize -= old.text.length;
  }
  return file;
}

/** The relative specifiers of `import`, `export ... from` and `require('...')` written in a file. */
function relativeSpecifiers(ts: TypeScriptApi, file: TS.SourceFile): string[] {
  if (!MAY_IMPORT.test(file.text)) return [];
  const found = new Set<string>();
  const note = (node: TS.Node | undefined) => {
    if (node && ts.isStringLiteral(node) && isRelative(node.text)) found.add(node.text);
  };
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) note(statement.moduleSpecifier);
  }
  // `require` may sit anywhere (inside a function, a ternary): walk the tree only where it is written.
  if (/\brequire\s*\(/.test(file.text)) {
    const walk = (node: TS.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1) note(node.arguments[0]);
      ts.forEachChild(node, walk);
    };
    walk(file);
  }
  return [...found];
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

/**
 * Where a node of an imported file is written, for messages: `` `blocks.js` line 5 `` (the path
 * relative to the folder of the analysed file `fileName`, when it lies below it).
 */
export function importedPlace(node: TS.Node, fileName: string): string {
  const source = sourceFileOf(node);
  const folder = toSlashes(fileName).slice(0, toSlashes(fileName).lastIndexOf('/') + 1);
  const path = source.fileName.startsWith(folder) ? source.fileName.slice(folder.length) : source.fileName;
  return `\`${path}\` line ${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
}

/**
 * Whether a node belongs to an imported file: those are parsed with parent pointers, the analysed
 * file without.
 */
export function isImported(node: TS.Node): boolean {
  return node.parent !== undefined;
}

/** The text of a node of an imported file, shortened for messages. */
export function importedExcerpt(node: TS.Node, limit: number): string {
  const source = sourceFileOf(node);
  return excerptOf(source.text, node.getStart(source), node.end, limit);
}

function sourceFileOf(node: TS.Node): TS.SourceFile {
  let file = node;
  while (file.parent) file = file.parent;
  return file as TS.SourceFile;
}
