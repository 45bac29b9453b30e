// The upsampling preview in a real VS Code: the command opens a webview panel, and the host's
// "Apply to document" path writes the layer's parameters as one undoable edit.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './support/workspace';

const PREVIEW_VIEW_TYPE = 'convlens.preview';

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(PREVIEW_VIEW_TYPE));
}

describe('upsampling preview', () => {
  afterEach(async () => {
    for (const tab of previewTabs()) await vscode.window.tabGroups.close(tab);
  });

  it('opens a webview panel for the layer given as the command argument', async () => {
    const { document } = await openFixture('preview.model.yaml');
    const target = { uri: document.uri.toString(), modelIndex: 0, layerIndex: 0 };
    const opened = await vscode.commands.executeCommand('convlens.previewUpsampling', target);
    assert.equal(opened, true);
    // The panel is titled after the layer once the host has analysed the document.
    await waitFor('the preview tab titled after the layer', () => (previewTabs().some((tab) => tab.label === 'Upsampling · up') ? true : undefined));
    assert.equal(previewTabs().length, 1);
    // The same target again reveals the panel instead of opening a second one.
    await vscode.commands.executeCommand('convlens.previewUpsampling', target);
    assert.equal(previewTabs().length, 1);
  });

  it('opens the layer at the cursor without an argument', async () => {
    const editor = await openFixture('preview.model.yaml');
    const offset = editor.document.getText().indexOf('stride: 2');
    editor.selection = new vscode.Selection(editor.document.positionAt(offset), editor.document.positionAt(offset));
    assert.equal(await vscode.commands.executeCommand('convlens.previewUpsampling'), true);
    await waitFor('a preview tab', () => (previewTabs().length > 0 ? true : undefined));
  });

  it('writes the parameters back as one undo step', async () => {
    const { document } = await openFixture('preview.model.yaml');
    const original = document.getText();
    const target = { uri: document.uri.toString(), modelIndex: 0, layerIndex: 0 };
    const params = { kernel: [4, 4], stride: [2, 2], padBegin: [1, 1], padEnd: [1, 1], outputPadding: [1, 1], dilation: [1, 1] };
    const result = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('convlens.preview.applyParameters', { target, params });
    assert.deepEqual(result, { ok: true, message: 'Wrote kernel_size, output_padding.' });
    const edited = document.getText();
    assert.match(edited, /kernel_size: 4\n/);
    assert.match(edited, /output_padding: 1\b/);
    assert.match(edited, /stride: 2\n/);

    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), original, 'one undo restores the whole edit');
  });

  it('asks before writing a change that breaks shapes, refuses values taken from an older state of the layer, and writes when confirmed', async () => {
    const { document } = await openFixture('preview-expect.model.yaml');
    const original = document.getText();
    const target = { uri: document.uri.toString(), modelIndex: 0, layerIndex: 0 };
    const current = { kernel: [4, 4], stride: [2, 2], padBegin: [1, 1], padEnd: [1, 1], outputPadding: [0, 0], dilation: [1, 1] };
    const params = { ...current, kernel: [3, 3] };
    type Result = { ok: boolean; message: string; breaks?: string[] };
    const apply = (argument: object) => vscode.commands.executeCommand<Result>('convlens.preview.applyParameters', { target, params, basis: current, ...argument });

    const asked = await apply({});
    assert.equal(asked.ok, false);
    assert.equal(asked.message, 'Writing kernel_size would add a shape error to the document; nothing was written yet.');
    // Kernel 3: (8−1)·2 − 2 + 2 + 0 + 1 = 15 where `expect` says 16.
    assert.equal(asked.breaks?.length, 1);
    assert.match(asked.breaks![0], /^up: .*15.*16/);
    assert.equal(document.getText(), original);

    const stale = await apply({ basis: { ...current, stride: [1, 1] }, confirmed: true });
    assert.deepEqual(stale, { ok: false, message: "The layer 'up' changed in the document since the preview took its values; nothing was written. Check the values and apply again." });
    assert.equal(document.getText(), original);

    assert.deepEqual(await apply({ confirmed: true }), { ok: true, message: 'Wrote kernel_size.' });
    assert.match(document.getText(), /kernel_size: 3\n/);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), original);
  });

  it('refuses a malformed apply argument', async () => {
    const result = await vscode.commands.executeCommand<{ ok: boolean }>('convlens.preview.applyParameters', { target: { uri: 1 } });
    assert.equal(result.ok, false);
  });
});
