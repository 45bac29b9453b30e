import * as vscode from 'vscode';
import { safely, type FeatureDeps } from './deps';
import { toRange } from './positions';
import { formatShape } from '../core/formatting';
import { layerLabel } from '../core/summaryTable';

class ModelSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly deps: FeatureDeps) {}

  provideDocumentSymbols(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentSymbol[]> {
    return safely(this.deps.log, 'Document symbols', [], token, async () => {
      const analysis = await this.deps.cache.get(document);
      return analysis.models.map((model) => {
        // A model a builder called twice made is selected at the call that made it; its layers are the builder's.
        const made = model.madeBy && toRange(document, model.madeBy.call);
        const modelRange = made ? toRange(document, model.span).union(made) : toRange(document, model.span);
        const last = model.layers.at(-1);
        const symbol = new vscode.DocumentSymbol(
          model.name || 'model',
          `${model.framework}${last ? ` → ${formatShape(last.output, 'pretty')}` : ''}`,
          vscode.SymbolKind.Module,
          modelRange,
          made ?? modelRange,
        );
        symbol.children = model.layers.map((layer) => {
          const layerRange = toRange(document, layer.span);
          // The selection range must lie inside the range; the type name does unless a reader disagrees.
          const typeRange = toRange(document, layer.typeSpan);
          const selection = layerRange.contains(typeRange) ? typeRange : layerRange;
          return new vscode.DocumentSymbol(layerLabel(layer), formatShape(layer.output, 'pretty'), vscode.SymbolKind.Class, layerRange, selection);
        });
        return symbol;
      });
    });
  }
}

/** The outline: each model with its layers and their output shapes. */
export function register(selector: vscode.DocumentSelector, deps: FeatureDeps): vscode.Disposable {
  return vscode.languages.registerDocumentSymbolProvider(selector, new ModelSymbolProvider(deps), { label: 'ConvLens' });
}
