import * as vscode from 'vscode';
import type { PreviewTarget } from '../core/previewProtocol';
import { safely, type FeatureDeps } from './deps';
import { PREVIEW_COMMAND } from './previewPanel';
import { toRange } from './positions';
import { allLayers, layerHoverMarkdown, layersByPlace, sharedHoverMarkdown, ultralyticsModelTotals, type LayerEntry } from './presentation';

function previewCommandUri(args: PreviewTarget): string {
  return `command:${PREVIEW_COMMAND}?${encodeURIComponent(JSON.stringify([args]))}`;
}

class LayerHoverProvider implements vscode.HoverProvider {
  constructor(private readonly deps: FeatureDeps) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    return safely(this.deps.log, 'Hover', undefined, token, async () => {
      const analysis = await this.deps.cache.get(document);
      const offset = document.offsetAt(position);
      // Layers may nest (a TS layer call inside a model literal): the innermost span wins.
      let best: LayerEntry | undefined;
      for (const entry of allLayers(analysis)) {
        const { span } = entry.layer;
        if (offset < span.start || offset > span.end) continue;
        if (!best || span.end - span.start < best.layer.span.end - best.layer.span.start) best = entry;
      }
      if (!best) return undefined;
      const { span } = best.layer;
      // Every model with a layer there (a builder called twice makes one each), by model.
      const [place] = layersByPlace(
        [...allLayers(analysis)].filter(({ layer }) => layer.span.start === span.start && layer.span.end === span.end),
        () => 0,
      );
      const lineOf = (offset: number) => document.positionAt(offset).line + 1;
      const previewLinkOf = ({ layer, modelIndex, layerIndex }: LayerEntry) =>
        layer.transposedConv ? previewCommandUri({ uri: document.uri.toString(), modelIndex, layerIndex }) : undefined;
      const hoverOf = (entry: LayerEntry, linked: boolean) =>
        layerHoverMarkdown(entry.layer, lineOf, linked ? previewLinkOf(entry) : undefined, ultralyticsModelTotals(entry.model));
      const markdown = new vscode.MarkdownString(sharedHoverMarkdown(place, lineOf, hoverOf, previewLinkOf));
      markdown.isTrusted = { enabledCommands: [PREVIEW_COMMAND] };
      return new vscode.Hover(markdown, toRange(document, span));
    });
  }
}

/** The shapes, formulas and counts of the layer under the pointer. */
export function register(selector: vscode.DocumentSelector, deps: FeatureDeps): vscode.Disposable {
  return vscode.languages.registerHoverProvider(selector, new LayerHoverProvider(deps));
}
