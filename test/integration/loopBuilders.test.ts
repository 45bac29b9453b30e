// TF.js models built in loops, and a functional model whose output an option picks, in the real
// editor. ensemble-loops.js calls a builder from one place in `SIZES.map(...)` and another in a
// for…of loop, and makes a model in a loop body: each turn's model is in the Outline, named by its
// place in the array (`encoders[1]`) or its TF.js name, and the builder's lines give each model's
// shape under its name. undecided-outputs.js picks a model's output among tensors made before an
// undecided condition: the model is shown, its output `?` with the condition. The shapes are those
// TF.js built when the programs ran (test/fixtures/tfjs/programs/truth.json; the corpus's programs
// of these names are links to these workspace files).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import truth from '../fixtures/tfjs/programs/truth.json';
import { convLensDiagnostics, hintText, inlayHints, lineOf, openFixture, waitFor } from './support/workspace';

interface TruthNode {
  output: (number | null)[];
  created: number[];
}

const nodesOf = (entry: string) => (truth.programs as unknown as { entry: string; nodes: TruthNode[] }[]).find((program) => program.entry === entry)?.nodes ?? [];

/** `[N, 32, 32, 8]` for TF.js's `[null, 32, 32, 8]`. */
const shapeText = (shape: readonly (number | null)[]) => `[${shape.map((dim) => (dim === null ? 'N' : String(dim))).join(', ')}]`;

const tooltipText = (hint: vscode.InlayHint) => (typeof hint.tooltip === 'string' ? hint.tooltip : (hint.tooltip?.value ?? ''));

const hoverText = (hovers: vscode.Hover[]) => hovers.flatMap((found) => found.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');

async function hintsOn(document: vscode.TextDocument, line: number): Promise<vscode.InlayHint[]> {
  return waitFor(`the hints of line ${line + 1}`, async () => {
    const found = (await inlayHints(document)).filter((hint) => hint.position.line === line);
    return found.length > 0 ? found : undefined;
  });
}

describe('TF.js models built in loops', () => {
  const FILE = 'scripts/ensemble-loops.js';

  it('lists each turn’s model in the Outline, named by its place in the array or its TF.js name, selected at its call', async () => {
    const { document } = await openFixture(FILE);
    const symbols = await waitFor('the nine models in the Outline', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
      const models = (found ?? []).filter((symbol) => symbol.detail.startsWith('tfjs'));
      return models.length >= 9 ? models : undefined;
    });
    const encoders = lineOf(document, 'buildEncoder(size))');
    const heads = lineOf(document, 'buildHead(encoder');
    const probes = lineOf(document, 'tf.sequential({name');
    assert.deepEqual(
      symbols.map((symbol) => ({ name: symbol.name, line: symbol.selectionRange.start.line })),
      [
        ...[0, 1, 2].map((index) => ({ name: `encoders[${index}]`, line: encoders })),
        ...[0, 1, 2].map((index) => ({ name: `heads[${index}]`, line: heads })),
        ...[1, 2, 3].map((depth) => ({ name: `probe${depth}`, line: probes })),
      ],
    );
  });

  it('gives on the builder’s first line each turn’s shape under its name in the tooltip, and the hover of each', async () => {
    const { document } = await openFixture(FILE);
    const firstConv = lineOf(document, 'tf.layers.conv2d({filters: 16');
    // The truth's first conv of each encoder, in the order the turns ran.
    const convs = nodesOf('ensemble-loops.js').filter((node) => node.created[0] === firstConv + 1);
    assert.equal(convs.length, 3);
    const [hint] = await hintsOn(document, firstConv);
    // Each turn's shape under its name would pass the editor's 43 characters on the line: the hint says they differ, its tooltip gives each.
    assert.ok(convs.map((node, index) => `encoders[${index}]: → ${shapeText(node.output)}`).join(' · ').length > 43);
    assert.equal(hintText(hint), '→ differs in the 3 models built here');
    const call = lineOf(document, 'buildEncoder(size))') + 1;
    assert.equal(
      tooltipText(hint),
      ['3 models are built here, with different shapes:', ...convs.map((node, index) => `encoders[${index}] (line ${call}): → ${shapeText(node.output)}`)].join('\n'),
    );
    const onConv = new vscode.Position(firstConv, document.lineAt(firstConv).text.indexOf('conv2d'));
    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, onConv));
    assert.ok(hover.startsWith('3 models are built here, with different shapes:'), hover);
    convs.forEach((node, index) => assert.ok(hover.includes(`**In \`encoders[${index}]\` (line ${call})**`) && hover.includes(`output \`${shapeText(node.output)}\``), hover));
  });
});

describe('A functional model whose output an undecided option picks', () => {
  it('shows its layers with their shapes and its output as unknown, with the condition, and no warning', async () => {
    const { document } = await openFixture('scripts/undecided-outputs.js');
    const outputLine = lineOf(document, "outputs: x, name: 'featureHead'");
    const [hint] = await hintsOn(document, outputLine);
    assert.equal(hintText(hint), '→ ?');
    const condition = lineOf(document, '  if (pooled) x = gap;') + 1;
    assert.match(tooltipText(hint), new RegExp(`^Unknown because \`x\` is assigned under a condition: ConvLens cannot decide the condition \`pooled\` \\(line ${condition}\\)`));
    // The global average pooling ran whatever the option: [N, 16] (its filters), as TF.js built it.
    const gapLine = lineOf(document, "name: 'gap'");
    const gap = nodesOf('undecided-outputs.js').find((node) => node.created[0] === gapLine + 1)!;
    assert.deepEqual((await hintsOn(document, gapLine)).map(hintText), [`→ ${shapeText(gap.output)}`]);
    assert.deepEqual(convLensDiagnostics(document.uri), []);
  });
});
