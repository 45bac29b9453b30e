import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../core/analysis';
import type { AnalyzeOptions } from '../core/analyzeOptions';
import { extensionOfLanguage, isModelFileName } from '../core/formats/registry';

/** Core's analysis entry (`analyzeDocument`). */
export type AnalyzeText = (text: string, fileName: string, options?: AnalyzeOptions) => Promise<DocumentAnalysis>;

/** The name core dispatches on: the path, or for untitled and extensionless documents one from the language. */
export function analysisFileName(uri: vscode.Uri, languageId?: string): string {
  if (isModelFileName(uri.path) || !languageId) return uri.path;
  return uri.path + (extensionOfLanguage(languageId) ?? '');
}

/**
 * One analysis per document version, shared by every provider and the preview. Core reports a
 * failure of its own as an `internal-error` diagnostic and sends the stack to the log; an
 * analysis that still throws (a bug of this adapter) is logged and counts as empty.
 */
export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<string, { version: number; scale: string | undefined; analysis: Promise<DocumentAnalysis> }>();
  private readonly closeListener: vscode.Disposable;
  private readonly cleared = new vscode.EventEmitter<void>();
  /** Fires when every cached analysis was dropped: open documents should be checked again. */
  readonly onDidClear = this.cleared.event;

  /** `scaleOf` answers the Ultralytics scale chosen for a document (Select Scale), if any. */
  constructor(
    private readonly analyze: AnalyzeText,
    private readonly log: vscode.LogOutputChannel,
    private readonly scaleOf: (uri: vscode.Uri) => string | undefined = () => undefined,
  ) {
    this.closeListener = vscode.workspace.onDidCloseTextDocument((document) => this.entries.delete(document.uri.toString()));
  }

  get(document: vscode.TextDocument): Promise<DocumentAnalysis> {
    const key = document.uri.toString();
    const scale = this.scaleOf(document.uri);
    const cached = this.entries.get(key);
    if (cached?.version === document.version && cached.scale === scale) return cached.analysis;
    const analysis = this.analyzeText(document.getText(), analysisFileName(document.uri, document.languageId), scale);
    this.entries.set(key, { version: document.version, scale, analysis });
    return analysis;
  }

  /** Analyses text that is not an open document (Check Workspace), without caching it. */
  async analyzeText(text: string, fileName: string, scale?: string): Promise<DocumentAnalysis> {
    try {
      const logger = { error: (message: string, error: unknown) => this.log.error(`${fileName}: ${message}`, error) };
      return await this.analyze(text, fileName, { logger, ...(scale !== undefined && { scale }) });
    } catch (error) {
      this.log.error(`Analysis of ${fileName} failed`, error);
      return { models: [], diagnostics: [] };
    }
  }

  /** Drops every cached analysis (a setting that changes results changed). */
  clear(): void {
    this.entries.clear();
    this.cleared.fire();
  }

  dispose(): void {
    this.closeListener.dispose();
    this.cleared.dispose();
    this.entries.clear();
  }
}
