// What a newcomer sees on examples/ (linked into the fixture workspace as `examples`): a shape on
// every layer, the final shape each file's header states (from the papers and docs/frameworks/), the
// planted output_padding error with its working quick fix, and the uneven-overlap fix on TF.js.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hintText, inlayHints, openFixture, waitFor } from './support/workspace';

interface Example {
  file: string;
  /** The layers the file defines. */
  layers: number;
  /** The output of the last layer, as its header states. */
  last: string;
}

const EXAMPLES: Example[] = [
  { file: 'dcgan-generator.model.yaml', layers: 14, last: '→ [N, 3, 64, 64]' },
  { file: 'unet.model.yaml', layers: 53, last: '→ [1, 2, 388, 388]' },
  { file: 'fcn32s-head.model.yaml', layers: 1, last: '→ [1, 21, 512, 512]' },
  { file: 'onnx-decoder.model.yaml', layers: 6, last: '→ [1, 3, 32, 32]' },
  { file: 'keras-autoencoder.json', layers: 7, last: '→ [N, 28, 28, 1]' },
  { file: 'tfjs-acgan-generator.ts', layers: 7, last: '→ [N, 28, 28, 1]' },
  { file: 'tfjs-autoencoder.js', layers: 8, last: '→ [N, 28, 28, 1]' },
  { file: 'unet-literal.ts', layers: 17, last: '→ [N, 2, 64, 64]' },
];

/** The hints of a document in source order, once there is one per layer. */
async function hintsInOrder(document: vscode.TextDocument, layers: number): Promise<string[]> {
  const hints = await waitFor(`${layers} hints in ${document.uri.path}`, async () => {
    const found = await inlayHints(document);
    return found.length >= layers ? found : undefined;
  });
  return hints.sort((a, b) => a.position.compareTo(b.position)).map(hintText);
}

async function quickFix(document: vscode.TextDocument, code: string, title: RegExp): Promise<void> {
  const diagnostic = await waitFor(`a ${code} diagnostic`, () => vscode.languages.getDiagnostics(document.uri).find((d) => d.code === code));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
  const fix = actions.find((action) => title.test(action.title));
  assert.ok(fix?.edit, `no fix matching ${title} among: ${actions.map((action) => action.title).join(', ')}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
}

/** An untitled copy of an example, so the files in examples/ stay as they are. */
async function untitledCopy(file: string, language: string): Promise<vscode.TextDocument> {
  const original = (await openFixture(`examples/${file}`)).document;
  const copy = await vscode.workspace.openTextDocument({ language, content: original.getText() });
  await vscode.window.showTextDocument(copy);
  return copy;
}

describe('examples/', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  for (const example of EXAMPLES) {
    it(`${example.file}: a known shape on every layer, ending in ${example.last}`, async () => {
      const { document } = await openFixture(`examples/${example.file}`);
      const hints = await hintsInOrder(document, example.layers);
      assert.equal(hints.length, example.layers);
      assert.deepEqual(hints.filter((hint) => hint.includes('?')), []);
      assert.equal(hints.at(-1), example.last);
    });
  }

  it('denoising-autoencoder.model.yaml: the planted output_padding error and its quick fix give 28×28 back', async () => {
    const document = await untitledCopy('denoising-autoencoder.model.yaml', 'yaml');
    assert.equal((await hintsInOrder(document, 8)).at(-1), '→ [N, 1, 27, 27]'); // (14−1)·2 − 2 + 3 + 0
    await quickFix(document, 'output-padding-mismatch', /^Set output_padding to 1$/);
    await waitFor('the last hint to read 28×28', async () => ((await hintsInOrder(document, 8)).at(-1) === '→ [N, 1, 28, 28]' ? true : undefined));
    await waitFor('the errors to clear', () =>
      vscode.languages.getDiagnostics(document.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error) ? undefined : true,
    );
  });

  it('tfjs-acgan-generator.ts: the uneven-overlap fix writes TF.js resize + stride-1 conv layers and keeps 28×28', async () => {
    const document = await untitledCopy('tfjs-acgan-generator.ts', 'typescript');
    await quickFix(document, 'uneven-overlap', /^Replace by /);
    assert.match(document.getText(), /tf\.layers\.upSampling2d\(/);
    // One transposed layer became two: upSampling2d (×2) then conv2d stride 1, 'same'.
    await waitFor('8 layers with a 28×28 output', async () => {
      const hints = await hintsInOrder(document, 8);
      return hints.length === 8 && hints.at(-1) === '→ [N, 28, 28, 1]' ? true : undefined;
    });
  });
});
