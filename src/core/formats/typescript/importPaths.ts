/**
 * How a relative import names a workspace file (SPEC.md §1.3): the paths a specifier may name,
 * most likely first, as Node's `require` and TypeScript resolve them. Free of the parser, so that
 * the cheap tests that run before any parsing (`tfjsImports.ts`) share it with the interpreter's
 * loading of imports (`interpreterModules.ts`).
 */

/** The extensions tried for a specifier written without one: a JavaScript file's first, as Node's `require` does. */
const SCRIPT_EXTENSIONS = ['.js', '.ts', '.mjs', '.cjs', '.mts', '.cts', '.jsx', '.tsx'];
const INDEX_FILES = ['/index.js', '/index.ts'];
/** The same for a TypeScript file, as TypeScript resolves it. */
const TYPESCRIPT_FIRST = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];
const TYPESCRIPT_INDEX_FILES = ['/index.ts', '/index.js'];
/** TypeScript's ESM convention: `import './blocks.js'` names the `blocks.ts` it compiles to `blocks.js`. */
const COMPILED_FROM: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };

/** Whether `text` may import another file at all: the cheap test before the syntax tree is walked. */
export const MAY_IMPORT = /\bfrom\s*['"]\.|\brequire\s*\(\s*['"]\.|\bimport\s*['"]\./;

/** The paths a relative specifier may name, in the form of `from` (`/`-separated), most likely first. */
export function candidatePaths(from: string, specifier: string): string[] {
  const base = joinPath(from.slice(0, from.lastIndexOf('/') + 1), specifier);
  const extension = /\.[cm]?[jt]sx?$/.exec(base)?.[0];
  if (extension) return [base, ...(COMPILED_FROM[extension] ?? []).map((compiled) => base.slice(0, -extension.length) + compiled)];
  const typescript = /\.[cm]?tsx?$/.test(from);
  const extensions = typescript ? TYPESCRIPT_FIRST : SCRIPT_EXTENSIONS;
  const indexFiles = typescript ? TYPESCRIPT_INDEX_FILES : INDEX_FILES;
  return [...extensions.map((added) => base + added), ...indexFiles.map((index) => base + index)];
}

/** `folder` (ending in `/`, or empty) joined with a relative path, `.` and `..` resolved (a `..` above a relative base is kept). */
function joinPath(folder: string, relative: string): string {
  const absolute = folder.startsWith('/');
  const parts: string[] = [];
  for (const part of (folder + relative).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  return (absolute ? '/' : '') + parts.join('/');
}

/** A path with `/` separators (the form imports are resolved in). */
export function toSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}
