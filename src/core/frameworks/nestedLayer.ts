/**
 * A layer written inside another layer's parameter: a Keras wrapper's `layer`, a PyTorch
 * `TransformerEncoder`'s `encoder_layer`. It is built through the same vocabulary.
 */
import type { BuildContext, CanonicalLayer, LayerEntry } from '../engine/canonical';
import { LayerParams, type ParamKey } from '../engine/params';
import type { SourceEntry, SourceValue } from '../ir';
import { notModelled } from './unmodelled';

/** Finds the entry (builder and call signature) of a layer type in the vocabulary being built. */
export type LayerLookup = (type: string) => LayerEntry | undefined;

/** A nested layer as written: `{type: LSTM, units: 8}` (ConvLens YAML) or `{class_name, config}` (a saved Keras model). */
function writtenLayer(params: LayerParams, key: ParamKey): { type: string; value: SourceValue; entries: SourceEntry[] } | null {
  const value = params.entry(key)?.value;
  if (!value) return null;
  if (value.kind === 'unknown') {
    notModelled(params, key);
    return null;
  }
  const entries = value.kind === 'map' ? value.entries : [];
  const named = (name: string) => entries.find((entry) => entry.key === name)?.value;
  const type = named('type') ?? named('class_name');
  const config = named('config');
  if (type?.kind !== 'string') {
    params.reject(value.span, 'the nested layer must be written as a map with its `type` (or a saved `class_name` and `config`).');
    return null;
  }
  const inner = config?.kind === 'map' ? config.entries : entries.filter((entry) => entry.key !== 'type' && entry.key !== 'class_name');
  return { type: type.value, value: type, entries: inner };
}

/**
 * Builds the layer written in parameter `key` through the vocabulary (`lookup`), reading its
 * parameters as the outer layer's own: its problems become the outer layer's, and a value it
 * cannot fold makes both unknown. `rankOffset`: how the nested layer's input rank differs from
 * the outer one's (−1 for a layer applied to each time step). Null when absent or unusable.
 */
export function buildNested(
  params: LayerParams,
  key: ParamKey,
  context: BuildContext,
  lookup: LayerLookup,
  options: { ignoreCase: boolean; rankOffset: number },
): CanonicalLayer | null {
  const written = writtenLayer(params, key);
  if (!written) return null;
  const entry = lookup(written.type);
  if (!entry) {
    params.reject(written.value.span, `${context.type} cannot hold '${written.type}': ConvLens does not know that layer.`);
    return null;
  }
  // The outer layer's placement (hints, insertions); the nested layer's type, parameters and spans.
  const source = { ...params.layer, type: written.type, typeSpan: written.value.span, params: written.entries, args: undefined, span: written.value.span };
  const inner = new LayerParams(source, { ignoreCase: options.ignoreCase, signature: entry.signature });
  const rank = (size: number | null) => (size === null ? null : size + options.rankOffset);
  const built = entry.build(inner, { spatialRank: rank(context.spatialRank), inputRank: rank(context.inputRank), type: written.type });
  for (const problem of inner.problems) params.report(problem, false);
  params.invalid ||= inner.invalid;
  if (inner.indeterminate) {
    params.indeterminate = true;
    params.unfolded ??= inner.unfolded;
  }
  return built;
}
