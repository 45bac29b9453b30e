import * as vscode from 'vscode';
import { safely, type FeatureDeps } from './deps';
import { editorWidthFor, widenedLayout, type EditorLayout } from './editorLayout';
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

  /** Re-renders every open table (a setting that changes results changed). */
  allChanged(): void {
    for (const document of vscode.workspace.textDocuments) if (document.uri.scheme === TABLE_SCHEME) this.changed.fire(document.uri);
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
  const editor = await vscode.window.showTextDocument(table, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  await fitColumns(editor);
  return uri;
}

/** Widens the table's editor group (opened beside the model, in half the window) to fit its widest line. */
async function fitColumns(editor: vscode.TextEditor): Promise<void> {
  if (editor.viewColumn === undefined) return;
  let columns = 0;
  for (let line = 0; line < editor.document.lineCount; line++) columns = Math.max(columns, editor.document.lineAt(line).text.length);
  const fontSize = vscode.workspace.getConfiguration('editor', editor.document).get<number>('fontSize', 14);
  const layout = await vscode.commands.executeCommand<EditorLayout>('vscode.getEditorLayout');
  const widened = widenedLayout(layout, editor.viewColumn - 1, editorWidthFor(columns, fontSize));
  if (widened) await vscode.commands.executeCommand('vscode.setEditorLayout', widened);
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
    deps.cache.onDidClear(() => provider.allChanged()),
    vscode.commands.registerCommand(SHOW_SHAPE_TABLE_COMMAND, (target?: vscode.Uri | string) =>
      showShapeTable(target).catch((error: unknown) => {
        deps.log.error('Show Shape Table failed', error);
        void vscode.window.showErrorMessage(`ConvLens: could not show the shape table (${String(error)}).`);
        return undefined;
      }),
    ),
  );
}
