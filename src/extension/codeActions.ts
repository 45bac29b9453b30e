import * as vscode from 'vscode';
import type { Diagnostic, Fix } from '../core/diagnostics';
import { safely, type FeatureDeps } from './deps';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { toRange } from './positions';

function toCodeAction(document: vscode.TextDocument, fix: Fix, shown: vscode.Diagnostic | undefined): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  for (const edit of fix.edits) action.edit.replace(document.uri, toRange(document, edit.span), edit.newText);
  if (shown) action.diagnostics = [shown];
  action.isPreferred = fix.preferred ?? false;
  return action;
}

class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly deps: FeatureDeps) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    return safely(this.deps.log, 'Quick fixes', [], token, async () => {
      if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
      // The fixes live on core's diagnostics of this very version, so their offsets are current.
      const analysis = await this.deps.cache.get(document);
      const withFixes = analysis.diagnostics.filter((diagnostic): diagnostic is Diagnostic & { fixes: Fix[] } => !!diagnostic.fixes?.length);
      return withFixes.flatMap((diagnostic) => {
        const diagnosticRange = toRange(document, diagnostic.span);
        if (!diagnosticRange.intersection(range)) return [];
        const shown = context.diagnostics.find(
          (candidate) => candidate.source === DIAGNOSTIC_SOURCE && candidate.code === diagnostic.code && candidate.range.isEqual(diagnosticRange),
        );
        return diagnostic.fixes.map((fix) => toCodeAction(document, fix, shown));
      });
    });
  }
}

/** Quick fixes carried by core's diagnostics (output_padding, output_size, in_channels, resize + conv, a misspelt layer type). */
export function register(selector: vscode.DocumentSelector, deps: FeatureDeps): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(selector, new QuickFixProvider(deps), {
    providedCodeActionKinds: QuickFixProvider.kinds,
  });
}
