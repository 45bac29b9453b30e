// A TF.js model whose filter count and upsampling helper live in another file of the workspace
// (issue 17): the extension reads the import through vscode.workspace.fs, and an edit of that
// file, unsaved or written to disk, redraws the importer's hints. Shapes are worked out in
// scripts/imports/generator.js's header ('same' transposed convs of stride s: o = i·s).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, hintText, inlayHints, lineOf, openFixture, waitFor } from './support/workspace';

const BLOCKS = 'scripts/imports/blocks.js';

/** The hint on the line of `text` in `document`, once it reads `expected` (else the time-out says what it read). */
async function hintBecomes(document: vscode.TextDocument, text: string, expected: string): Promise<void> {
  let seen: string | undefined;
  await waitFor(`the hint on ${JSON.stringify(text)} to read ${expected} (last: ${String(seen)})`, async () => {
    const line = lineOf(document, text);
    seen = (await inlayHints(document)).filter((hint) => hint.position.line === line).map(hintText)[0];
    return seen === expected ? true : undefined;
  });
}

/** Replaces the first `from` in the open document with `to`, as typing would (unsaved). */
async function editOpen(document: vscode.TextDocument, from: string, to: string): Promise<void> {
  const start = document.positionAt(document.getText().indexOf(from));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(start, start.translate(0, from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('A model whose helper lives in another file', () => {
  let original: Uint8Array;
  before(async () => {
    original = await vscode.workspace.fs.readFile(fixtureUri(BLOCKS));
  });
  after(async () => {
    await vscode.workspace.fs.writeFile(fixtureUri(BLOCKS), original);
  });

  it('shows the shapes that need no import', async () => {
    const { document } = await openFixture('scripts/imports/generator.js');
    await hintBecomes(document, 'tf.layers.dense(', '→ [N, 1024]');
    await hintBecomes(document, 'tf.layers.reshape(', '→ [N, 4, 4, 64]');
  });

  it('shows the shapes that come from the imported file, and redraws them when it is edited or rewritten', async () => {
    const { document } = await openFixture('scripts/imports/generator.js');
    await hintBecomes(document, 'filters: UP_FILTERS', '→ [N, 8, 8, 32]');
    // The layer upBlock adds in blocks.js shows at the call that ran it.
    await hintBecomes(document, 'upBlock(model, 16)', '→ [N, 16, 16, 16]');
    await hintBecomes(document, 'tf.layers.conv2d(', '→ [N, 16, 16, 3]');

    // Typed into the open helper file, not saved.
    const blocks = await vscode.workspace.openTextDocument(fixtureUri(BLOCKS));
    await editOpen(blocks, 'UP_FILTERS = 32', 'UP_FILTERS = 24');
    await hintBecomes(document, 'filters: UP_FILTERS', '→ [N, 8, 8, 24]');
    await editOpen(blocks, 'strides: 2', 'strides: 1');
    await hintBecomes(document, 'upBlock(model, 16)', '→ [N, 8, 8, 16]');
    await hintBecomes(document, 'tf.layers.conv2d(', '→ [N, 8, 8, 3]');
    await vscode.window.showTextDocument(blocks);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await hintBecomes(document, 'filters: UP_FILTERS', '→ [N, 8, 8, 32]');

    // Written to disk while closed (another tool, a git checkout): the file watcher sees it.
    const rewritten = new TextDecoder().decode(original).replace('UP_FILTERS = 32', 'UP_FILTERS = 40');
    await vscode.workspace.fs.writeFile(fixtureUri(BLOCKS), new TextEncoder().encode(rewritten));
    await hintBecomes(document, 'filters: UP_FILTERS', '→ [N, 8, 8, 40]');
  });

  it('reads an entry that never names TF.js when a file it imports does, and redraws it when that file changes', async () => {
    const { document } = await openFixture('scripts/imports/app.js');
    // The width head.js reads from blocks.js, as blocks.js is now (a test above rewrites it).
    const blocks = await vscode.workspace.openTextDocument(fixtureUri(BLOCKS));
    const width = /UP_FILTERS = (\d+)/.exec(blocks.getText())![1];
    // Both layers head.js adds show at the call that ran it; the first hint is the first dense's.
    await hintBecomes(document, 'buildHead(10)', `→ [N, ${width}]`);
    await editOpen(blocks, `UP_FILTERS = ${width}`, 'UP_FILTERS = 12');
    await hintBecomes(document, 'buildHead(10)', '→ [N, 12]');
    await vscode.window.showTextDocument(blocks);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await hintBecomes(document, 'buildHead(10)', `→ [N, ${width}]`);
  });

  it('tells the many layers another file built at one call in one hint, and lists them in the hover', async () => {
    const { document } = await openFixture('scripts/imports/app.js');
    // Seven hints of `→ [N, 256]` … `→ [N, 4]` would pass the editor's 43 characters on the line: one, first and last.
    await hintBecomes(document, 'buildTower(16)', '7 layers: [N, 256] … [N, 4]');
    const line = lineOf(document, 'buildTower(16)');
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf('buildTower(16)') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hovers.flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : part.value))).join('\n');
    assert.ok(text.startsWith('**7 layers are built here:**'), text);
    // dense 16 → 256: 16·256 + 256 = 4,352 parameters; the last, 8 → 4: 8·4 + 4 = 36.
    assert.ok(text.includes('| 1 | dense `dense` | `[N, 256]` | 4,352 |'), text);
    assert.ok(text.includes('| 7 | dense\\_6 `dense` | `[N, 4]` | 36 |'), text);
    assert.ok(text.includes('Written in `tower.js` line 6, `tower.js` line 7, built by this call'), text);
  });
});
