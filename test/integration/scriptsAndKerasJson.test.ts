// TypeScript, JavaScript and Keras JSON models in the real editor: hints, diagnostics and a quick
// fix. Expected shapes are worked out in each fixture's header from docs/frameworks/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hintText, inlayHints, lineOf, openFixture, waitFor } from './support/workspace';

/** The hint labels of a document by zero-based line, once the analysis has produced `count` of them. */
async function hintsByLine(document: vscode.TextDocument, count: number): Promise<Map<number, string>> {
  const hints = await waitFor(`${count} inlay hints in ${document.uri.path}`, async () => {
    const found = await inlayHints(document);
    return found.length >= count ? found : undefined;
  });
  return new Map(hints.map((hint) => [hint.position.line, hintText(hint)]));
}

async function diagnosticWithCode(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic> {
  return waitFor(`a ${code} diagnostic on ${uri.path}`, () =>
    vscode.languages.getDiagnostics(uri).find((diagnostic) => diagnostic.code === code),
  );
}

describe('TypeScript, JavaScript and Keras JSON models', () => {
  it('shows TF.js shapes after each layer call of a model.add chain', async () => {
    const { document } = await openFixture('scripts/generator.ts');
    const hints = await hintsByLine(document, 4);
    assert.equal(hints.get(lineOf(document, 'tf.layers.dense(')), '→ [N, 576]');
    assert.equal(hints.get(lineOf(document, 'tf.layers.reshape(')), '→ [N, 3, 3, 64]');
    assert.equal(hints.get(lineOf(document, "kernelSize: 5, strides: 1, padding: 'valid'")), '→ [N, 7, 7, 32]');
    assert.equal(hints.get(lineOf(document, "kernelSize: 4, strides: 2, padding: 'same'")), '→ [N, 14, 14, 1]');
  });

  it('fixes a planted output_padding in a ConvLens object literal through its quick fix', async () => {
    const original = (await openFixture('scripts/decoder.ts')).document;
    // Work on an untitled copy so the fixture stays as it is.
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: original.getText() });
    await vscode.window.showTextDocument(document);
    const diagnostic = await diagnosticWithCode(document.uri, 'output-padding-mismatch');
    assert.equal(document.getText(diagnostic.range), 'output_padding: 0');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
    const fix = actions.find((action) => action.title === 'Set output_padding to 1');
    assert.ok(fix?.edit, `no "Set output_padding to 1" among: ${actions.map((action) => action.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(document.getText().includes('output_padding: 1, expect: [1, 8, 14, 14]'));
    await waitFor('the mismatch to clear', () =>
      vscode.languages.getDiagnostics(document.uri).some((d) => d.code === 'output-padding-mismatch') ? undefined : true,
    );
    const hints = await hintsByLine(document, 1);
    assert.equal(hints.get(lineOf(document, "type: 'ConvTranspose2d'")), '→ [1, 8, 14, 14]');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('says that TF.js ignores outputPadding, on the parameter, in a JavaScript file', async () => {
    const { document } = await openFixture('scripts/upsampler.js');
    const diagnostic = await diagnosticWithCode(document.uri, 'ignored-parameter');
    assert.ok(document.getText(diagnostic.range).startsWith('outputPadding'), `range covers ${document.getText(diagnostic.range)}`);
    assert.match(diagnostic.message, /outputPadding/);
    const hints = await hintsByLine(document, 1);
    assert.equal(hints.get(lineOf(document, 'tf.layers.conv2dTranspose(')), '→ [N, 16, 16, 2]');
  });

  it('reads a Keras model.to_json() file and applies the Keras same-padding rule', async () => {
    const { document } = await openFixture('scripts/keras-upsampler.json');
    const hints = await hintsByLine(document, 1);
    assert.equal(hints.get(lineOf(document, '"class_name": "Conv2DTranspose"')), '→ [N, 14, 14, 8]');
  });
});
