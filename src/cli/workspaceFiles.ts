/** The CLI's `readFile` for imports between files (SPEC.md §1.3): from disk, never outside the workspace root. */
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/** Imported files larger than this are not read: no hand-written model code comes near it. */
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

/**
 * The workspace root for the files found under a PATH argument: the current folder when PATH
 * lies inside it (`convlens check src/`), else PATH itself if a folder, or the folder holding it
 * if a file (`convlens check ../other/models`): the user named that much of the disk, no more.
 */
export function workspaceRoot(path: string, cwd: string, isDirectory: boolean): string {
  const absolute = resolve(cwd, path);
  if (isInside(resolve(cwd), absolute)) return resolve(cwd);
  return isDirectory ? absolute : dirname(absolute);
}

function isInside(root: string, path: string): boolean {
  const rest = relative(root, path);
  return rest === '' || (!rest.startsWith('..') && !isAbsolute(rest));
}

/**
 * Core's `readFile`: `path` (as core asks for it, in the form of the analysed file name, so
 * relative to `cwd` or absolute) read as UTF-8 text when it is a file inside `root` — symbolic
 * links followed before the check, so none leads out — else undefined.
 */
export function workspaceFileReader(root: string, cwd: string): (path: string) => Promise<string | undefined> {
  const realRoot = realpath(root).catch(() => undefined);
  return async (path) => {
    try {
      const [inRoot, file] = await Promise.all([realRoot, realpath(resolve(cwd, path))]);
      if (inRoot === undefined || !isInside(inRoot, file)) return undefined;
      const info = await stat(file);
      if (!info.isFile() || info.size > MAX_IMPORT_BYTES) return undefined;
      return await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  };
}
