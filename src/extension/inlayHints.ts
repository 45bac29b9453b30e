import * as vscode from 'vscode';
import { hintOffsetOf } from '../core/hintPlacement';
import { safely, type FeatureDeps } from './deps';
import { allLayers, EDITOR_HINT_LENGTH, layersByPlace, placeHints, type HintContent } from './presentation';

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
      // The editor cuts a line's hints past this length: a place's hints are told within it.
      const maxLength = vscode.workspace.getConfiguration('editor.inlayHints', document).get<number>('maximumLength', EDITOR_HINT_LENGTH);
      const analysis = await this.deps.cache.get(document);
      const start = document.offsetAt(range.start);
      const end = document.offsetAt(range.end);
      const lineOf = (offset: number) => document.positionAt(offset).line + 1;
      const hints: vscode.InlayHint[] = [];
      // A builder called twice puts a layer of each model at one place: the hints there tell them apart.
      for (const place of layersByPlace(allLayers(analysis), (layer) => layer.hintOffset)) {
        if (token.isCancellationRequested) return [];
        const offset = hintOffsetOf(place[0].layers[0].layer, (at) => document.positionAt(at));
        if (offset < start || offset > end) continue;
        for (const { label, tooltip } of placeHints(place, show, lineOf, maxLength)) {
          const hint = new vscode.InlayHint(document.positionAt(offset), label, vscode.InlayHintKind.Type);
          hint.paddingLeft = true;
          if (tooltip) hint.tooltip = tooltip;
          hints.push(hint);
        }
      }
      return hints;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * Shape hints after each layer header; redrawn when the `convlens.inlayHints` settings or the
 * editor's limit on a line's hints change, a setting that changes results (`convlens.defines`,
 * severities, the Ultralytics scale) drops every analysis, or a file a model imports changes.
 * `onDidChangeInlayHints` is the redraw request.
 */
export function register(selector: vscode.DocumentSelector, deps: FeatureDeps): { disposable: vscode.Disposable; onDidChangeInlayHints: vscode.Event<void> } {
  const provider = new ShapeInlayHintsProvider(deps);
  const disposable = vscode.Disposable.from(
    provider,
    vscode.languages.registerInlayHintsProvider(selector, provider),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('convlens.inlayHints') || event.affectsConfiguration('editor.inlayHints.maximumLength')) provider.refresh();
    }),
    deps.cache.onDidClear(() => provider.refresh()),
    deps.cache.onDidInvalidate(() => provider.refresh()),
  );
  return { disposable, onDidChangeInlayHints: provider.onDidChangeInlayHints };
}
