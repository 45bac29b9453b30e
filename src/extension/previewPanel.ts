import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../core/analysis';
import { anchorOf, applyTextEdits, findAnchoredLayer, newShapeErrors, shiftAnchor, type LayerAnchor } from '../core/previewAnchor';
import { formatArea } from '../core/formatting';
import { layerLabel } from '../core/summaryTable';
import {
  MAX_MEMORY_LIMIT_MB,
  PREVIEW_PARAM_KEYS,
  PREVIEW_VIEW_TYPE,
  parsePageMessage,
  parseTarget,
  type ApplyRequest,
  type ApplyResult,
  type HostMessage,
  type PreviewContent,
  type PreviewTarget,
} from '../core/previewProtocol';
import type { AnalysisChunk } from './analysisLoading';
import { makeNonce, renderPreviewHtml } from './previewHtml';

// Both extension hosts (Node 20 and the web worker) have Web Crypto as a global.
declare const crypto: { getRandomValues(array: Uint8Array): Uint8Array };

/** What the preview needs from the rest of the extension. */
export interface PreviewDeps {
  readonly extensionUri: vscode.Uri;
  /** The shared, per-version analysis of a document. */
  getAnalysis(document: vscode.TextDocument): Promise<DocumentAnalysis>;
  /** The analysis chunk, for the preview's view of a layer and its edits (loaded by the analysis before them). */
  loadAnalysis(): Promise<AnalysisChunk>;
  /** Analyses text that is not (yet) `document`'s: the document as an Apply would leave it (its imports read beside it). */
  analyzeText(text: string, document: vscode.TextDocument): Promise<DocumentAnalysis>;
  readonly log: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;
}

export const PREVIEW_COMMAND = 'convlens.previewUpsampling';
/**
 * Writes preview parameters into the document (the page's "Apply to document"); not in the
 * palette. Argument {@link ApplyRequest} (`keys` defaults to all), result {@link ApplyResult}.
 * Integration tests call it directly.
 */
export const PREVIEW_APPLY_COMMAND = 'convlens.preview.applyParameters';

const IMAGE_GLOB = '**/*.{png,jpg,jpeg,gif,webp,bmp}';
const MAX_IMAGES = 200;
const MAX_IMAGE_BYTES = 32 * 1024 * 1024;
const REFRESH_DELAY_MS = 150;

function targetKey(target: PreviewTarget): string {
  return `${target.uri}#${target.modelIndex}/${target.layerIndex}`;
}

function memoryLimitMB(): number {
  const value = vscode.workspace.getConfiguration('convlens.preview').get<number>('memoryLimitMB', 256);
  // VS Code does not enforce the setting's bounds; beyond them the page's size guard would not hold.
  return typeof value === 'number' && value > 0 ? Math.min(value, MAX_MEMORY_LIMIT_MB) : 256;
}

function fileLabel(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

async function openDocument(uri: string): Promise<vscode.TextDocument | undefined> {
  try {
    return await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  } catch {
    return undefined;
  }
}

/** The page's content for an anchored layer in its current document state. */
async function contentFor(deps: PreviewDeps, uri: string, anchor: LayerAnchor): Promise<{ content: PreviewContent; anchor: LayerAnchor }> {
  const limit = memoryLimitMB();
  const document = await openDocument(uri);
  if (!document) return { content: { layer: null, message: `Cannot open ${uri}.`, memoryLimitMB: limit }, anchor };
  const analysis = await deps.getAnalysis(document);
  const found = findAnchoredLayer(analysis, anchor, uri);
  if (!found.ok) return { content: { layer: null, message: found.message, memoryLimitMB: limit }, anchor };
  const model = analysis.models[found.target.modelIndex];
  const { toPreviewLayer } = await deps.loadAnalysis();
  const preview = toPreviewLayer(model, found.layer, found.target, fileLabel(document.uri));
  // findAnchoredLayer only finds transposed convolutions, which toPreviewLayer always describes.
  return { content: { layer: preview!, memoryLimitMB: limit }, anchor: found.anchor };
}

const sameValues = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes the request's parameters into the anchored layer (the target's, for the command) as one
 * WorkspaceEdit (one undo step). Refuses when the layer changed since the page took its values,
 * and, unless confirmed, when the change would add shape errors to the document.
 */
export async function applyPreviewParams(deps: PreviewDeps, request: ApplyRequest, anchor?: LayerAnchor): Promise<ApplyResult> {
  const document = await openDocument(request.target.uri);
  if (!document) return { ok: false, message: `Cannot open ${request.target.uri}.` };
  const analysis = await deps.getAnalysis(document);
  const start = anchor ?? anchorOf(analysis, request.target);
  if (!start) return { ok: false, message: `${fileLabel(document.uri)} has no layer ${request.target.layerIndex} in model ${request.target.modelIndex}.` };
  const found = findAnchoredLayer(analysis, start, request.target.uri);
  if (!found.ok) return { ok: false, message: `${found.message} Nothing was written.` };
  const model = analysis.models[found.target.modelIndex];
  const geometry = found.layer.transposedConv!;
  const { planParamEdits, toPreviewLayer } = await deps.loadAnalysis();
  const current = toPreviewLayer(model, found.layer, found.target, fileLabel(document.uri))!.params;
  if (request.basis && !sameValues(request.basis, current)) {
    return { ok: false, message: `The layer '${found.layer.name}' changed in the document since the preview took its values; nothing was written. Check the values and apply again.` };
  }
  const plan = planParamEdits(document.getText(), model.framework, geometry, request.params, request.keys);
  if (!plan.ok) return plan;
  if (plan.edits.length === 0) return { ok: true, message: 'The document already has these values.' };
  const names = plan.changed.map((key) => geometry.paramNames[key]).join(', ');
  if (!request.confirmed) {
    const after = await deps.analyzeText(applyTextEdits(document.getText(), plan.edits), document);
    const breaks = newShapeErrors(analysis, after);
    if (breaks.length > 0) {
      const count = breaks.length === 1 ? 'a shape error' : `${breaks.length} shape errors`;
      return { ok: false, message: `Writing ${names} would add ${count} to the document; nothing was written yet.`, breaks };
    }
  }
  const edit = new vscode.WorkspaceEdit();
  for (const { span, newText } of plan.edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(span.start), document.positionAt(span.end)), newText);
  }
  const applied = await vscode.workspace.applyEdit(edit);
  return applied ? { ok: true, message: `Wrote ${names}.` } : { ok: false, message: 'VS Code refused the edit.' };
}

/** One open preview panel and its conversation with the page. */
class PreviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly images = new Map<string, vscode.Uri>();
  private ready = false;
  private refreshTimer: unknown;

  /**
   * @param target The layer as the command named it; {@link target} follows it across edits.
   * @param anchor What identifies the layer while the panel is open (not its index).
   */
  constructor(
    private readonly deps: PreviewDeps,
    readonly panel: vscode.WebviewPanel,
    public target: PreviewTarget,
    private anchor: LayerAnchor,
    private readonly onDispose: () => void,
  ) {
    panel.webview.options = webviewOptions(deps.extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message) => this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  async render(): Promise<void> {
    const content = await this.currentContent();
    this.ready = false;
    const webview = this.panel.webview;
    const resource = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, ...segments)).toString();
    this.panel.title = content.layer ? `Upsampling · ${content.layer.label.split(' · ')[0]}` : 'Upsampling preview';
    webview.html = renderPreviewHtml(
      {
        cspSource: webview.cspSource,
        nonce: makeNonce((bytes) => crypto.getRandomValues(bytes)),
        scriptUri: resource('dist', 'webview', 'preview.js'),
        workerUri: resource('dist', 'webview', 'kernelWorker.js'),
        kernelWasmUri: resource('dist', 'webview', 'convKernel.wasm'),
        styleUri: resource('media', 'preview.css'),
      },
      content,
    );
  }

  /** The page's content now, following the layer to its current place. */
  private async currentContent(): Promise<PreviewContent> {
    const { content, anchor } = await contentFor(this.deps, this.target.uri, this.anchor);
    this.anchor = anchor;
    if (content.layer) this.target = content.layer.target;
    return content;
  }

  /** Carries the layer's identity through an edit of its document. */
  followEdit(changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
    for (const change of changes) {
      this.anchor = shiftAnchor(this.anchor, { offset: change.rangeOffset, length: change.rangeLength, newLength: change.text.length });
    }
    this.scheduleRefresh();
  }

  /** Re-sends the layer after the document or the settings changed (debounced while typing). */
  scheduleRefresh(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.postContent();
    }, REFRESH_DELAY_MS);
  }

  private async postContent(): Promise<void> {
    if (!this.ready) return;
    try {
      const content = await this.currentContent();
      await this.post({ type: 'content', ...content });
    } catch (error) {
      this.deps.log.error('Preview: updating the page failed', error);
    }
  }

  private async post(message: HostMessage): Promise<void> {
    try {
      await this.panel.webview.postMessage(message);
    } catch (error) {
      this.deps.log.warn(`Preview: could not post ${message.type}: ${String(error)}`);
    }
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parsePageMessage(raw);
    if (!message) {
      this.deps.log.warn(`Preview: ignored a malformed message from the page: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    try {
      switch (message.type) {
        case 'ready':
          this.ready = true;
          await this.postContent();
          return;
        case 'apply': {
          if (message.target.uri !== this.target.uri) {
            await this.post({ type: 'applyResult', ok: false, message: 'The page asked to edit a different document.' });
            return;
          }
          const result = await applyPreviewParams(this.deps, { ...message, target: this.target }, this.anchor);
          await this.post({ type: 'applyResult', ...result });
          // A refusal because the layer changed: show the page the document as it is now.
          if (!result.ok && !result.breaks) await this.postContent();
          return;
        }
        case 'listImages':
          await this.listImages();
          return;
        case 'requestImage':
          await this.sendImage(message.requestId, message.path);
          return;
      }
    } catch (error) {
      this.deps.log.error(`Preview: handling ${message.type} failed`, error);
      if (message.type === 'apply') await this.post({ type: 'applyResult', ok: false, message: String(error) });
    }
  }

  private async listImages(): Promise<void> {
    const uris = await vscode.workspace.findFiles(IMAGE_GLOB, '**/node_modules/**', MAX_IMAGES);
    this.images.clear();
    for (const uri of uris) this.images.set(vscode.workspace.asRelativePath(uri), uri);
    await this.post({ type: 'imageList', files: [...this.images.keys()].sort() });
  }

  /** Only files this panel listed itself can be read: the page never names arbitrary paths. */
  private async sendImage(requestId: number, path: string): Promise<void> {
    const uri = this.images.get(path);
    if (!uri) {
      await this.post({ type: 'imageError', requestId, path, message: `${path} is not one of the listed workspace images.` });
      return;
    }
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_IMAGE_BYTES) throw new Error(`${path} is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MiB.`);
      const bytes = await vscode.workspace.fs.readFile(uri);
      await this.post({ type: 'image', requestId, path, bytes });
    } catch (error) {
      await this.post({ type: 'imageError', requestId, path, message: error instanceof Error ? error.message : String(error) });
    }
  }

  dispose(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.onDispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableForms: false,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** The transposed-conv layers of a document, for the quick pick and for the layer at the cursor. */
function transposedLayers(analysis: DocumentAnalysis, uri: vscode.Uri) {
  return analysis.models.flatMap((model, modelIndex) =>
    model.layers.flatMap((layer, layerIndex) =>
      layer.transposedConv ? [{ model, layer, target: { uri: uri.toString(), modelIndex, layerIndex } }] : [],
    ),
  );
}

/** The layer at the cursor of the active editor, else the user's pick among the document's transposed convs. */
async function chooseTarget(deps: PreviewDeps): Promise<PreviewTarget | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('ConvLens: open a model file to preview a transposed convolution.');
    return undefined;
  }
  const candidates = transposedLayers(await deps.getAnalysis(editor.document), editor.document.uri);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('ConvLens: this document has no transposed convolution layer.');
    return undefined;
  }
  const cursor = editor.document.offsetAt(editor.selection.active);
  const atCursor = candidates.find(({ layer }) => layer.span.start <= cursor && cursor <= layer.span.end);
  if (atCursor) return atCursor.target;
  if (candidates.length === 1) return candidates[0].target;
  const picked = await vscode.window.showQuickPick(
    candidates.map(({ model, layer, target }) => ({
      label: layerLabel(layer),
      description: `input ${formatArea(layer.transposedConv!.inputSpatial)}`,
      detail: model.name,
      target,
    })),
    { placeHolder: 'Transposed convolution to preview' },
  );
  return picked?.target;
}

/**
 * Registers `convlens.previewUpsampling` (argument: optional {@link PreviewTarget}
 * `{uri: string, modelIndex, layerIndex}`), the apply command, the panel serializer that
 * restores previews after a reload, and the listeners that keep open previews in step with
 * their documents.
 */
export function registerPreview(deps: PreviewDeps): vscode.Disposable {
  const panels = new Set<PreviewPanel>();
  /** The open panel on a target's layer; panels follow their layers, so compare where they are now. */
  const panelOn = (target: PreviewTarget) => [...panels].find((preview) => targetKey(preview.target) === targetKey(target));

  const attach = async (panel: vscode.WebviewPanel, target: PreviewTarget): Promise<PreviewPanel> => {
    const document = await openDocument(target.uri);
    const analysis = document ? await deps.getAnalysis(document) : undefined;
    // A target that names no layer still gets a panel, which says so.
    const anchor = (analysis && anchorOf(analysis, target)) ?? { offset: null, modelIndex: target.modelIndex, name: String(target.layerIndex), type: 'no such layer' };
    const preview = new PreviewPanel(deps, panel, target, anchor, () => panels.delete(preview));
    panels.add(preview);
    return preview;
  };

  const open = async (argument: unknown): Promise<boolean> => {
    const target = argument === undefined ? await chooseTarget(deps) : parseTarget(argument);
    if (!target) {
      if (argument !== undefined) deps.log.warn(`Preview: ignored an invalid command argument ${JSON.stringify(argument)}`);
      return false;
    }
    const existing = panelOn(target);
    if (existing) {
      existing.panel.reveal(undefined, false);
      return true;
    }
    const panel = vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      'Upsampling preview',
      // The focus moves into the preview (the page puts it on its first control).
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      webviewOptions(deps.extensionUri),
    );
    await (await attach(panel, target)).render();
    return true;
  };

  const refreshAll = () => {
    for (const preview of panels) preview.scheduleRefresh();
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(PREVIEW_COMMAND, (argument: unknown) =>
      open(argument).catch((error: unknown) => {
        deps.log.error('Preview failed', error);
        void vscode.window.showErrorMessage(`ConvLens: could not open the preview (${String(error)}).`);
        return false;
      }),
    ),
    vscode.commands.registerCommand(PREVIEW_APPLY_COMMAND, async (argument: unknown): Promise<ApplyResult> => {
      const record = typeof argument === 'object' && argument !== null ? (argument as Record<string, unknown>) : {};
      const message = parsePageMessage({ type: 'apply', keys: PREVIEW_PARAM_KEYS, ...record });
      if (message?.type !== 'apply') return { ok: false, message: 'Invalid argument: expected {target, params, keys?, basis?, confirmed?}.' };
      return applyPreviewParams(deps, message).catch((error: unknown) => {
        deps.log.error('Preview: applying parameters failed', error);
        return { ok: false, message: String(error) };
      });
    }),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const target = typeof state === 'object' && state !== null ? parseTarget((state as { target?: unknown }).target) : undefined;
        if (!target || panelOn(target)) {
          panel.dispose();
          return;
        }
        await attach(panel, target)
          .then((preview) => preview.render())
          .catch((error: unknown) => deps.log.error('Preview: restoring a panel failed', error));
      },
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0) return;
      for (const preview of panels) if (preview.target.uri === event.document.uri.toString()) preview.followEdit(event.contentChanges);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('convlens.preview.memoryLimitMB')) refreshAll();
    }),
    { dispose: () => [...panels].forEach((preview) => preview.dispose()) },
  );
}
