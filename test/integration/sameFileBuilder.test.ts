// A TF.js builder of the file called from five places with other sizes and widths, in the real
// editor: each call's model is in the Outline, selected at its call, and the builder's lines, which
// hold a layer of each model, give each model's shape under its name where they differ and the
// shape once where they agree. The shapes are those TF.js built when the program ran
// (test/fixtures/tfjs/programs/truth.json, written by generate.mjs; the corpus's
// builders-same-file.js is a link to this workspace file).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import truth from '../fixtures/tfjs/programs/truth.json';
import { hintText, inlayHints, lineOf, openFixture, waitFor } from './support/workspace';

interface TruthNode {
  output: (number | null)[];
  created: number[];
}

const FILE = 'scripts/builders-same-file.js';
/** The models in the order the program makes them, each with the line of the call that makes it. */
const MODELS = [
  { name: 'small', call: 'convClassifier(32' },
  { name: 'medium', call: 'convClassifier(64' },
  { name: 'large', call: 'convClassifier(96' },
  { name: 'student28', call: 'convClassifier(size, 4' },
  { name: 'teacher28', call: 'convClassifier(size, 16' },
];
/** The builder's lines (1-based), as the truth records where each layer was created. */
const FIRST_CONV = 8;
const DENSE = 13;

const program = (truth.programs as unknown as { entry: string; nodes: TruthNode[] }[]).find(({ entry }) => entry === 'builders-same-file.js');

/** `[N, 32, 32, 8]` for TF.js's `[null, 32, 32, 8]`. */
const shapeText = (shape: readonly (number | null)[]) => `[${shape.map((dim) => (dim === null ? 'N' : String(dim))).join(', ')}]`;

const tooltipText = (hint: vscode.InlayHint) => (typeof hint.tooltip === 'string' ? hint.tooltip : (hint.tooltip?.value ?? ''));

/** The truth's nodes of each model: a model starts at each node its builder's first layer made. */
function nodesByModel(nodes: readonly TruthNode[]): TruthNode[][] {
  const models: TruthNode[][] = [];
  for (const node of nodes) {
    if (node.created[0] === FIRST_CONV) models.push([]);
    models.at(-1)!.push(node);
  }
  return models;
}

describe('A TF.js builder of the file called from several places', () => {
  it('lists every call’s model in the Outline, selected at its call', async () => {
    const { document } = await openFixture(FILE);
    // ConvLens's symbols beside the JavaScript language's own (functions, variables): its details read `tfjs → …`.
    const symbols = await waitFor('the five models in the Outline', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
      const models = (found ?? []).filter((symbol) => symbol.detail.startsWith('tfjs'));
      return models.length >= MODELS.length ? models : undefined;
    });
    const byLine = (a: { line: number }, b: { line: number }) => a.line - b.line;
    assert.deepEqual(
      symbols.map((symbol) => ({ name: symbol.name, line: symbol.selectionRange.start.line })).sort(byLine),
      MODELS.map(({ name, call }) => ({ name, line: lineOf(document, call) })).sort(byLine),
    );
  });

  it('gives on each of the builder’s lines every model’s shape under its name, and a shared shape once', async () => {
    assert.ok(program, 'builders-same-file.js is in the truth');
    const models = nodesByModel(program.nodes);
    assert.equal(models.length, MODELS.length);
    const { document } = await openFixture(FILE);
    const hints = await waitFor('the builder’s hints', async () => {
      const found = await inlayHints(document);
      return found.some((hint) => hint.position.line === FIRST_CONV - 1) ? found : undefined;
    });
    const on = (line: number) => hints.filter((hint) => hint.position.line === line - 1);

    // The first conv: other sizes for each call. Five shapes are too long for one hint: it says
    // that they differ, and its tooltip gives the truth's shapes under the models' names and calls.
    assert.deepEqual(on(FIRST_CONV).map(hintText), ['→ differs in the 5 models built here']);
    const each = models.map((nodes, index) => `${MODELS[index].name} (line ${lineOf(document, MODELS[index].call) + 1}): → ${shapeText(nodes[0].output)}`);
    assert.equal(tooltipText(on(FIRST_CONV)[0]), ['5 models are built here, with different shapes:', ...each].join('\n'));

    // The dense layer: [N, 10] in every model, given once.
    const dense = new Set(models.map((nodes) => shapeText(nodes.at(-1)!.output)));
    assert.deepEqual([...dense], ['[N, 10]']);
    assert.deepEqual(on(DENSE).map(hintText), ['→ [N, 10]']);
    assert.match(tooltipText(on(DENSE)[0]), /^The same in the 5 models built here: small \(line 23\), medium \(line 24\)/);

    const onConv = new vscode.Position(FIRST_CONV - 1, document.lineAt(FIRST_CONV - 1).text.indexOf('conv2d'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, onConv);
    const hover = hovers.flatMap((found) => found.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.ok(hover.startsWith('5 models are built here, with different shapes:'), hover);
    assert.ok(hover.includes('**In `small` (line 23)**') && hover.includes(`output \`${shapeText(models[0][0].output)}\``), hover);
  });
});
