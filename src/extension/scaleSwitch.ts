import * as vscode from 'vscode';
import { formatFor } from '../core/formats/modelFormats';
import { analysisFileName } from './analysisCache';
import type { AnalysisChunk } from './analysisLoading';
import { safely } from './deps';

/** The command behind the scale CodeLens; arguments `(uri?: string, letter?: string)`, without them a quick pick for the active editor. */
export const SELECT_SCALE_COMMAND = 'convlens.selectScale';

const STATE_KEY = 'convlens.scales';

/**
 * The Ultralytics scale chosen per document (`convlens.selectScale`), kept in the workspace
 * state so it survives a reload. A document without a choice builds the scale its file name,
 * `scale:` key or first `scales` entry names, as Ultralytics does.
 */
export class ScaleChoices implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after a document's scale changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  get(uri: vscode.Uri): string | undefined {
    return this.state.get<Record<string, string>>(STATE_KEY, {})[uri.toString()];
  }

  async set(uri: vscode.Uri, letter: string): Promise<void> {
    await this.state.update(STATE_KEY, { ...this.state.get<Record<string, string>>(STATE_KEY, {}), [uri.toString()]: letter });
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The scales of an open YOLO model file and the one it is analysed at; undefined for other documents. */
async function scalesOf(document: vscode.TextDocument, choices: ScaleChoices, loadAnalysis: () => Promise<AnalysisChunk>) {
  const [text, fileName] = [document.getText(), analysisFileName(document.uri, document.languageId)];
  if (formatFor(text, fileName)?.id !== 'ultralytics') return undefined;
  const scale = choices.get(document.uri);
  return (await loadAnalysis()).ultralyticsScales(text, fileName, scale === undefined ? {} : { scale });
}

class ScaleCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(
    private readonly choices: ScaleChoices,
    private readonly loadAnalysis: () => Promise<AnalysisChunk>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.onDidChangeCodeLenses = choices.onDidChange;
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    return safely(this.log, 'Scale CodeLens', [], token, async () => {
      const scales = await scalesOf(document, this.choices, this.loadAnalysis);
      if (!scales) return [];
      const start = document.positionAt(scales.keySpan.start);
      const command = { title: `Scale ${scales.current} of ${scales.letters.join(', ')} — switch`, command: SELECT_SCALE_COMMAND, arguments: [document.uri.toString()] };
      return [new vscode.CodeLens(new vscode.Range(start, start), command)];
    });
  }
}

/** Asks for a scale of the document's `scales` (or takes `letter`) and re-analyses the document at it. */
async function selectScale(choices: ScaleChoices, loadAnalysis: () => Promise<AnalysisChunk>, uriText?: string, letter?: string): Promise<void> {
  const document = uriText === undefined ? vscode.window.activeTextEditor?.document : await vscode.workspace.openTextDocument(vscode.Uri.parse(uriText));
  const scales = document && (await scalesOf(document, choices, loadAnalysis));
  if (!document || !scales) {
    void vscode.window.showInformationMessage('ConvLens: the active editor is not an Ultralytics YOLO model with `scales`.');
    return;
  }
  const items = scales.letters.map((label) => ({ label, description: label === scales.current ? 'current' : undefined }));
  const chosen = letter ?? (await vscode.window.showQuickPick(items, { placeHolder: 'Scale to build the model at (as Ultralytics `scale`)' }))?.label;
  if (chosen === undefined) return;
  if (!scales.letters.includes(chosen)) throw new Error(`Scale '${chosen}' is not one of ${scales.letters.join(', ')}`);
  await choices.set(document.uri, chosen);
}

/** The `convlens.selectScale` command and its CodeLens on the `scales:` line of a YOLO model file. */
export function register(
  selector: vscode.DocumentSelector,
  choices: ScaleChoices,
  loadAnalysis: () => Promise<AnalysisChunk>,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCodeLensProvider(selector, new ScaleCodeLensProvider(choices, loadAnalysis, log)),
    vscode.commands.registerCommand(SELECT_SCALE_COMMAND, (uri?: string, letter?: string) => selectScale(choices, loadAnalysis, uri, letter)),
  );
}
