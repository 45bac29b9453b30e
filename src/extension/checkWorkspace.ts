import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../core/analysis';
import { MODEL_FILE_EXTENSIONS } from '../core/formats/modelFormats';
import { analysisFileName } from './analysisCache';
import type { DiagnosticDeps } from './deps';
import { SHOW_PROBLEMS_COMMAND } from './statusBar';
import { toEditorDiagnostics } from './diagnostics';
import { TextPositions, type PositionSource } from './positions';

const CHECK_WORKSPACE_COMMAND = 'convlens.checkWorkspace';
const SHOW_PROBLEMS = 'Show Problems';
/** A glob of every extension a model reader reads. */
const MODEL_FILES = `**/*.{${MODEL_FILE_EXTENSIONS.map((extension) => extension.slice(1)).join(',')}}`;
const EXCLUDED = '**/node_modules/**';
/** Larger files are skipped: no hand-written model definition comes near this. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** What Check Workspace found; also the command's result. */
export interface WorkspaceCheckSummary {
  files: number;
  models: number;
  errors: number;
  warnings: number;
  cancelled: boolean;
}

/** An open document is analysed as the editor holds it (perhaps unsaved); others as stored. */
async function analyzeFile(uri: vscode.Uri, deps: DiagnosticDeps): Promise<{ analysis: DocumentAnalysis; positions: PositionSource } | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return { analysis: await deps.cache.get(open), positions: open };
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.byteLength > MAX_FILE_BYTES) {
    deps.log.info(`Check Workspace skipped ${uri.toString()} (${bytes.byteLength} bytes)`);
    return undefined;
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  return { analysis: await deps.cache.analyzeText(text, analysisFileName(uri), { uri }), positions: new TextPositions(text) };
}

async function checkWorkspace(deps: DiagnosticDeps): Promise<WorkspaceCheckSummary> {
  const summary: WorkspaceCheckSummary = { files: 0, models: 0, errors: 0, warnings: 0, cancelled: false };
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'ConvLens: checking the workspace', cancellable: true },
    async (progress, token) => {
      const uris = await vscode.workspace.findFiles(MODEL_FILES, EXCLUDED, undefined, token);
      for (const uri of uris) {
        if (token.isCancellationRequested) break;
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / uris.length });
        try {
          const result = await analyzeFile(uri, deps);
          if (!result) continue;
          summary.files++;
          summary.models += result.analysis.models.length;
          summary.errors += result.analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
          summary.warnings += result.analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length;
          deps.collection.set(uri, toEditorDiagnostics(result.analysis.diagnostics, uri, result.positions));
        } catch (error) {
          deps.log.error(`Check Workspace could not read ${uri.toString()}`, error);
        }
      }
      summary.cancelled = token.isCancellationRequested;
    },
  );
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  const message =
    `ConvLens checked ${plural(summary.files, 'file')}: ${plural(summary.models, 'model')}, ` +
    `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}${summary.cancelled ? ' (cancelled)' : ''}.`;
  // Not awaited: the message resolves only when dismissed (or its button is pressed).
  const shown = summary.errors ? vscode.window.showWarningMessage(message, SHOW_PROBLEMS) : vscode.window.showInformationMessage(message, SHOW_PROBLEMS);
  void shown.then(async (choice) => {
    if (choice === SHOW_PROBLEMS) await vscode.commands.executeCommand(SHOW_PROBLEMS_COMMAND);
  });
  return summary;
}

/** Command `convlens.checkWorkspace`: every model file in the workspace, into the Problems view. */
export function register(_selector: vscode.DocumentSelector, deps: DiagnosticDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CHECK_WORKSPACE_COMMAND, () =>
    checkWorkspace(deps).catch((error: unknown) => {
      deps.log.error('Check Workspace failed', error);
      void vscode.window.showErrorMessage(`ConvLens: Check Workspace failed (${String(error)}).`);
      return undefined;
    }),
  );
}
