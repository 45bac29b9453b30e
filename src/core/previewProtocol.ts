/**
 * The message protocol between the upsampling preview page (webview) and its host (extension).
 *
 * One discriminated union per direction, keyed on `type`. Each side validates what it receives
 * with the `parse…` functions below: anything malformed becomes `undefined`, never an exception.
 */
import type { PreviewParamKey, TransposedConvParams } from './analysis';
import { FRAMEWORKS, type Framework } from './ir';

export type { PreviewParamKey } from './analysis';

/** The webview panel type, also used by the panel serializer. */
export const PREVIEW_VIEW_TYPE = 'convlens.preview';

/**
 * Which layer a preview shows. Also the argument of the `convlens.previewUpsampling` command
 * (CodeLens and hover links pass it; `uri` is the document URI as a string).
 */
export interface PreviewTarget {
  uri: string;
  modelIndex: number;
  layerIndex: number;
}

/** The parameters the page edits: those of the layer's geometry, in the same terms. */
export type PreviewParams = TransposedConvParams;

export const PREVIEW_PARAM_KEYS: readonly PreviewParamKey[] = ['kernel', 'stride', 'padding', 'outputPadding', 'dilation'];

/** A transposed-conv layer as the page needs it. */
export interface PreviewLayer {
  target: PreviewTarget;
  /** Human label, e.g. `up2 · ConvTranspose2d · decoder.model.yaml`. */
  label: string;
  framework: Framework;
  /** Spatial rank: 1, 2 or 3. */
  rank: number;
  /** The layer's input spatial size per axis; null where unknown. */
  inputSpatial: (number | null)[];
  params: PreviewParams;
  /** The parameters "Apply to document" can write for this framework. */
  writable: PreviewParamKey[];
  /** `symmetric`: one padding per axis (PyTorch); `beginEnd`: separate begin and end (ONNX pads, SAME modes). */
  paddingMode: 'symmetric' | 'beginEnd';
  /** Source parameter names, shown beside the controls. */
  paramNames: Record<PreviewParamKey, string>;
  /** Remarks the page shows as they are (e.g. why padding is not writable). */
  notes: string[];
}

/** The largest memory limit the preview accepts (the setting's maximum), so the size guard always holds. */
export const MAX_MEMORY_LIMIT_MB = 4096;

/** What the page shows: a layer, or why there is none. Also the initial `data-state` payload. */
export interface PreviewContent {
  layer: PreviewLayer | null;
  /** Shown when `layer` is null (e.g. the layer disappeared after an edit). */
  message?: string;
  memoryLimitMB: number;
}

/** Host → page. */
export type HostMessage =
  | ({ type: 'content' } & PreviewContent)
  | { type: 'imageList'; files: string[] }
  | { type: 'image'; requestId: number; path: string; bytes: Uint8Array }
  | { type: 'imageError'; requestId: number; path: string; message: string }
  | ({ type: 'applyResult' } & ApplyResult);

/**
 * The answer to an Apply. `breaks`: nothing was written because the change would add these shape
 * errors to the document (e.g. the layer's output no longer matching its `expect` or the next
 * layer); the page asks the user, and applies again with `confirmed` to write it anyway.
 */
export interface ApplyResult {
  ok: boolean;
  message: string;
  breaks?: string[];
}

/** What an Apply asks the host to write. */
export interface ApplyRequest {
  target: PreviewTarget;
  params: PreviewParams;
  keys: PreviewParamKey[];
  /**
   * The document's values the page's values started from: when the layer's values in the
   * document differ from these by now, the host refuses (the user has not seen the change).
   */
  basis?: PreviewParams;
  /** Write even when the change breaks shapes elsewhere (the user confirmed {@link ApplyResult.breaks}). */
  confirmed?: boolean;
}

/** Page → host. */
export type PageMessage =
  | { type: 'ready' }
  | ({ type: 'apply' } & ApplyRequest)
  | { type: 'listImages' }
  | { type: 'requestImage'; requestId: number; path: string };

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isCountList(value: unknown, length?: number): value is number[] {
  return Array.isArray(value) && (length === undefined || value.length === length) && value.every(isCount);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isParamKey(value: unknown): value is PreviewParamKey {
  return typeof value === 'string' && (PREVIEW_PARAM_KEYS as readonly string[]).includes(value);
}

/** Validates a {@link PreviewTarget}; also used for the command argument. */
export function parseTarget(value: unknown): PreviewTarget | undefined {
  if (!isRecord(value) || typeof value.uri !== 'string' || !isCount(value.modelIndex) || !isCount(value.layerIndex)) {
    return undefined;
  }
  return { uri: value.uri, modelIndex: value.modelIndex, layerIndex: value.layerIndex };
}

/** Validates {@link PreviewParams} of the given rank; all values non-negative integers. */
export function parseParams(value: unknown, rank: number): PreviewParams | undefined {
  if (!isRecord(value)) return undefined;
  const list = (field: keyof PreviewParams) => (isCountList(value[field], rank) ? [...value[field]] : undefined);
  const [kernel, stride, padBegin, padEnd, outputPadding, dilation] = [
    list('kernel'), list('stride'), list('padBegin'), list('padEnd'), list('outputPadding'), list('dilation'),
  ];
  if (!kernel || !stride || !padBegin || !padEnd || !outputPadding || !dilation) return undefined;
  return { kernel, stride, padBegin, padEnd, outputPadding, dilation };
}

function parseLayer(value: unknown): PreviewLayer | undefined {
  if (!isRecord(value)) return undefined;
  const target = parseTarget(value.target);
  const rank = value.rank;
  if (!target || typeof rank !== 'number' || ![1, 2, 3].includes(rank)) return undefined;
  const params = parseParams(value.params, rank);
  const inputOk =
    Array.isArray(value.inputSpatial) &&
    value.inputSpatial.length === rank &&
    value.inputSpatial.every((dim) => dim === null || (isCount(dim) && dim > 0));
  const names = value.paramNames;
  const namesOk = isRecord(names) && PREVIEW_PARAM_KEYS.every((key) => typeof names[key] === 'string');
  if (
    !params ||
    !inputOk ||
    !namesOk ||
    typeof value.label !== 'string' ||
    !(FRAMEWORKS as readonly unknown[]).includes(value.framework) ||
    !Array.isArray(value.writable) ||
    !value.writable.every(isParamKey) ||
    (value.paddingMode !== 'symmetric' && value.paddingMode !== 'beginEnd') ||
    !isStringList(value.notes)
  ) {
    return undefined;
  }
  return {
    target,
    label: value.label,
    framework: value.framework as Framework,
    rank,
    inputSpatial: value.inputSpatial as (number | null)[],
    params,
    writable: value.writable as PreviewParamKey[],
    paddingMode: value.paddingMode,
    paramNames: names as Record<PreviewParamKey, string>,
    notes: value.notes as string[],
  };
}

/** Validates the page's content payload (the `content` message and the initial `data-state`). */
export function parseContent(value: unknown): PreviewContent | undefined {
  if (!isRecord(value) || typeof value.memoryLimitMB !== 'number' || !(value.memoryLimitMB > 0 && value.memoryLimitMB <= MAX_MEMORY_LIMIT_MB)) return undefined;
  if (value.message !== undefined && typeof value.message !== 'string') return undefined;
  const layer = value.layer === null ? null : parseLayer(value.layer);
  if (layer === undefined) return undefined;
  return { layer, message: value.message as string | undefined, memoryLimitMB: value.memoryLimitMB };
}

function parseBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  // A transport that cannot carry typed arrays sends a plain number array.
  if (Array.isArray(value) && value.every((byte) => isCount(byte) && byte < 256)) return Uint8Array.from(value);
  return undefined;
}

/** Validates a message the page receives from the host. */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'content': {
      const content = parseContent(value);
      return content && { type: 'content', ...content };
    }
    case 'imageList':
      return isStringList(value.files) ? { type: 'imageList', files: value.files } : undefined;
    case 'image': {
      const bytes = parseBytes(value.bytes);
      if (!bytes || !isCount(value.requestId) || typeof value.path !== 'string') return undefined;
      return { type: 'image', requestId: value.requestId, path: value.path, bytes };
    }
    case 'imageError':
      if (!isCount(value.requestId) || typeof value.path !== 'string' || typeof value.message !== 'string') return undefined;
      return { type: 'imageError', requestId: value.requestId, path: value.path, message: value.message };
    case 'applyResult':
      if (typeof value.ok !== 'boolean' || typeof value.message !== 'string') return undefined;
      if (value.breaks !== undefined && !isStringList(value.breaks)) return undefined;
      return { type: 'applyResult', ok: value.ok, message: value.message, ...(value.breaks ? { breaks: value.breaks } : {}) };
    default:
      return undefined;
  }
}

/** Validates a message the host receives from the page. */
export function parsePageMessage(value: unknown): PageMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'listImages':
      return { type: 'listImages' };
    case 'requestImage':
      if (!isCount(value.requestId) || typeof value.path !== 'string') return undefined;
      return { type: 'requestImage', requestId: value.requestId, path: value.path };
    case 'apply': {
      const target = parseTarget(value.target);
      const params = isRecord(value.params) && Array.isArray(value.params.kernel) ? parseParams(value.params, value.params.kernel.length) : undefined;
      if (!target || !params || params.kernel.length < 1 || params.kernel.length > 3) return undefined;
      if (!Array.isArray(value.keys) || !value.keys.every(isParamKey)) return undefined;
      const basis = value.basis === undefined ? undefined : parseParams(value.basis, params.kernel.length);
      if ((value.basis !== undefined && !basis) || (value.confirmed !== undefined && typeof value.confirmed !== 'boolean')) return undefined;
      return { type: 'apply', target, params, keys: value.keys, ...(basis ? { basis } : {}), ...(value.confirmed ? { confirmed: true } : {}) };
    }
    default:
      return undefined;
  }
}
