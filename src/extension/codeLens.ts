import * as vscode from 'vscode';
import type { PreviewTarget } from '../core/previewProtocol';
import { safely, type FeatureDeps } from './deps';
import { PREVIEW_COMMAND } from './previewPanel';
import { allLayers, previewTitle } from './presentation';

class PreviewCodeLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly deps: FeatureDeps) {}

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    return safely(this.deps.log, 'CodeLens', [], token, async () => {
      const analysis = await this.deps.cache.get(document);
      const lenses: vscode.CodeLens[] = [];
      for (const { modelIndex, layer, layerIndex } of allLayers(analysis)) {
        const title = previewTitle(layer);
        if (!title) continue;
        const args: PreviewTarget = { uri: document.uri.toString(), modelIndex, layerIndex };
        const start = document.positionAt(layer.typeSpan.start);
        lenses.push(new vscode.CodeLens(new vscode.Range(start, start), { title, command: PREVIEW_COMMAND, arguments: [args] }));
      }
      return lenses;
    });
  }
}

/** `Preview upsampling (8×8 → 16×16)` above each transposed convolution. */
export function register(selector: vscode.DocumentSelector, deps: FeatureDeps): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider(selector, new PreviewCodeLensProvider(deps));
}
