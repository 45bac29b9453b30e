import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../core/analysis';
import type { AnalyzeOptions } from '../core/analyzeOptions';
import { extensionOfLanguage, isModelFileName } from '../core/formats/modelFormats';
import { ImportGraph } from './importGraph';
import { workspaceFileReader } from './workspaceFiles';

/** Core's analysis entry (`analyzeDocument`). */
export type AnalyzeText = (text: string, fileName: string, options?: AnalyzeOptions) => Promise<DocumentAnalysis>;

/** The name core dispatches on: the path, or for untitled and extensionless documents one from the language. */
export function analysisFileName(uri: vscode.Uri, languageId?: string): string {
  if (isModelFileName(uri.path) || !languageId) return uri.path;
  return uri.path + (extensionOfLanguage(languageId) ?? '');
}

/** What an analysis outside the cache may be told besides the text. */
export interface UncachedOptions {
  /** The Ultralytics scale chosen for the document. */
  scale?: string;
  /** Where the text lives: its imports are read from the workspace beside it. */
  uri?: vscode.Uri;
}

/** Files whose creation, change or deletion may change what an import reads. */
const SCRIPT_FILES = '**/*.{ts,mts,cts,js,mjs,cjs}';

/**
 * One analysis per document version, shared by every provider and the preview. Core reports a
 * failure of its own as an `internal-error` diagnostic and sends the stack to the log; an
 * analysis that still throws (a bug of this adapter) is logged and counts as empty.
 *
 * Imports: each analysis reads the files its document imports through the workspace
 * (`workspaceFileReader`), and the cache remembers which (`ImportGraph`). An edit, save,
 * creation or deletion of such a file drops the importers' analyses and fires `onDidInvalidate`
 * with them, so that their problems and hints are computed again.
 */
export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<string, { version: number; scale: string | undefined; analysis: Promise<DocumentAnalysis> }>();
  private readonly imports = new ImportGraph();
  private readonly listeners: vscode.Disposable[];
  private readonly cleared = new vscode.EventEmitter<void>();
  private readonly invalidated = new vscode.EventEmitter<vscode.Uri[]>();
  /** Fires when every cached analysis was dropped: open documents should be checked again. */
  readonly onDidClear = this.cleared.event;
  /** Fires with the documents whose analyses were dropped because a file they import changed. */
  readonly onDidInvalidate = this.invalidated.event;

  /** `scaleOf` answers the Ultralytics scale chosen for a document (Select Scale), if any. */
  constructor(
    private readonly analyze: AnalyzeText,
    private readonly log: vscode.LogOutputChannel,
    private readonly scaleOf: (uri: vscode.Uri) => string | undefined = () => undefined,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(SCRIPT_FILES);
    const changed = (uri: vscode.Uri) => this.importedFileChanged(uri);
    this.listeners = [
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.entries.delete(document.uri.toString());
        this.imports.forget(document.uri.toString());
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length) changed(event.document.uri);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => changed(document.uri)),
      watcher,
      watcher.onDidCreate(changed),
      watcher.onDidChange(changed),
      watcher.onDidDelete(changed),
    ];
  }

  get(document: vscode.TextDocument): Promise<DocumentAnalysis> {
    const key = document.uri.toString();
    const scale = this.scaleOf(document.uri);
    const cached = this.entries.get(key);
    if (cached?.version === document.version && cached.scale === scale) return cached.analysis;
    const reads = new Set<string>();
    const readFile = workspaceFileReader(document.uri, (uri) => reads.add(uri.toString()));
    const analysis = this.run(document.getText(), analysisFileName(document.uri, document.languageId), { readFile, ...(scale !== undefined && { scale }) }).then(
      (result) => {
        // Only the analysis still cached speaks for the document: an older one may finish later.
        if (this.entries.get(key)?.analysis === analysis) this.imports.record(key, reads);
        return result;
      },
    );
    this.entries.set(key, { version: document.version, scale, analysis });
    return analysis;
  }

  /** Analyses text that is not an open document (Check Workspace, the preview), without caching it. */
  analyzeText(text: string, fileName: string, options: UncachedOptions = {}): Promise<DocumentAnalysis> {
    const { uri, scale } = options;
    return this.run(text, fileName, { ...(uri && { readFile: workspaceFileReader(uri, () => {}) }), ...(scale !== undefined && { scale }) });
  }

  private async run(text: string, fileName: string, options: AnalyzeOptions): Promise<DocumentAnalysis> {
    try {
      const logger = { error: (message: string, error: unknown) => this.log.error(`${fileName}: ${message}`, error) };
      return await this.analyze(text, fileName, { logger, ...options });
    } catch (error) {
      this.log.error(`Analysis of ${fileName} failed`, error);
      return { models: [], diagnostics: [] };
    }
  }

  /** A file some analyses read changed: those analyses are stale. */
  private importedFileChanged(file: vscode.Uri): void {
    const importers = this.imports.importersOf(file.toString());
    if (importers.length === 0) return;
    for (const importer of importers) this.entries.delete(importer);
    this.log.debug(`${file.toString()} changed: analysing again ${importers.join(', ')}`);
    this.invalidated.fire(importers.map((importer) => vscode.Uri.parse(importer)));
  }

  /** Drops every cached analysis (a setting that changes results changed). */
  clear(): void {
    this.entries.clear();
    this.cleared.fire();
  }

  dispose(): void {
    vscode.Disposable.from(...this.listeners).dispose();
    this.cleared.dispose();
    this.invalidated.dispose();
    this.entries.clear();
  }
}
