import * as vscode from 'vscode';
import { parseDefines } from '../core/defines';
import { parseUltralyticsVersion } from '../core/ultralyticsVersions';
import type { ChunkLoader } from '../core/lazyChunk';
import { parseSeverityOverrides } from '../core/severityOverrides';
import { AnalysisCache, analysisFileName } from './analysisCache';
import { AnalysisLoading, type AnalysisChunk } from './analysisLoading';
import { register as registerCheckWorkspace } from './checkWorkspace';
import { register as registerCodeActions } from './codeActions';
import { register as registerCodeLens } from './codeLens';
import type { DiagnosticDeps } from './deps';
import { register as registerDiagnostics } from './diagnostics';
import { register as registerDocumentSymbols } from './documentSymbols';
import { editorAnalysis } from './editorAnalysis';
import { MODEL_SELECTOR } from './documentSelector';
import { register as registerHover } from './hover';
import { register as registerInlayHints } from './inlayHints';
import { registerPreview } from './previewPanel';
import { ParsedSetting } from './parsedSetting';
import { register as registerScaleSwitch, ScaleChoices } from './scaleSwitch';
import { register as registerShapeTable } from './shapeTable';
import { register as registerStatusBar, type StatusBarState } from './statusBar';

/** What differs between the desktop (Node) and the web-worker extension hosts. */
export interface Platform {
  host: 'node' | 'web';
  /**
   * Loads the analysis chunk (`dist/analysis.js`: core's readers, engine and vocabularies) as
   * this host can: `require()` in Node, fetch and evaluate in the web worker. Called at the first
   * document that may hold a model, never during activation, which stays cheap (SPEC §6).
   */
  loadAnalysis: ChunkLoader<AnalysisChunk>;
}

/** What `activate` answers (`vscode.extensions.getExtension(...).exports`): state the VS Code API cannot read back, for tests. */
export interface ConvLensApi {
  /** The status-bar item's text and tooltip; undefined while it is hidden. */
  statusBar(): StatusBarState | undefined;
  /** Fires when ConvLens asks the editor to redraw its inlay hints. */
  onDidChangeInlayHints: vscode.Event<void>;
}

/** The one wiring function: creates the shared services and registers every feature. */
export function activateShared(context: vscode.ExtensionContext, platform: Platform): ConvLensApi {
  const log = vscode.window.createOutputChannel('ConvLens', { log: true });
  context.subscriptions.push(log);
  try {
    const severities = new ParsedSetting('convlens.diagnostics.severity', (raw) => {
      const { overrides, problems } = parseSeverityOverrides(raw);
      return { value: overrides, problems };
    }, log);
    const defines = new ParsedSetting('convlens.defines', (raw) => {
      const { defines: value, problems } = parseDefines(raw);
      return { value, problems };
    }, log);
    const ultralytics = new ParsedSetting('convlens.ultralytics.version', parseUltralyticsVersion, log);
    const scales = new ScaleChoices(context.workspaceState);
    const analysis = new AnalysisLoading(platform.loadAnalysis);
    const cache = new AnalysisCache(editorAnalysis(analysis.analyzeText, { severities, defines, ultralytics }, log), log, (uri) => scales.get(uri));
    const collection = vscode.languages.createDiagnosticCollection('convlens');
    // Each of these changes results: every open model is analysed again.
    context.subscriptions.push(severities, defines, ultralytics, scales, cache, collection);
    for (const changed of [severities.onDidChange, defines.onDidChange, ultralytics.onDidChange, scales.onDidChange]) context.subscriptions.push(changed(() => cache.clear()));
    const deps: DiagnosticDeps = { cache, log, collection };
    const selector = MODEL_SELECTOR;
    const statusBar = registerStatusBar(selector, deps);
    const inlayHints = registerInlayHints(selector, deps);
    context.subscriptions.push(
      statusBar.disposable,
      inlayHints.disposable,
      registerDiagnostics(selector, deps),
      registerHover(selector, deps),
      registerCodeActions(selector, deps),
      registerCodeLens(selector, deps),
      registerDocumentSymbols(selector, deps),
      registerShapeTable(selector, deps),
      registerCheckWorkspace(selector, deps),
      registerScaleSwitch(selector, scales, analysis.load, log),
      registerPreview({
        extensionUri: context.extensionUri,
        getAnalysis: (document) => cache.get(document),
        loadAnalysis: analysis.load,
        analyzeText: (text, document) => cache.analyzeText(text, analysisFileName(document.uri, document.languageId), { uri: document.uri }),
        log,
      }),
    );
    log.info(`ConvLens activated (${platform.host} host)`);
    return { statusBar: statusBar.state, onDidChangeInlayHints: inlayHints.onDidChangeInlayHints };
  } catch (error) {
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(`ConvLens failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}
