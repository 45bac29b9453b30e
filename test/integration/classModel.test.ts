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
    const hints = await waitFor(`${program.nodes.length} inlay hints`, async () => {
      const found = await inlayHints(document);
      return found.length >= program.nodes.length ? found : undefined;
    });
    const shown = hints.map((hint) => ({ text: hintText(hint), line: hint.position.line }));
    // Every layer TF.js built must have its hint where its call ends (several where a loop adds it again).
    for (const node of program.nodes) {
      const line = statementEnd(document, node.created[0]);
      const expected = `→ ${shapeText(node.output)}`;
      const there = shown.filter((hint) => hint.line === line).map((hint) => hint.text);
      assert.ok(there.includes(expected), `${node.className} made at line ${node.created[0]}: no hint ${expected} on line ${line + 1}; there: ${there.join(', ')}`);
    }
  });
});
