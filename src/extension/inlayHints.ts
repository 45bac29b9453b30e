import * as vscode from 'vscode';
import { hintOffsetOf } from '../core/hintPlacement';
import { safely, type FeatureDeps } from './deps';
import { allLayers, inlayHintLabel, unknownExplanation, type HintContent } from './presentation';

class ShapeInlayHintsProvider implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly deps: FeatureDeps) {}

  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
    return safely(this.deps.log, 'Inlay hints', [], token, async () => {
      const settings = vscode.workspace.getConfiguration('convlens.inlayHints', document);
      if (!settings.get<boolean>('enabled', true)) return [];
      const show = settings.get<HintContent>('show', 'output');
      const analysis = await this.deps.cache.get(document);
      const start = document.offsetAt(range.start);
      const end = document.offsetAt(range.end);
      const hints: vscode.InlayHint[] = [];
      for (const { layer } of allLayers(analysis)) {
        if (token.isCancellationRequested) return [];
        const offset = hintOffsetOf(layer, (at) => document.positionAt(at));
        if (offset < start || offset > end) continue;
        const hint = new vscode.InlayHint(document.positionAt(offset), inlayHintLabel(layer, show), vscode.InlayHintKind.Type);
        hint.paddingLeft = true;
        const unknown = unknownExplanation(layer, (offset) => document.positionAt(offset).line + 1);
        if (unknown) hint.tooltip = unknown;
        hints.push(hint);
      }
      return hints;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * Shape hints after each layer header; redrawn when the `convlens.inlayHints` settings change, a
 * setting that changes results (`convlens.defines`, severities, the Ultralytics scale) drops every
 * analysis, or a file a model imports changes. `onDidChangeInlayHints` is the redraw request.
 */
export function register(selector: vscode.DocumentSelector, deps: FeatureDeps): { disposable: vscode.Disposable; onDidChangeInlayHints: vscode.Event<void> } {
  const provider = new ShapeInlayHintsProvider(deps);
  const disposable = vscode.Disposable.from(
    provider,
    vscode.languages.registerInlayHintsProvider(selector, provider),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('convlens.inlayHints')) provider.refresh();
    }),
    deps.cache.onDidClear(() => provider.refresh()),
    deps.cache.onDidInvalidate(() => provider.refresh()),
  );
  return { disposable, onDidChangeInlayHints: provider.onDidChangeInlayHints };
}
