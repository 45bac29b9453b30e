// The editor features through VS Code's own API, on model files in test/fixtures/workspace.
// Expected shapes and counts follow the formulas of docs/frameworks/ (worked out in the fixtures' comments).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, hintText, inlayHints, lineOf, openFixture, waitFor, waitForDiagnostics } from './support/workspace';

/** DCGAN output shapes, layer by layer: ConvTranspose2d k4 s2 p1 doubles H and W. */
const DCGAN_HINTS = [
  '→ [N, 512, 4, 4]', // up1: (1−1)·1 − 0 + 1·(4−1) + 0 + 1 = 4
  '→ [N, 512, 4, 4]',
  '→ [N, 512, 4, 4]',
  '→ [N, 256, 8, 8]', // up2: (4−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 8
  '→ [N, 256, 8, 8]',
  '→ [N, 256, 8, 8]',
  '→ [N, 128, 16, 16]',
  '→ [N, 128, 16, 16]',
  '→ [N, 128, 16, 16]',
  '→ [N, 64, 32, 32]',
  '→ [N, 64, 32, 32]',
  '→ [N, 64, 32, 32]',
  '→ [N, 3, 64, 64]',
  '→ [N, 3, 64, 64]',
];

async function dcgan(): Promise<vscode.TextDocument> {
  return (await openFixture('dcgan.model.yaml')).document;
}

/** Waits until the providers answer something for the document (analysis may still be loading). */
async function hintLabels(document: vscode.TextDocument, count = DCGAN_HINTS.length): Promise<string[]> {
  return waitFor(`${count} inlay hints`, async () => {
    const hints = await inlayHints(document);
    return hints.length === count ? hints.map((hint) => hintText(hint).trim()) : undefined;
  });
}

function diagnosticsOf(uri: vscode.Uri, expected: number): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(uri, expected);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

async function setHintSetting(key: 'enabled' | 'show', value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('convlens.inlayHints').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('editor features', () => {
  it('shows the output shape of every layer as an inlay hint, on the layer header line', async () => {
    const document = await dcgan();
    const hints = await waitFor('DCGAN hints', async () => {
      const all = await inlayHints(document);
      return all.length === DCGAN_HINTS.length ? all : undefined;
    });
    assert.deepEqual(hints.map((hint) => hintText(hint).trim()), DCGAN_HINTS);
    const headerLines = document
      .getText()
      .split('\n')
      .flatMap((line, index) => (line.trimStart().startsWith('- type:') ? [index] : []));
    assert.deepEqual(
      hints.map((hint) => hint.position.line),
      headerLines,
    );
  });

  it('gives only the hints of the requested range', async () => {
    const document = await dcgan();
    await hintLabels(document);
    const up2Line = lineOf(document, 'name: up2') - 1;
    const range = new vscode.Range(up2Line, 0, up2Line + 1, 0);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, range);
    assert.deepEqual(hints.map((hint) => hintText(hint).trim()), ['→ [N, 256, 8, 8]']);
  });

  it('follows the convlens.inlayHints settings: input and output, then none', async () => {
    const document = await dcgan();
    await hintLabels(document);
    try {
      await setHintSetting('show', 'inputAndOutput');
      const labels = await waitFor('input → output hints', async () => {
        const current = (await inlayHints(document)).map((hint) => hintText(hint).trim());
        return current[0]?.includes('[N, 100, 1, 1]') ? current : undefined;
      });
      assert.equal(labels[0], '[N, 100, 1, 1] → [N, 512, 4, 4]');
      assert.equal(labels[3], '[N, 512, 4, 4] → [N, 256, 8, 8]');

      await setHintSetting('enabled', false);
      await waitFor('no hints', async () => ((await inlayHints(document)).length === 0 ? true : undefined));
    } finally {
      await setHintSetting('show', undefined);
      await setHintSetting('enabled', undefined);
    }
    assert.deepEqual(await hintLabels(document), DCGAN_HINTS);
  });

  it('hovers a transposed conv with shapes, the formula in symbols then with numbers, counts and output_padding choices', async () => {
    const document = await dcgan();
    await hintLabels(document);
    const position = new vscode.Position(lineOf(document, 'name: up2'), 6);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hoverText(hovers);
    assert.match(text, /Input `\[N, 512, 4, 4\]` → output `\[N, 256, 8, 8\]`/);
    for (const axis of ['H', 'W']) {
      assert.ok(text.includes(`\`${axis}_out = (${axis}_in − 1)·s − 2·p + d·(k − 1) + op + 1\`  \n  \`= (4−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 8\``), text);
    }
    // Weight (in, out, k, k) = 512·256·4·4, no bias.
    assert.ok(text.includes('Parameters: 2,097,152'), text);
    // PyTorch: op < max(s, d) = 2; from i = 4 the sizes (4−1)·2 − 2 + 4 + op for op ∈ {0, 1}.
    assert.ok(text.includes('Valid `output_padding`: H {0, 1}, W {0, 1}'), text);
    assert.ok(text.includes('Reachable output sizes: H 8–9, W 8–9'), text);
    assert.ok(/Rule: .*\S/.test(text), text);
    const link = `command:convlens.previewUpsampling?${encodeURIComponent(JSON.stringify([{ uri: document.uri.toString(), modelIndex: 0, layerIndex: 3 }]))}`;
    assert.ok(text.includes(`[Preview upsampling](${link})`), text);
  });

  it('hovers a plain layer without the transposed-conv parts', async () => {
    const document = await dcgan();
    await hintLabels(document);
    const position = new vscode.Position(lineOf(document, '- type: Tanh'), 10);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
    assert.match(text, /Input `\[N, 3, 64, 64\]` → output `\[N, 3, 64, 64\]`/);
    assert.ok(text.includes('Parameters: 0'), text);
    assert.ok(!text.includes('Preview upsampling'), text);
  });

  it('puts a preview CodeLens above each transposed convolution', async () => {
    const document = await dcgan();
    await hintLabels(document);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    assert.deepEqual(
      lenses.map((lens) => lens.command?.title),
      [
        'Preview upsampling (1×1 → 4×4)',
        'Preview upsampling (4×4 → 8×8)',
        'Preview upsampling (8×8 → 16×16)',
        'Preview upsampling (16×16 → 32×32)',
        'Preview upsampling (32×32 → 64×64)',
      ],
    );
    assert.equal(lenses[1].range.start.line, lineOf(document, 'name: up2') - 1);
    assert.equal(lenses[1].command?.command, 'convlens.previewUpsampling');
    assert.deepEqual(lenses[1].command?.arguments, [{ uri: document.uri.toString(), modelIndex: 0, layerIndex: 3 }]);
  });

  it('outlines the model with its layers and their output shapes', async () => {
    const document = await dcgan();
    await hintLabels(document);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.equal(symbols.length, 1);
    const [model] = symbols;
    assert.equal(model.name, 'dcgan-generator');
    assert.equal(model.kind, vscode.SymbolKind.Module);
    assert.equal(model.detail, 'pytorch → [N, 3, 64, 64]');
    assert.equal(model.children.length, 14);
    assert.equal(model.children[0].name, 'up1 (ConvTranspose2d)');
    assert.equal(model.children[0].detail, '[N, 512, 4, 4]');
    assert.equal(model.children[0].kind, vscode.SymbolKind.Class);
    assert.equal(model.children[0].selectionRange.start.line, lineOf(document, '- type: ConvTranspose2d'));
    // Unnamed layers are titled as Keras names them: snake case and a per-type counter.
    assert.equal(model.children[1].name, 'batch_norm2d (BatchNorm2d)');
    assert.equal(model.children[4].name, 'batch_norm2d_1 (BatchNorm2d)');
    assert.deepEqual(
      model.children.map((child) => child.detail),
      DCGAN_HINTS.map((hint) => hint.slice('→ '.length)),
    );
  });

  it('reports a wrong output_padding at the parameter, with the expectation as related information', async () => {
    const { document } = await openFixture('autoencoder.model.yaml');
    const [diagnostic] = await diagnosticsOf(document.uri, 1);
    assert.equal(diagnostic.code, 'output-padding-mismatch');
    assert.equal(diagnostic.source, 'ConvLens');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, lineOf(document, 'output_padding: 0'));
    const related = diagnostic.relatedInformation ?? [];
    assert.equal(related.length, 1);
    assert.equal(related[0].location.uri.toString(), document.uri.toString());
    assert.equal(related[0].location.range.start.line, lineOf(document, 'expect: [1, 16, 15, 15]'));
  });

  it('shows the model summary as a read-only table beside the editor', async () => {
    const document = await dcgan();
    const tableUri = await vscode.commands.executeCommand<vscode.Uri>('convlens.showShapeTable', document.uri);
    assert.equal(tableUri.scheme, 'convlens-table');
    const table = await vscode.workspace.openTextDocument(tableUri);
    const text = table.getText();
    assert.match(text, /^Model: "dcgan-generator" \(pytorch\)$/m);
    assert.match(text, /^ Layer \(type\)\s+Input Shape\s+Output Shape\s+Param #$/m);
    assert.match(text, /^ up1 \(ConvTranspose2d\)\s+\[N, 100, 1, 1\]\s+\[N, 512, 4, 4\]\s+819,200$/m); // 100·512·4·4
    assert.match(text, /^ batch_norm2d \(BatchNorm2d\)\s+\[N, 512, 4, 4\]\s+\[N, 512, 4, 4\]\s+1,024$/m); // weight and bias: 2·512
    assert.match(text, /^ out \(ConvTranspose2d\)\s+\[N, 64, 32, 32\]\s+\[N, 3, 64, 64\]\s+3,072$/m); // 64·3·4·4
    // The PyTorch DCGAN tutorial's generator: 3,576,704 parameters (torch: sum of numel).
    assert.match(text, /^Total params: 3,576,704$/m);
    const rows = text.split('\n').filter((line) => /^ \S+ \(\w+\)\s+\[/.test(line));
    assert.equal(rows.length, 14);
  });

  it('says why a shape is unknown, in the hover and in the hint tooltip, pointing at the error where it started', async () => {
    const { document } = await openFixture('unknown.model.yaml');
    const hints = await waitFor('5 hints', async () => {
      const all = await inlayHints(document);
      return all.length === 5 ? all : undefined;
    });
    assert.deepEqual(hints.map((hint) => hintText(hint).trim()), ['→ [N, 4, 16, 16]', '→ [N, 4, 8, 8]', '→ ?', '→ ?', '→ ?']);
    // VS Code lines are 0-based; the sentence counts from 1, as the Problems panel does.
    const errorLine = lineOf(document, 'from: [a, b]') + 1;
    const why = `Unknown because the inputs of Concat 'cat3' do not line up — see the error at line ${errorLine}.`;
    assert.equal(hints[0].tooltip, undefined);
    for (const hint of hints.slice(2)) assert.equal(typeof hint.tooltip === 'string' ? hint.tooltip : hint.tooltip?.value, why);
    const position = new vscode.Position(lineOf(document, 'out_channels: 8'), 6);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
    // The unnamed last layer is the third Conv2d: titled conv2d (the first unnamed one).
    assert.ok(text.startsWith('**conv2d** · `Conv2d`'), text);
    assert.ok(text.includes(`Unknown because the inputs of Concat 'cat3' do not line up — see the error at line ${errorLine}\\.`), text);
  });

  it('checks the whole workspace, publishing diagnostics for files that are not open', async () => {
    const unopened = fixtureUri('check/unopened.model.yaml');
    assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === unopened.toString()));
    const summary = await vscode.commands.executeCommand<{ files: number; models: number; errors: number; warnings: number }>(
      'convlens.checkWorkspace',
    );
    // At least: dcgan, autoencoder, unopened and the quick-fix fixtures.
    assert.ok(summary.models >= 9, JSON.stringify(summary));
    assert.ok(summary.errors >= 2, JSON.stringify(summary));
    const [diagnostic] = await diagnosticsOf(unopened, 1);
    assert.equal(diagnostic.code, 'channel-mismatch');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(unopened));
    const line = text.split('\n').findIndex((row) => row.includes('in_channels: 3'));
    assert.equal(diagnostic.range.start.line, line);
    assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === unopened.toString()));
    // A .cjs file too: Check Workspace reads every extension of the reader registry.
    const [commonJs] = await diagnosticsOf(fixtureUri('check/unopened.cjs'), 1);
    assert.equal(commonJs.code, 'channel-mismatch');
    assert.equal(commonJs.range.start.line, 5);
  });
});
