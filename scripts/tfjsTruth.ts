/**
 * Compares what ConvLens shows for a TF.js program with what TF.js built when the program ran
 * (test/fixtures/tfjs/programs/generate.mjs records it; scripts/realRepos.mjs does the same on
 * fetched repositories). Pure: the unit test test/unit/typescript/tfjsPrograms.test.ts and the
 * local real-repository script share it.
 */
import type { Analysis, LayerReport } from '../src/core/report';

/** One application of a layer when the program ran (a layer applied twice is two nodes). */
export interface TruthNode {
  /** The layer's TF.js name (`conv2d_Conv2D3`, or the `name` the program gave). */
  name: string;
  /** Its TF.js class (`Conv2DTranspose`, `Sequential` for a nested model). */
  className: string;
  /** Its output shape, batch first as null; a list of shapes for several outputs. */
  output: (number | null)[] | (number | null)[][];
  /** Trainable parameters. */
  params: number;
  /** Lines of the analysed file on the stack where the layer was created (innermost first). */
  created: number[];
  /** Lines of the analysed file on the stack where it was applied (`model.add`, `.apply`). */
  applied: number[];
}

/** A layer ConvLens shows with a concrete shape that differs from the truth. */
export interface WrongLayer {
  line: number;
  type: string;
  shown: string;
  truth: string;
  /** Set when the shape is right and the parameter count is not. */
  params?: { shown: number; truth: number };
}

/** How one file's layers compare. Every truth node is matched, unknown or missing. */
export interface TruthComparison {
  /** Truth nodes (layers applied when the program ran). */
  layers: number;
  /** Shown with a concrete shape equal to the truth (and the truth's parameter count, where shown). */
  matched: number;
  /** Shown with `?` or a symbolic dimension somewhere. */
  unknown: number;
  /** Not shown at all. */
  missing: number;
  /** Shown with a concrete shape (or parameter count) that is not the truth. */
  wrong: WrongLayer[];
  /**
   * Layers ConvLens shows with a concrete shape where nothing of that type was created or
   * applied when the program ran (a layer that does not exist).
   */
  extra: { line: number; type: string; shown: string }[];
  /** Rows ConvLens shows without a shape for what it could not follow (`upBlock(model, 128)`), matching no node. */
  placeholders: number;
  /**
   * Layers shown again, with the truth's shape, where a model that holds them is used as a layer
   * (`autoencoder.add(encoder)`): TF.js records one node per inner layer, ConvLens lists the inner
   * layers at each use. A different shape there is wrong.
   */
  reshown: number;
}

/**
 * `Conv2DTranspose` and `conv2dTranspose` name the same layer; so do `ReLU` and `reLU`, and the
 * factories TF.js names twice (`maxPool2d`, `avgPool2d`, `globalMaxPool1d`) and their class.
 */
const typeKey = (type: string) =>
  type
    .toLowerCase()
    .replace(/_/g, '')
    .replace(/avg(?=pool)/, 'average')
    .replace(/pool(?=\dd$)/, 'pooling');

/** The dims of a shape that has no `?` and no symbol but the batch `N`, else undefined. */
function concreteShape(layer: LayerReport): (number | null)[] | undefined {
  if (!layer.output) return undefined;
  const dims = layer.output.map((dim, axis) => (axis === 0 && dim === 'N' ? null : dim));
  return dims.every((dim) => dim === null || typeof dim === 'number') ? (dims as (number | null)[]) : undefined;
}

/** A node's (first) output shape. */
const outputOf = (node: TruthNode) => (Array.isArray(node.output[0]) ? node.output[0] : node.output) as (number | null)[];

const shapeText = (shape: readonly unknown[] | null) => (shape ? `[${shape.map((dim) => (dim === null ? 'N' : String(dim))).join(', ')}]` : 'null');

/**
 * Pairs ConvLens's layers with the truth's nodes and compares them. A layer pairs with a node
 * of the same type that was created or applied on the layer's line; among several (a helper
 * called three times, a loop), the first unpaired one after the previous pairing in the same
 * model, else the first unpaired one: creation order is the order ConvLens lists them in. Layers
 * shown with a concrete shape pair first with nodes of that shape, then every other layer with
 * the nodes left, so that a layer ConvLens lists twice (a builder read once with its parameters
 * as symbols and once as called) does not take the node of another use of its line.
 */
export function compareWithTruth(analysis: Analysis, nodes: readonly TruthNode[]): TruthComparison {
  const paired = new Set<number>();
  const result: TruthComparison = { layers: nodes.length, matched: 0, unknown: 0, missing: 0, wrong: [], extra: [], placeholders: 0, reshown: 0 };
  // TF.js applies no InputLayer (`tf.layers.inputLayer`): the truth has no node for it.
  const models = analysis.models.map((model) =>
    model.layers
      .filter(({ type }) => typeKey(type) !== 'inputlayer')
      .map((layer) => ({
        layer,
        shape: concreteShape(layer),
        onLine: nodes
          .map((node, index) => ({ node, index }))
          .filter(({ node }) => typeKey(node.className) === typeKey(layer.type) && (node.created.includes(layer.line) || node.applied.includes(layer.line))),
      })),
  );
  type Entry = (typeof models)[number][number];
  const compare = (layer: LayerReport, shape: (number | null)[], node: TruthNode) => {
    const truth = outputOf(node);
    if (shapeText(shape) !== shapeText(truth)) {
      result.wrong.push({ line: layer.line, type: layer.type, shown: shapeText(shape), truth: shapeText(truth) });
    } else if (layer.params !== null && layer.params !== node.params) {
      result.wrong.push({ line: layer.line, type: layer.type, shown: shapeText(shape), truth: shapeText(truth), params: { shown: layer.params, truth: node.params } });
    } else {
      result.matched++;
    }
  };
  /** Pairs each entry of each model that `accepts` with a node, in order; answers the entries left. */
  const pairModels = (entries: Entry[][], accepts: (entry: Entry, node: TruthNode) => boolean, onPair: (entry: Entry, node: TruthNode) => void, onNone: (entry: Entry) => void) =>
    entries.map((model) => {
      let cursor = -1;
      const left: Entry[] = [];
      for (const entry of model) {
        const candidates = entry.onLine.filter(({ node, index }) => !paired.has(index) && accepts(entry, node));
        const pick = candidates.find(({ index }) => index > cursor) ?? candidates[0];
        if (!pick) {
          onNone(entry);
          left.push(entry);
          continue;
        }
        paired.add(pick.index);
        cursor = pick.index;
        onPair(entry, pick.node);
      }
      return left;
    });
  const sameShape = (entry: Entry, node: TruthNode) => entry.shape !== undefined && shapeText(entry.shape) === shapeText(outputOf(node));
  const left = pairModels(models, sameShape, (entry, node) => compare(entry.layer, entry.shape!, node), () => undefined);
  pairModels(
    left,
    () => true,
    (entry, node) => (entry.shape ? compare(entry.layer, entry.shape, node) : result.unknown++),
    ({ layer, shape, onLine }) => {
      if (shape && onLine.length > 0) {
        const again = onLine.some(({ node }) => shapeText(shape) === shapeText(outputOf(node)));
        if (again) result.reshown++;
        else result.wrong.push({ line: layer.line, type: layer.type, shown: shapeText(shape), truth: shapeText(outputOf(onLine[0].node)) });
      } else if (shape) result.extra.push({ line: layer.line, type: layer.type, shown: shapeText(layer.output) });
      else result.placeholders++;
    },
  );
  result.missing = nodes.length - paired.size;
  return result;
}
