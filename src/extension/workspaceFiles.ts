import * as vscode from 'vscode';

/** Imported files larger than this are not read: no hand-written model code comes near it. */
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

/**
 * The file an import names, as a URI beside `from` (same scheme and authority): `path` is what
 * core asks for, in the form of the analysed file name (`uri.path`); `..` and `.` are resolved.
 * Undefined when it lies outside every workspace folder (or the document has no folder, as an
 * untitled one): imports never leave the workspace.
 */
export function workspaceFileUri(from: vscode.Uri, path: string): vscode.Uri | undefined {
  const uri = vscode.Uri.joinPath(from.with({ path: '/', query: '', fragment: '' }), path);
  return vscode.workspace.getWorkspaceFolder(uri) ? uri : undefined;
}

/**
 * Core's `readFile` for a document at `from`, through `vscode.workspace.fs` (so it works in VS
 * Code for the Web): an open document is read as the editor holds it (perhaps unsaved), any other
 * file as stored; a path outside the workspace folders, a missing file or a folder reads as
 * undefined. `onRead` hears every file asked for inside the workspace, found or not, so that its
 * creation, change or deletion can re-analyse the document.
 */
export function workspaceFileReader(from: vscode.Uri, onRead: (uri: vscode.Uri) => void): (path: string) => Promise<string | undefined> {
  return async (path) => {
    const uri = workspaceFileUri(from, path);
    if (!uri) return undefined;
    onRead(uri);
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory || stat.size > MAX_IMPORT_BYTES) return undefined;
      return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  };
}
