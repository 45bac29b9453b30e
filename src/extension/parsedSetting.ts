import * as vscode from 'vscode';

/**
 * A setting whose value is checked by core (`convlens.diagnostics.severity`, `convlens.defines`),
 * read at activation and again when it changes. Problems in it are logged and shown once per change.
 */
export class ParsedSetting<T> implements vscode.Disposable {
  private value!: T;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the setting changed and was read again. */
  readonly onDidChange = this.changed.event;
  private readonly configurationListener: vscode.Disposable;

  /** `parse` answers the usable value and one sentence per problem in the raw one. */
  constructor(
    private readonly id: string,
    private readonly parse: (raw: unknown) => { value: T; problems: string[] },
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.read();
    this.configurationListener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(this.id)) return;
      this.read();
      this.changed.fire();
    });
  }

  get current(): T {
    return this.value;
  }

  private read(): void {
    const { value, problems } = this.parse(vscode.workspace.getConfiguration().get<unknown>(this.id));
    this.value = value;
    if (!problems.length) return;
    for (const problem of problems) this.log.warn(`Setting ${this.id}: ${problem}`);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more, see the ConvLens output)` : '';
    void vscode.window.showWarningMessage(`ConvLens: setting ${this.id}: ${problems[0]}${more}.`);
  }

  dispose(): void {
    this.configurationListener.dispose();
    this.changed.dispose();
  }
}
