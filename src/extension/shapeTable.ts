import * as vscode from 'vscode';
import { safely, type FeatureDeps } from './deps';
import { formatDocumentSummary } from '../core/summaryTable';

const SHOW_SHAPE_TABLE_COMMAND = 'convlens.showShapeTable';
const TABLE_SCHEME = 'convlens-table';

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();
}

/** `convlens-table:/dcgan.model.yaml.shapes.txt?<source uri>`: read-only, one per source document. */
function tableUri(source: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: TABLE_SCHEME, path: `/${baseName(source)}.shapes.txt`, query: source.toString() });
}

class ShapeTableProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: FeatureDeps) {}

  provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const source = vscode.Uri.parse(uri.query);
    return safely(this.deps.log, 'Shape table', `ConvLens could not read ${source.toString()}.\n`, token, async () => {
      const document = await vscode.workspace.openTextDocument(source);
      return formatDocumentSummary(await this.deps.cache.get(document), baseName(source));
    });
  }

  /** Re-renders the table of a source document that changed, if that table is open. */
  sourceChanged(source: vscode.Uri): void {
    const table = tableUri(source);
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === table.toString())) this.changed.fire(table);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Opens the table beside the editor; answers the table's URI (undefined without a document). */
async function showShapeTable(target: vscode.Uri | string | undefined): Promise<vscode.Uri | undefined> {
  const source = typeof target === 'string' ? vscode.Uri.parse(target) : (target ?? vscode.window.activeTextEditor?.document.uri);
  if (!source) {
    void vscode.window.showInformationMessage('ConvLens: open a model file to show its shape table.');
    return undefined;
  }
  const uri = tableUri(source);
  const table = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(table, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  return uri;
}

/** Command `convlens.showShapeTable`: the model summary (layer, output shape, params, totals). */
export function register(selector: vscode.DocumentSelector, deps: FeatureDeps): vscode.Disposable {
  const provider = new ShapeTableProvider(deps);
  return vscode.Disposable.from(
    provider,
    vscode.workspace.registerTextDocumentContentProvider(TABLE_SCHEME, provider),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (vscode.languages.match(selector, event.document) > 0) provider.sourceChanged(event.document.uri);
    }),
    vscode.commands.registerCommand(SHOW_SHAPE_TABLE_COMMAND, (target?: vscode.Uri | string) =>
      showShapeTable(target).catch((error: unknown) => {
        deps.log.error('Show Shape Table failed', error);
        void vscode.window.showErrorMessage(`ConvLens: could not show the shape table (${String(error)}).`);
        return undefined;
      }),
    ),
  );
}
