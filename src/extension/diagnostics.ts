import * as vscode from 'vscode';
import type { Diagnostic, Severity } from '../core/diagnostics';
import type { DiagnosticDeps } from './deps';
import { toRange, type PositionSource } from './positions';

export const DIAGNOSTIC_SOURCE = 'ConvLens';
/** Re-check this long after the last keystroke. */
export const TYPING_DELAY_MS = 300;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Core diagnostics as editor diagnostics: code, source, and related information on the other side. */
export function toEditorDiagnostics(diagnostics: Diagnostic[], uri: vscode.Uri, positions: PositionSource): vscode.Diagnostic[] {
  return diagnostics.map((diagnostic) => {
    const result = new vscode.Diagnostic(toRange(positions, diagnostic.span), diagnostic.message, SEVERITY[diagnostic.severity]);
    result.code = diagnostic.code;
    result.source = DIAGNOSTIC_SOURCE;
    if (diagnostic.related?.length) {
      result.relatedInformation = diagnostic.related.map(
        (related) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(positions, related.span)), related.message),
      );
    }
    return result;
  });
}

/**
 * Publishes each model document's problems: at once on open and save, debounced while typing
 * (in the document or in a file it imports), cleared on close, and again for every open
 * document when the cache is cleared (a setting changed). Documents already open at activation
 * are checked right after it.
 */
export function register(selector: vscode.DocumentSelector, deps: DiagnosticDeps): vscode.Disposable {
  const pending = new Map<string, unknown>();
  const cancelPending = (key: string) => {
    clearTimeout(pending.get(key));
    pending.delete(key);
  };

  const publish = async (document: vscode.TextDocument) => {
    const version = document.version;
    try {
      const analysis = await deps.cache.get(document);
      // A newer version has its own check coming; this one's ranges would be stale.
      if (document.isClosed || document.version !== version) return;
      deps.collection.set(document.uri, toEditorDiagnostics(analysis.diagnostics, document.uri, document));
    } catch (error) {
      deps.log.error(`Diagnostics for ${document.uri.toString()} failed`, error);
    }
  };
  const checkNow = (document: vscode.TextDocument) => {
    if (vscode.languages.match(selector, document) === 0) return;
    cancelPending(document.uri.toString());
    void publish(document);
  };
  const checkSoon = (document: vscode.TextDocument) => {
    if (vscode.languages.match(selector, document) === 0) return;
    const key = document.uri.toString();
    cancelPending(key);
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        void publish(document);
      }, TYPING_DELAY_MS),
    );
  };

  // Not during activation: activation stays cheap and parses nothing.
  const initial = setTimeout(() => vscode.workspace.textDocuments.forEach(checkNow), 0);
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument(checkNow),
    deps.cache.onDidClear(() => vscode.workspace.textDocuments.forEach(checkNow)),
    // A file they import changed (perhaps keystroke by keystroke): debounced like typing.
    deps.cache.onDidInvalidate((uris) => {
      const stale = new Set(uris.map((uri) => uri.toString()));
      vscode.workspace.textDocuments.filter((document) => stale.has(document.uri.toString())).forEach(checkSoon);
    }),
    vscode.workspace.onDidSaveTextDocument(checkNow),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length) checkSoon(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      cancelPending(document.uri.toString());
      deps.collection.delete(document.uri);
    }),
    {
      dispose: () => {
        clearTimeout(initial);
        [...pending.keys()].forEach(cancelPending);
      },
    },
  );
}
