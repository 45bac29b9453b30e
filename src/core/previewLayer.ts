/**
 * The bridge between the analysis and the upsampling preview: which transposed-conv layer the
 * preview shows, and the minimal text edits that write the preview's parameters back.
 */
import type { LayerResult, ModelResult, PreviewParamKey, TransposedConvGeometry } from './analysis';
import { knownValue } from './dims';
import type { PreviewPolicy } from './engine/canonical';
import { vocabularyOf } from './frameworks';
import type { Framework, TextEdit } from './ir';
import { insertParamEdit } from './writers';
import type { PreviewLayer, PreviewParams, PreviewTarget } from './previewProtocol';

/** The preview's view of one layer, or undefined when it is not a transposed convolution. */
export function toPreviewLayer(model: ModelResult, layer: LayerResult, target: PreviewTarget, fileLabel: string): PreviewLayer | undefined {
  const geometry = layer.transposedConv;
  if (!geometry) return undefined;
  const policy = vocabularyOf(model.framework).preview;
  const inputSpatial = geometry.inputSpatial.map((dim) => {
    const size = knownValue(dim);
    return size !== null && size > 0 ? size : null;
  });
  return {
    target,
    label: `${layer.title} · ${layer.type} · ${fileLabel}`,
    framework: model.framework,
    rank: geometry.rank,
    inputSpatial,
    params: {
      kernel: [...geometry.kernel],
      stride: [...geometry.stride],
      padBegin: [...geometry.padBegin],
      padEnd: [...geometry.padEnd],
      outputPadding: [...geometry.outputPadding],
      dilation: [...geometry.dilation],
    },
    writable: [...policy.writable],
    paddingMode: policy.padding,
    paramNames: { ...geometry.paramNames },
    notes: [...policy.notes],
  };
}

/** The values of one parameter as the framework writes them (ONNX pads: all begins, then all ends). */
function valuesOf(key: PreviewParamKey, params: PreviewParams, policy: PreviewPolicy): number[] {
  switch (key) {
    case 'kernel':
      return params.kernel;
    case 'stride':
      return params.stride;
    case 'outputPadding':
      return params.outputPadding;
    case 'dilation':
      return params.dilation;
    case 'padding':
      return policy.paddingWritten === 'beginsThenEnds' ? [...params.padBegin, ...params.padEnd] : params.padBegin;
  }
}

function sameValues(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** Scalars where the source used one (or where nothing was written and the framework takes one). */
function formatValues(values: number[], existingText: string | undefined, policy: PreviewPolicy, key: PreviewParamKey): string {
  const listOnly = policy.listsOnly || (key === 'padding' && policy.padding !== 'symmetric');
  const wasList = existingText !== undefined && existingText.trimStart().startsWith('[');
  const uniform = values.every((value) => value === values[0]);
  return uniform && !listOnly && !wasList ? String(values[0]) : `[${values.join(', ')}]`;
}

export type ParamEditPlan = { ok: true; edits: TextEdit[]; changed: PreviewParamKey[] } | { ok: false; message: string };

/**
 * The edits that write `params` into the layer: existing values are replaced where they differ,
 * missing parameters are inserted only when they differ from the layer's current (default)
 * value. `text` is the analysed document text.
 */
export function planParamEdits(
  text: string,
  framework: Framework,
  geometry: TransposedConvGeometry,
  params: PreviewParams,
  keys: readonly PreviewParamKey[],
): ParamEditPlan {
  if (params.kernel.length !== geometry.rank) {
    return { ok: false, message: `The layer has ${geometry.rank} spatial axes, the preview sent ${params.kernel.length}.` };
  }
  const vocabulary = vocabularyOf(framework);
  const policy = vocabulary.preview;
  const edits: TextEdit[] = [];
  const changed: PreviewParamKey[] = [];
  for (const key of keys) {
    const values = valuesOf(key, params, policy);
    if (sameValues(values, valuesOf(key, geometry, policy)) && (key !== 'padding' || sameValues(params.padEnd, geometry.padEnd))) continue;
    const name = geometry.paramNames[key];
    if (!policy.writable.includes(key) || !name) {
      return { ok: false, message: `${framework} layers: the preview cannot write ${name || key}.` };
    }
    if (key === 'padding' && policy.padding === 'symmetric' && !sameValues(params.padBegin, params.padEnd)) {
      return { ok: false, message: `${vocabulary.label} padding is symmetric: begin and end padding must be equal.` };
    }
    const span = geometry.paramSpans?.[key];
    if (span) {
      edits.push({ span, newText: formatValues(values, text.slice(span.start, span.end), policy, key) });
    } else if (geometry.insertion) {
      edits.push(insertParamEdit(geometry.insertion, name, formatValues(values, undefined, policy, key)));
    } else {
      return { ok: false, message: `Cannot locate ${name} in the document (the reader did not provide parameter positions).` };
    }
    changed.push(key);
  }
  return { ok: true, edits, changed };
}
