// An Ultralytics YOLO config in the editor: `convlens.defines` gives it an image size, the scale
// switch rebuilds it at another scale, and a wrong `from` shows as a Concat mismatch.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hintText, inlayHints, openFixture, waitFor } from './support/workspace';

const FILE = 'yolo-editor.yaml';

// At H = W = 640. Conv(k=3, s=2) pads k // 2 = 1: ⌊(640 + 2·1 − 3) / 2⌋ + 1 = 320, then 160, 80.
// Channels are make_divisible(c · width, 8): width 0.25 at n, 0.50 at s.
const HINTS_AT_N = [
  '→ [1, 16, 320, 320]', // 0 Conv: 64 · 0.25 = 16
  '→ [1, 32, 160, 160]', // 1 Conv: 128 · 0.25 = 32
  '→ [1, 32, 160, 160]', // 2 C2f keeps the size: 128 · 0.25 = 32
  '→ [1, 64, 80, 80]', // 3 Conv: 256 · 0.25 = 64
  '→ [1, 64, 160, 160]', // 4 nearest upsampling ×2
  '→ [1, 80, 160, 160]', // 5 Concat of rows 4 and 0: 64 + 16 channels (the sizes disagree)
];

async function hintsOf(document: vscode.TextDocument, first: string): Promise<string[]> {
  return waitFor(`YOLO hints starting ${first}`, async () => {
    const texts = (await inlayHints(document)).map((hint) => hintText(hint).trim());
    return texts[0] === first ? texts : undefined;
  });
}

describe('Ultralytics YOLO config', () => {
  after(async () => {
    await vscode.workspace.getConfiguration('convlens').update('defines', undefined, vscode.ConfigurationTarget.Global);
  });

  it('writes the shapes over H and W without an image size, and the Concat mismatch for every size', async () => {
    const { document } = await openFixture(FILE);
    await vscode.commands.executeCommand('convlens.selectScale', document.uri.toString(), 'n');
    // H, W multiples of 32: each stride-2 Conv halves them exactly; the rows of HINTS_AT_N over H and W.
    assert.deepEqual(await hintsOf(document, '→ [1, 16, H/2, W/2]'), [
      '→ [1, 16, H/2, W/2]', '→ [1, 32, H/4, W/4]', '→ [1, 32, H/4, W/4]', '→ [1, 64, H/8, W/8]', '→ [1, 64, H/4, W/4]', '→ [1, 80, H/4, W/4]',
    ]);
    const mismatch = await waitFor('the Concat mismatch over H and W', () =>
      vscode.languages.getDiagnostics(document.uri).find((diagnostic) => diagnostic.code === 'shape-mismatch' && diagnostic.message.includes('H/4')),
    );
    assert.match(mismatch.message, /row 4 is H\/4×W\/4, row 0 is H\/2×W\/2/);
  });

  it('shows concrete shapes with convlens.defines, the Concat mismatch, and rebuilds at the chosen scale', async () => {
    await vscode.workspace.getConfiguration('convlens').update('defines', { H: 640, W: 640 }, vscode.ConfigurationTarget.Global);
    const { document } = await openFixture(FILE);
    await vscode.commands.executeCommand('convlens.selectScale', document.uri.toString(), 'n');
    assert.deepEqual(await hintsOf(document, HINTS_AT_N[0]), HINTS_AT_N);

    const mismatch = await waitFor('the Concat mismatch', () =>
      vscode.languages.getDiagnostics(document.uri).find((diagnostic) => diagnostic.code === 'shape-mismatch'),
    );
    assert.match(mismatch.message, /row 4 is 160×160, row 0 is 320×320/);
    assert.equal(mismatch.range.start.line, document.getText().split('\n').findIndex((line) => line.includes('Concat')));

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    assert.ok(lenses.some((lens) => lens.command?.command === 'convlens.selectScale' && lens.command.title.startsWith('Scale n')));

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(8, 20));
    const hoverText = hovers.flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : part.value))).join('\n');
    // model.info()'s totals at 640×640. Layers (leaf modules): Conv 2 (conv, bn) + Conv 2 + C2f 8 (two
    // Convs and a Bottleneck of two) + Conv 2 + Upsample 1 + Concat 1, and the SiLU every Conv shares:
    // 17, as Ultralytics 8.4.60 (the default release) and 8.3.166 count this file's modules at scale n. Parameters: Conv 464 + Conv 4,672 + C2f 7,360 + Conv 18,560 = 31,056
    // (no head: all train). Multiply-adds (thop): per output pixel each conv's weights + 4 per BatchNorm
    // channel, the upsampling 1 per output element: 320²·496 + 160²·4,736 + 160²·7,552 + 80²·18,688
    // + 64·160² = 486,604,800, so 2 × 486,604,800 / 10⁹ = 0.97 → 1.0 GFLOPs.
    assert.match(hoverText, /17 layers, 31,056 parameters, 31,056 gradients, 1\.0 GFLOPs at 640×640 \(as `model\.info\(\)` counts them\)/);

    await vscode.commands.executeCommand('convlens.selectScale', document.uri.toString(), 's');
    // Row 0 at s: 64 · 0.50 = 32 channels.
    assert.equal((await hintsOf(document, '→ [1, 32, 320, 320]'))[0], '→ [1, 32, 320, 320]');
    await vscode.commands.executeCommand('convlens.selectScale', document.uri.toString(), 'n');
  });
});
