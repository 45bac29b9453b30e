import * as vscode from 'vscode';

/** The extension under test, as package.json names it. */
export const extensionId = 'convlens.convlens';

/**
 * Calls `probe` until it returns something other than `undefined`, or fails after `timeoutMs`
 * with `what` and the last error `probe` threw. For results that arrive asynchronously
 * (activation, analysis, diagnostics) instead of sleeping blindly.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError === undefined ? '' : `; last error: ${String(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * ConvLens's own diagnostics of a document: other extensions report on the same documents (the
 * TypeScript language features do in the Node extension host, on an untitled TF.js file).
 */
export function convLensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'ConvLens');
}

/** Waits until a document has exactly `count` ConvLens diagnostics, and returns them. */
export async function waitForDiagnostics(uri: vscode.Uri, count: number, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(
    `${count} ConvLens diagnostic(s) on ${uri.toString()}`,
    () => {
      const diagnostics = convLensDiagnostics(uri);
      return diagnostics.length === count ? diagnostics : undefined;
    },
    timeoutMs,
  );
}

/** The URI of a file in the fixture workspace (test/.run/workspace, a copy of test/fixtures/workspace plus examples/). */
export function fixtureUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the runner should open test/fixtures/workspace');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

/** Opens a fixture file in an editor and waits until the opening has activated ConvLens. */
export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  const editor = await vscode.window.showTextDocument(document);
  await waitFor(`${extensionId} to activate`, () => (vscode.extensions.getExtension(extensionId)?.isActive ? true : undefined));
  return editor;
}

/** The inlay hints the registered providers give for the whole document. */
export async function inlayHints(document: vscode.TextDocument): Promise<vscode.InlayHint[]> {
  const wholeDocument = new vscode.Range(0, 0, document.lineCount, 0);
  return vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, wholeDocument);
}

/** A hint's text, whether its label is a string or a list of parts. */
export function hintText(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

/** The zero-based line of the first occurrence of `text` in the document. */
export function lineOf(document: vscode.TextDocument, text: string): number {
  const offset = document.getText().indexOf(text);
  if (offset < 0) throw new Error(`${document.uri.toString()} does not contain ${JSON.stringify(text)}`);
  return document.positionAt(offset).line;
}
