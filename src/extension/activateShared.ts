import * as vscode from 'vscode';
import { AnalysisCache, type AnalyzeText } from './analysisCache';
import { register as registerCheckWorkspace } from './checkWorkspace';
import { register as registerCodeActions } from './codeActions';
import { register as registerCodeLens } from './codeLens';
import type { DiagnosticDeps } from './deps';
import { register as registerDiagnostics } from './diagnostics';
import { register as registerDocumentSymbols } from './documentSymbols';
import { MODEL_SELECTOR } from './documentSelector';
import { register as registerHover } from './hover';
import { register as registerInlayHints } from './inlayHints';
import { registerPreview } from './previewPanel';
import { register as registerShapeTable } from './shapeTable';

/** What differs between the desktop (Node) and the web-worker extension hosts. */
export interface Platform {
  host: 'node' | 'web';
  /**
   * Core's document analysis as this host runs it. The seam for the TypeScript reader: a host
   * that loads its parser lazily passes a function that loads it on first need and answers a
   * promise; nothing is parsed or loaded during activation.
   */
  analyzeText: AnalyzeText;
}

/** The one wiring function: creates the shared services and registers every feature. */
export function activateShared(context: vscode.ExtensionContext, platform: Platform): void {
  const log = vscode.window.createOutputChannel('ConvLens', { log: true });
  context.subscriptions.push(log);
  try {
    const cache = new AnalysisCache(platform.analyzeText, log);
    const collection = vscode.languages.createDiagnosticCollection('convlens');
    context.subscriptions.push(cache, collection);
    const deps: DiagnosticDeps = { cache, log, collection };
    const selector = MODEL_SELECTOR;
    context.subscriptions.push(
      registerDiagnostics(selector, deps),
      registerInlayHints(selector, deps),
      registerHover(selector, deps),
      registerCodeActions(selector, deps),
      registerCodeLens(selector, deps),
      registerDocumentSymbols(selector, deps),
      registerShapeTable(selector, deps),
      registerCheckWorkspace(selector, deps),
      registerPreview({
        extensionUri: context.extensionUri,
        getAnalysis: (document) => cache.get(document),
        analyzeText: (text, fileName) => cache.analyzeText(text, fileName),
        log,
      }),
    );
    log.info(`ConvLens activated (${platform.host} host)`);
  } catch (error) {
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(`ConvLens failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}
