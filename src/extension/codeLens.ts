import * as vscode from 'vscode';
import type { PreviewTarget } from '../core/previewProtocol';
import { safely, type FeatureDeps } from './deps';
import { PREVIEW_COMMAND } from './previewPanel';
import { allLayers, layersByPlace, previewLenses } from './presentation';

const ENABLED_SETTING = 'convlens.codeLens.enabled';

class PreviewCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly deps: FeatureDeps) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    return safely(this.deps.log, 'CodeLens', [], token, async () => {
      if (!vscode.workspace.getConfiguration('convlens.codeLens', document).get<boolean>('enabled', true)) return [];
      const analysis = await this.deps.cache.get(document);
      const lenses: vscode.CodeLens[] = [];
      const lineOf = (offset: number) => document.positionAt(offset).line + 1;
      // A builder called twice has a layer of each model there: a lens per different preview, naming its model.
      for (const place of layersByPlace(allLayers(analysis), (layer) => layer.typeSpan.start)) {
        for (const { title, entry } of previewLenses(place, lineOf)) {
          const args: PreviewTarget = { uri: document.uri.toString(), modelIndex: entry.modelIndex, layerIndex: entry.layerIndex };
          const start = document.positionAt(entry.layer.typeSpan.start);
          lenses.push(new vscode.CodeLens(new vscode.Range(start, start), { title, command: PREVIEW_COMMAND, arguments: [args] }));
        }
      }
      return lenses;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * `Preview upsampling (8×8 → 16×16)` above each transposed convolution, unless
 * `convlens.codeLens.enabled` is off; redrawn when a setting that changes results (`convlens.defines`…)
 * drops every analysis, since the sizes in the titles change with it.
 */
export function register(selector: vscode.DocumentSelector, deps: FeatureDeps): vscode.Disposable {
  const provider = new PreviewCodeLensProvider(deps);
  return vscode.Disposable.from(
    provider,
    vscode.languages.registerCodeLensProvider(selector, provider),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(ENABLED_SETTING)) provider.refresh();
    }),
    deps.cache.onDidClear(() => provider.refresh()),
  );
}
