// The preview's layer identity across edits and the Apply check for new shape errors, through
// the real YAML reader and engine.
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import type { DocumentAnalysis } from '../../../src/core/analysis';
import { anchorOf, applyTextEdits, findAnchoredLayer, newShapeErrors, shiftAnchor, type LayerAnchor } from '../../../src/core/previewAnchor';

const URI = 'file:///w/ae.model.yaml';

// dec1: (7−1)·2 − 2·1 + (3−1) + 1 + 1 = 14, as expected; dec2: (14−1)·2 − 2 + 2 + 0 + 1 = 27, not the
// expected 28 (SEMANTICS.md, PyTorch): the document starts with one error, on dec2.
const MODEL = `name: ae
framework: pytorch
input: [N, 32, 7, 7]
layers:
  - type: ConvTranspose2d
    name: dec1
    out_channels: 16
    kernel_size: 3
    stride: 2
    padding: 1
    output_padding: 1
    expect: [N, 16, 14, 14]
  - type: ConvTranspose2d
    name: dec2
    out_channels: 1
    kernel_size: 3
    stride: 2
    padding: 1
    output_padding: 0
    expect: [N, 1, 28, 28]
`;

async function analyse(text: string): Promise<DocumentAnalysis> {
  return analyzeDocument(text, 'ae.model.yaml');
}

/** The document after replacing the first `from` by `to`, and the change as an editor reports it. */
function edit(text: string, from: string, to: string) {
  const offset = text.indexOf(from);
  assert.ok(offset >= 0, from);
  return { text: text.slice(0, offset) + to + text.slice(offset + from.length), change: { offset, length: from.length, newLength: to.length } };
}

function insert(text: string, offset: number, added: string) {
  return { text: text.slice(0, offset) + added + text.slice(offset), change: { offset, length: 0, newLength: added.length } };
}

async function dec2Anchor(): Promise<LayerAnchor> {
  const anchor = anchorOf(await analyse(MODEL), { uri: URI, modelIndex: 0, layerIndex: 1 });
  assert.deepEqual(anchor, { offset: MODEL.indexOf('type: ConvTranspose2d\n    name: dec2'), modelIndex: 0, name: 'dec2', type: 'ConvTranspose2d' });
  return anchor;
}

describe('preview: the layer it shows, across edits', () => {
  it('follows its layer when a layer is inserted above it (its index changes, not its identity)', async () => {
    const anchor = await dec2Anchor();
    const inserted = insert(MODEL, MODEL.indexOf('  - type: ConvTranspose2d\n    name: dec2'), '  - type: ReLU\n');
    const moved = shiftAnchor(anchor, inserted.change);
    assert.equal(moved.offset, anchor.offset! + '  - type: ReLU\n'.length);
    const found = findAnchoredLayer(await analyse(inserted.text), moved, URI);
    assert.ok(found.ok);
    assert.deepEqual(found.target, { uri: URI, modelIndex: 0, layerIndex: 2 });
    assert.equal(found.layer.name, 'dec2');
  });

  it('is not moved by edits after its start, and loses its offset to an edit that rewrites the start', async () => {
    const anchor = await dec2Anchor();
    const start = anchor.offset!;
    assert.deepEqual(shiftAnchor(anchor, { offset: start + 5, length: 3, newLength: 10 }), anchor);
    assert.equal(shiftAnchor(anchor, { offset: start, length: 0, newLength: 4 }).offset, start + 4, 'text typed right before it');
    assert.equal(shiftAnchor(anchor, { offset: start - 2, length: 4, newLength: 4 }).offset, null);
    // Without its offset (e.g. after Format Document), the only dec2 of the model is found by name and type.
    const found = findAnchoredLayer(await analyse(MODEL), { ...anchor, offset: null }, URI);
    assert.ok(found.ok);
    assert.equal(found.target.layerIndex, 1);
    assert.equal(found.anchor.offset, start, 'and anchored again');
  });

  it('reports another layer in its place, or none, instead of taking another one', async () => {
    const anchor = await dec2Anchor();
    const renamed = edit(MODEL, 'name: dec2', 'name: head');
    assert.deepEqual(findAnchoredLayer(await analyse(renamed.text), shiftAnchor(anchor, renamed.change), URI), {
      ok: false,
      message: "The layer 'dec2' (ConvTranspose2d) that the preview opened on has changed: 'head' (ConvTranspose2d) is now in its place.",
    });
    const removed = edit(MODEL, MODEL.slice(MODEL.indexOf('  - type: ConvTranspose2d\n    name: dec2')), '');
    assert.deepEqual(findAnchoredLayer(await analyse(removed.text), shiftAnchor(anchor, removed.change), URI), {
      ok: false,
      message: "The layer 'dec2' (ConvTranspose2d) that the preview opened on is no longer in the document.",
    });
  });
});

describe('preview: what an Apply would break', () => {
  it('names the shape errors an edit adds, not those the document already had (by code and layer)', async () => {
    const before = await analyse(MODEL);
    assert.deepEqual(
      before.diagnostics.filter((d) => d.severity === 'error').map((d) => d.layer),
      ['dec2'],
    );
    // dec1 with output_padding 0: (7−1)·2 − 2 + 2 + 0 + 1 = 13, not the expected 14; dec2 then
    // gives (13−1)·2 − 2 + 2 + 0 + 1 = 25, which no output_padding (0 or 1) turns into 28.
    const value = MODEL.indexOf('output_padding: 1') + 'output_padding: '.length;
    const after = await analyse(applyTextEdits(MODEL, [{ span: { start: value, end: value + 1 }, newText: '0' }]));
    const breaks = newShapeErrors(before, after);
    assert.equal(breaks.length, 2, breaks.join('\n'));
    assert.match(breaks[0], /^dec1: .*\[N, 16, 13, 13\].*\[N, 16, 14, 14\].*\(output-padding-mismatch\)$/);
    assert.match(breaks[1], /^dec2: .*\[N, 1, 25, 25\].*\[N, 1, 28, 28\].*\(shape-mismatch\)$/);
    assert.deepEqual(newShapeErrors(before, before), []);
  });

  it('applies edits as an editor does: later spans first, inserts at one offset in their order', () => {
    const text = 'a: 1\n';
    const at = (offset: number, newText: string) => ({ span: { start: offset, end: offset }, newText });
    assert.equal(applyTextEdits(text, [at(5, 'b: 2\n'), at(5, 'c: 3\n'), { span: { start: 3, end: 4 }, newText: '7' }]), 'a: 7\nb: 2\nc: 3\n');
  });
});
