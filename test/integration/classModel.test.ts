// A TF.js model written as a class (fields set in the constructor, a `while` loop adding layers,
// `Math.floor`) in the real editor: its hints are the shapes TF.js built when the program ran
// (test/fixtures/tfjs/programs/truth.json, written by generate.mjs; the corpus's dcgan-class.js is
// a link to this workspace file).
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import truth from '../fixtures/tfjs/programs/truth.json';
import { hintText, inlayHints, openFixture, waitFor } from './support/workspace';

interface TruthNode {
  className: string;
  output: (number | null)[];
  created: number[];
}

const program = (truth.programs as unknown as { entry: string; nodes: TruthNode[] }[]).find(({ entry }) => entry === 'dcgan-class.js');

/** `[N, 8, 8, 512]` for TF.js's `[null, 8, 8, 512]`. */
const shapeText = (shape: readonly (number | null)[]) => `[${shape.map((dim) => (dim === null ? 'N' : String(dim))).join(', ')}]`;

/** The zero-based line where the `model.add(...)` statement starting on 1-based `line` ends (its hint's line). */
function statementEnd(document: vscode.TextDocument, line: number): number {
  const start = document.offsetAt(document.lineAt(line - 1).range.start);
  return document.positionAt(start + document.getText().slice(start).indexOf(');')).line;
}

describe('A TF.js model written as a class', () => {
  it('shows on each layer call the shapes TF.js built, the loop included', async () => {
    assert.ok(program, 'dcgan-class.js is in the truth');
    const { document } = await openFixture('scripts/dcgan-class.js');
    const lines = new Set(program.nodes.map((node) => statementEnd(document, node.created[0])));
    const hints = await waitFor(`inlay hints on ${lines.size} lines`, async () => {
      const found = await inlayHints(document);
      return new Set(found.map((hint) => hint.position.line)).size >= lines.size ? found : undefined;
    });
    // A hint's shapes: its own, or, where a loop's layers are told in one hint (`4 layers: [N, 8, 8, 512] … [N, 64, 64, 64]`,
    // within the editor's limit on a line's hints), each layer's in its tooltip.
    const shown = hints.map((hint) => {
      const tooltip = typeof hint.tooltip === 'string' ? hint.tooltip : (hint.tooltip?.value ?? '');
      const listed = tooltip.split('\n').map((entry) => /→ .*$/.exec(entry)?.[0]).filter((shape): shape is string => shape !== undefined);
      return { shapes: /^\d+ layers[:→ ]/.test(hintText(hint)) ? listed : [hintText(hint)], line: hint.position.line };
    });
    // Every layer TF.js built must have its shape where its call ends (several where a loop adds it again).
    for (const node of program.nodes) {
      const line = statementEnd(document, node.created[0]);
      const expected = `→ ${shapeText(node.output)}`;
      const there = shown.filter((hint) => hint.line === line).flatMap((hint) => hint.shapes);
      assert.ok(there.includes(expected), `${node.className} made at line ${node.created[0]}: no shape ${expected} on line ${line + 1}; there: ${there.join(', ')}`);
    }
  });
});
