import * as vscode from 'vscode';
import type { DiagnosticDeps } from './deps';
import { DIAGNOSTIC_SOURCE, TYPING_DELAY_MS } from './diagnostics';

/** VS Code's own command behind the Problems count in its status bar. */
export const SHOW_PROBLEMS_COMMAND = 'workbench.actions.view.problems';

/** What the status-bar item shows; also what tests read (the API gives no access to an item). */
export interface StatusBarState {
  text: string;
  tooltip: string;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `$(symbol-structure) 2 models $(error) 1 $(warning) 0`, with the same in words as the tooltip. */
function statusBarState(fileName: string, models: number, errors: number, warnings: number): StatusBarState {
  return {
    text: `$(symbol-structure) ${plural(models, 'model')} $(error) ${errors} $(warning) ${warnings}`,
    tooltip: `ConvLens: ${plural(models, 'model')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${fileName}. Click to show the Problems view.`,
  };
}

/**
 * A status-bar item while the active editor holds a model file: its models, and ConvLens's errors
 * and warnings as the Problems view lists them (after the user's severity settings). Click: Problems.
 * Answers the item's state for tests alongside the disposable.
 */
export function register(
  selector: vscode.DocumentSelector,
  deps: DiagnosticDeps,
): { disposable: vscode.Disposable; state: () => StatusBarState | undefined } {
  const item = vscode.window.createStatusBarItem('convlens.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'ConvLens';
  item.command = SHOW_PROBLEMS_COMMAND;
  let state: StatusBarState | undefined;
  let request = 0;

  const show = (next: StatusBarState | undefined) => {
    state = next;
    if (!next) return item.hide();
    item.text = next.text;
    item.tooltip = next.tooltip;
    item.show();
  };
  const update = async () => {
    const document = vscode.window.activeTextEditor?.document;
    const mine = ++request;
    if (!document || vscode.languages.match(selector, document) === 0) return show(undefined);
    try {
      const analysis = await deps.cache.get(document);
      // A later update (another editor, new problems) has its own answer.
      if (mine !== request) return;
      if (!analysis.models.length) return show(undefined);
      const problems = vscode.languages.getDiagnostics(document.uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
      const count = (severity: vscode.DiagnosticSeverity) => problems.filter((diagnostic) => diagnostic.severity === severity).length;
      const fileName = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
      show(statusBarState(fileName, analysis.models.length, count(vscode.DiagnosticSeverity.Error), count(vscode.DiagnosticSeverity.Warning)));
    } catch (error) {
      deps.log.error('Status bar update failed', error);
    }
  };

  // Not during activation (which parses nothing); after typing, as the diagnostics do.
  let timer = setTimeout(() => void update(), 0);
  const updateAfterTyping = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void update(), TYPING_DELAY_MS);
  };
  const disposable = vscode.Disposable.from(
    item,
    { dispose: () => clearTimeout(timer) },
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document) updateAfterTyping();
    }),
    vscode.languages.onDidChangeDiagnostics((event) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && event.uris.some((uri) => uri.toString() === active)) void update();
    }),
  );
  return { disposable, state: () => state };
}
