/**
 * Which layer an open preview shows, stably: the layer's start in the document, carried across
 * edits (inserting a layer above it changes its index, not its identity), with its name and type
 * to recognise it; and what an Apply would break elsewhere in the document.
 */
import type { DocumentAnalysis, LayerResult } from './analysis';
import type { TextEdit } from './ir';
import type { PreviewTarget } from './previewProtocol';

/** An open preview's layer. */
export interface LayerAnchor {
  /** Offset of the layer's first character; null once an edit rewrote it (then name and type find it). */
  offset: number | null;
  /** The model the layer belongs to (models are few and rarely reordered). */
  modelIndex: number;
  name: string;
  type: string;
}

/** A text change as an editor reports it: `length` characters at `offset` became `newLength`. */
export interface TextChange {
  offset: number;
  length: number;
  newLength: number;
}

/** The anchor of the layer a target names, or undefined when there is none. */
export function anchorOf(analysis: DocumentAnalysis, target: PreviewTarget): LayerAnchor | undefined {
  const layer = analysis.models[target.modelIndex]?.layers[target.layerIndex];
  if (!layer) return undefined;
  return { offset: layer.span.start, modelIndex: target.modelIndex, name: layer.name, type: layer.type };
}

/**
 * The anchor after `change`: moved by edits before the layer's start, unchanged by edits after it,
 * detached from its offset by an edit that rewrote the start itself.
 */
export function shiftAnchor(anchor: LayerAnchor, change: TextChange): LayerAnchor {
  const { offset } = anchor;
  if (offset === null || change.offset > offset) return anchor;
  if (change.offset + change.length <= offset) return { ...anchor, offset: offset - change.length + change.newLength };
  return { ...anchor, offset: null };
}

function describe(layer: { name: string; type: string }): string {
  return `'${layer.name}' (${layer.type})`;
}

export type AnchoredLayer =
  | { ok: true; target: PreviewTarget; layer: LayerResult; anchor: LayerAnchor }
  | { ok: false; message: string };

/**
 * Finds the anchored layer in the current analysis: the transposed convolution that starts at the
 * anchor, else (after an edit that rewrote its start) the only one of its model with its name and
 * type. A different layer at its place, or none, is reported, never silently taken instead.
 */
export function findAnchoredLayer(analysis: DocumentAnalysis, anchor: LayerAnchor, uri: string): AnchoredLayer {
  const layers = analysis.models[anchor.modelIndex]?.layers ?? [];
  const atOffset = anchor.offset === null ? undefined : layers.find((layer) => layer.span.start === anchor.offset);
  const sameIdentity = (layer: LayerResult) => layer.name === anchor.name && layer.type === anchor.type;
  let found: LayerResult | undefined;
  if (atOffset) {
    if (!sameIdentity(atOffset)) {
      return { ok: false, message: `The layer ${describe(anchor)} that the preview opened on has changed: ${describe(atOffset)} is now in its place.` };
    }
    found = atOffset;
  } else {
    const named = layers.filter(sameIdentity);
    if (named.length === 1) found = named[0];
  }
  if (!found) return { ok: false, message: `The layer ${describe(anchor)} that the preview opened on is no longer in the document.` };
  if (!found.transposedConv) return { ok: false, message: `The layer ${describe(anchor)} is no longer a transposed convolution.` };
  const target = { uri, modelIndex: anchor.modelIndex, layerIndex: layers.indexOf(found) };
  return { ok: true, target, layer: found, anchor: { ...anchor, offset: found.span.start } };
}

/** Applies non-overlapping edits to `text`, as an editor would: inserts at one offset keep their order. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  // Later spans first, so earlier offsets stay valid.
  const ordered = edits.map((edit, order) => ({ edit, order })).sort((a, b) => b.edit.span.start - a.edit.span.start || b.order - a.order);
  return ordered.reduce((result, { edit }) => result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end), text);
}

/**
 * The shape errors `after` has that `before` did not: what an edit would break. Errors are
 * compared by code and layer (positions move with the edit, and a layer that was already wrong
 * may be wrong by another number afterwards); errors of no layer by code and message.
 */
export function newShapeErrors(before: DocumentAnalysis, after: DocumentAnalysis): string[] {
  const key = (d: DocumentAnalysis['diagnostics'][number]) => (d.layer === undefined ? `${d.code}\u0000\u0000${d.message}` : `${d.code}\u0000${d.layer}`);
  const known = new Set(before.diagnostics.filter((d) => d.severity === 'error').map(key));
  const added = after.diagnostics.filter((d) => d.severity === 'error' && !known.has(key(d)));
  return [...new Set(added.map((d) => `${d.layer ? `${d.layer}: ` : ''}${d.message} (${d.code})`))];
}
