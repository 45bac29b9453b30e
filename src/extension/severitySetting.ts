import * as vscode from 'vscode';
import { parseSeverityOverrides, type SeverityOverrides } from '../core/severityOverrides';

const SECTION = 'convlens.diagnostics';
const KEY = 'severity';

/**
 * The setting `convlens.diagnostics.severity` (per-code levels, as ESLint's rule levels), read at
 * activation and again when it changes. Problems in it are logged and shown once per change.
 */
export class SeveritySetting implements vscode.Disposable {
  private overrides: SeverityOverrides = {};
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the setting changed and was read again. */
  readonly onDidChange = this.changed.event;
  private readonly configurationListener: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.read();
    this.configurationListener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(`${SECTION}.${KEY}`)) return;
      this.read();
      this.changed.fire();
    });
  }

  get current(): SeverityOverrides {
    return this.overrides;
  }

  private read(): void {
    const { overrides, problems } = parseSeverityOverrides(vscode.workspace.getConfiguration(SECTION).get<unknown>(KEY));
    this.overrides = overrides;
    if (!problems.length) return;
    for (const problem of problems) this.log.warn(`Setting ${SECTION}.${KEY}: ${problem}`);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more, see the ConvLens output)` : '';
    void vscode.window.showWarningMessage(`ConvLens: setting ${SECTION}.${KEY}: ${problems[0]}${more}.`);
  }

  dispose(): void {
    this.configurationListener.dispose();
    this.changed.dispose();
  }
}
