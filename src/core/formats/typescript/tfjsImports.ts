/**
 * A TypeScript/JavaScript file that never names TF.js may still build a TF.js model through the
 * workspace files it imports (SPEC.md §1.3): `import { buildUNet } from './unet'; export const
 * model = buildUNet(128);`. Whether one of those files names TF.js is found by a text scan, before
 * any parsing: a file without relative imports reads nothing, and one whose imports never name
 * TF.js is not parsed (it is no model, and gets nothing). Bounded as the interpreter's imports are
 * (`INTERPRETER_BUDGETS.importedFiles`, `importDepth`).
 */
import { INTERPRETER_BUDGETS } from '../../limits';
import { candidatePaths, MAY_IMPORT, toSlashes } from './importPaths';
import { TFJS_HINT } from './typescriptModel';

/** Reads a workspace file (`AnalyzeOptions.readFile`): its text, or undefined where there is none. */
export type FileReader = (path: string) => Promise<string | undefined>;

/** The relative specifiers written in a text after `from`, `import` or `require(`: a superset is harmless (a file read for nothing). */
const RELATIVE_SPECIFIER = /(?:\bfrom|\bimport|\brequire\s*\()\s*(['"])(\.\.?\/[^'"\n]*)\1/g;

/**
 * Whether a workspace file that `text` (at `fileName`) imports, directly or through other
 * imports, names TF.js. False at once where the text has no relative import or there is no
 * `readFile`.
 */
export async function importsTfjs(text: string, fileName: string, readFile: FileReader | undefined): Promise<boolean> {
  if (!readFile || !MAY_IMPORT.test(text)) return false;
  /** Each path tried so far, and whether it was a file. */
  const tried = new Map<string, boolean>();
  let files = 0;
  let level = [{ path: toSlashes(fileName), text }];
  for (let depth = 0; depth < INTERPRETER_BUDGETS.importDepth && level.length > 0; depth++) {
    const next: { path: string; text: string }[] = [];
    for (const file of level) {
      for (const [, , specifier] of file.text.matchAll(RELATIVE_SPECIFIER)) {
        for (const path of candidatePaths(file.path, specifier)) {
          const known = tried.get(path);
          if (known) break;
          if (known === false) continue;
          const imported = await readFile(path);
          tried.set(path, imported !== undefined);
          if (imported === undefined) continue;
          if (TFJS_HINT.test(imported)) return true;
          if (++files >= INTERPRETER_BUDGETS.importedFiles) return false;
          next.push({ path, text: imported });
          break;
        }
      }
    }
    level = next;
  }
  return false;
}

/** `readFile` reading each path once however often it is asked (the scan, then the interpreter's loading of the same imports). */
export function readingOnce(readFile: FileReader): FileReader {
  const texts = new Map<string, Promise<string | undefined>>();
  return (path) => {
    let text = texts.get(path);
    if (!text) texts.set(path, (text = readFile(path)));
    return text;
  };
}
