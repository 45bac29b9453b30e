/** The upsampling preview page: controls, the mechanics view and the data view. */
import {
  parseContent,
  parseHostMessage,
  parseParams,
  parseTarget,
  type PageMessage,
  type PreviewContent,
  type PreviewLayer,
  type PreviewParams,
  type PreviewTarget,
} from '../core/previewProtocol';
import { drawField, drawLegend, rangeOf } from './colorScale';
import { computePreview, outputSizesOf, previewBytes, type ComputeResult } from './compute';
import { CancelledError, ComputeRunner, KernelError } from './computeRunner';
import { el } from './dom';
import { axisGeometry } from './mechanicsGeometry';
import { formatValue, MechanicsView } from './mechanicsView';
import { kernelPathText, loadPageKernel } from './pageKernel';
import { decodeImage, INPUT_PATTERNS, KERNEL_KINDS, makeInput, makeKernel, type GreyImage, type InputPattern, type KernelKind } from './sources';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Inputs larger than this per axis are drawn in the mechanics view at this size. */
const MECHANICS_MAX_SIDE = 16;
const MECHANICS_MAX_PADDED = 128;
const DEFAULT_INPUT_SIDE = 8;
const IMAGE_MAX_SIDE = 1024;
const MIB = 1024 * 1024;

type View = 'mechanics' | 'data';
type ParamRow = 'kernel' | 'stride' | 'padBegin' | 'padEnd' | 'outputPadding' | 'dilation' | 'inputSizes';

/** Everything the page restores after a reload (vscode.setState). */
interface UiState {
  target?: PreviewTarget;
  /** The document's values when `params` were last taken from it. */
  documentParams?: PreviewParams;
  params?: PreviewParams;
  inputSizes: number[];
  linked: boolean;
  view: View;
  pattern: InputPattern;
  kernelKind: KernelKind;
  seed: number;
  imagePath?: string;
  step: number;
}

const vscode = acquireVsCodeApi();
const workerUri = document.body.dataset.workerUri ?? '';
const pageKernel = loadPageKernel(document.body.dataset.kernelWasmUri);
const runner = new ComputeRunner(workerUri, pageKernel);

let content: PreviewContent = parseContent(safeJson(document.body.dataset.state)) ?? { layer: null, message: 'The preview received no layer.', memoryLimitMB: 256 };
const ui: UiState = restoreUi(vscode.getState());
let image: GreyImage | undefined;
let imageFiles: string[] | undefined;
let imageRequest = 0;
let applyTimer: number | undefined;

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function restoreUi(saved: unknown): UiState {
  const defaults: UiState = { inputSizes: [], linked: true, view: 'mechanics', pattern: 'constant', kernelKind: 'uniform', seed: 1, step: 0 };
  if (typeof saved !== 'object' || saved === null) return defaults;
  const record = saved as Record<string, unknown>;
  const rank = Array.isArray(record.inputSizes) ? record.inputSizes.length : 0;
  return {
    target: parseTarget(record.target),
    documentParams: parseParams(record.documentParams, rank) ?? undefined,
    params: parseParams(record.params, rank) ?? undefined,
    inputSizes: Array.isArray(record.inputSizes) && record.inputSizes.every((v) => Number.isSafeInteger(v) && v > 0) ? (record.inputSizes as number[]) : [],
    linked: record.linked !== false,
    view: record.view === 'data' ? 'data' : 'mechanics',
    pattern: INPUT_PATTERNS.some((p) => p.value === record.pattern) ? (record.pattern as InputPattern) : defaults.pattern,
    kernelKind: KERNEL_KINDS.some((k) => k.value === record.kernelKind) ? (record.kernelKind as KernelKind) : defaults.kernelKind,
    seed: Number.isSafeInteger(record.seed) ? (record.seed as number) : 1,
    imagePath: typeof record.imagePath === 'string' ? record.imagePath : undefined,
    step: Number.isSafeInteger(record.step) ? (record.step as number) : 0,
  };
}

function saveUi(): void {
  vscode.setState(ui);
}

function sameParams(a: PreviewParams | undefined, b: PreviewParams): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** Takes the document's values when they changed since last seen (an edit, an Apply, another layer). */
function adoptLayer(layer: PreviewLayer): void {
  const sameTarget = ui.target !== undefined && JSON.stringify(ui.target) === JSON.stringify(layer.target);
  if (!sameTarget || !sameParams(ui.documentParams, layer.params) || !ui.params || ui.inputSizes.length !== layer.rank) {
    ui.params = structuredClone(layer.params);
    ui.documentParams = structuredClone(layer.params);
    ui.inputSizes = layer.inputSpatial.map((size) => size ?? DEFAULT_INPUT_SIDE);
  }
  ui.target = layer.target;
}

// ---- Layout ----------------------------------------------------------------------------------

const app = document.getElementById('app')!;
// Focusable from script only: where the focus goes when the panel opens on a message instead of a layer.
app.tabIndex = -1;
const title = el('h1', { class: 'title' });
const notes = el('ul', { class: 'notes' });
const shapeLine = el('p', { class: 'shape', 'aria-live': 'polite' });
const formulaList = el('ul', { class: 'formulas' });
const kernelPath = el('p', { class: 'note', id: 'kernel-path', 'aria-live': 'polite' });
const errorBox = el('div', { class: 'error', role: 'alert', hidden: true });
const controls = el('div', { class: 'controls', role: 'group', 'aria-label': 'Parameters' });
const applyStatus = el('p', { class: 'apply-status', 'aria-live': 'polite' });
const applyWarningList = el('ul');
const applyAnywayButton = el('button', { type: 'button', text: 'Apply anyway' });
const keepButton = el('button', { type: 'button', class: 'primary', text: 'Cancel' });
const applyWarning = el(
  'div',
  { class: 'apply-warning', role: 'alertdialog', 'aria-labelledby': 'apply-warning-title', hidden: true },
  el('p', { id: 'apply-warning-title' }),
  applyWarningList,
  el('div', { class: 'actions' }, keepButton, applyAnywayButton),
);
const applyButton = el('button', { type: 'button', class: 'primary', text: 'Apply to document' });
const resetButton = el('button', { type: 'button', text: 'Reset to document' });
const linkBox = el('input', { type: 'checkbox', id: 'link-axes' });
const linkRow = el('div', { class: 'link-row' }, linkBox, el('label', { for: 'link-axes', text: 'Same value on every axis' }));
const sliceNote = el('p', { class: 'note' });
const mechanics = new MechanicsView((step) => {
  ui.step = step;
  saveUi();
}, sliceNote);

const patternSelect = select('input-pattern', INPUT_PATTERNS);
const kernelSelect = select('kernel-kind', KERNEL_KINDS);
const seedInput = el('input', { type: 'number', id: 'seed', min: 0, step: 1, class: 'seed' });
const imageSelect = el('select', { id: 'image-file', 'aria-label': 'Workspace image' });
const imageRow = el('span', { class: 'image-row' }, el('label', { for: 'image-file', text: 'Image' }), imageSelect);
const progress = el('progress', { max: 1, value: 0, 'aria-label': 'Computation progress' });
const cancelButton = el('button', { type: 'button', text: 'Cancel' });
const progressRow = el('div', { class: 'progress-row', hidden: true }, progress, cancelButton);
const guardBox = el('div', { class: 'guard', role: 'alert', hidden: true });
const sourceNote = el('p', { class: 'source-note', role: 'status', hidden: true });
const readout = el('p', { class: 'readout', 'aria-live': 'polite' });
const overlapSummary = el('p', { class: 'overlap-summary', 'aria-live': 'polite' });
const inputCanvas = canvas('input-canvas', 'Input');
const outputCanvas = canvas('output-canvas', 'Output');
const overlapCanvas = canvas('overlap-canvas', 'Overlap count: how many input cells reach each output cell');

function select(id: string, options: readonly { value: string; label: string }[]): HTMLSelectElement {
  return el('select', { id }, ...options.map((option) => el('option', { value: option.value, text: option.label })));
}

function canvas(id: string, label: string): HTMLCanvasElement {
  return el('canvas', { id, class: 'field', role: 'img', 'aria-label': label });
}

function fieldFigure(caption: string, field: HTMLCanvasElement, rangeId: string): HTMLElement {
  const legend = el('canvas', { class: 'legend', 'aria-hidden': 'true' });
  drawLegend(legend);
  return el(
    'figure',
    { class: 'field-figure' },
    el('figcaption', { text: caption }),
    field,
    el('div', { class: 'legend-row' }, el('span', { id: `${rangeId}-min` }), legend, el('span', { id: `${rangeId}-max` })),
  );
}

const fields = el(
  'div',
  { class: 'fields' },
  fieldFigure('Input', inputCanvas, 'input-range'),
  fieldFigure('Output', outputCanvas, 'output-range'),
  fieldFigure('Overlap count', overlapCanvas, 'overlap-range'),
);

const tabs: Record<View, { tab: HTMLButtonElement; panel: HTMLElement }> = {
  mechanics: {
    tab: el('button', { type: 'button', role: 'tab', id: 'tab-mechanics', 'aria-controls': 'panel-mechanics', text: 'Mechanics' }),
    panel: el('div', { role: 'tabpanel', id: 'panel-mechanics', 'aria-labelledby': 'tab-mechanics' }, mechanics.element),
  },
  data: {
    tab: el('button', { type: 'button', role: 'tab', id: 'tab-data', 'aria-controls': 'panel-data', text: 'Data' }),
    panel: el(
      'div',
      { role: 'tabpanel', id: 'panel-data', 'aria-labelledby': 'tab-data' },
      el(
        'div',
        { class: 'data-controls' },
        el('label', { for: 'input-pattern', text: 'Input' }),
        patternSelect,
        imageRow,
        el('label', { for: 'kernel-kind', text: 'Kernel' }),
        kernelSelect,
        el('label', { for: 'seed', text: 'Seed' }),
        seedInput,
      ),
      progressRow,
      guardBox,
      sourceNote,
      fields,
      overlapSummary,
      readout,
    ),
  },
};

/** Everything that acts on a layer: hidden while there is none. */
const layerParts = el(
  'div',
  { class: 'layer-parts' },
  el(
    'section',
    { class: 'parameters', 'aria-label': 'Parameters' },
    controls,
    linkRow,
    el('div', { class: 'actions' }, applyButton, resetButton),
    applyStatus,
    applyWarning,
  ),
  el('section', { class: 'result', 'aria-label': 'Output shape' }, shapeLine, formulaList, kernelPath, errorBox),
  el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Views' }, tabs.mechanics.tab, tabs.data.tab),
  tabs.mechanics.panel,
  tabs.data.panel,
);
app.append(el('header', {}, title, notes), layerParts);

// ---- Controls --------------------------------------------------------------------------------

function axisLabels(rank: number): string[] {
  return rank === 1 ? ['L'] : rank === 2 ? ['H', 'W'] : ['D', 'H', 'W'];
}

/** The axes the views draw: all of a 1-D or 2-D layer, H and W of a 3-D one. */
function drawnAxes(rank: number): number[] {
  return rank === 3 ? [1, 2] : rank === 2 ? [0, 1] : [0];
}

const ROW_MINIMUM: Record<ParamRow, number> = { kernel: 1, stride: 1, padBegin: 0, padEnd: 0, outputPadding: 0, dilation: 1, inputSizes: 1 };

function rowValues(row: ParamRow): number[] {
  return row === 'inputSizes' ? ui.inputSizes : ui.params![row];
}

function buildControls(layer: PreviewLayer): void {
  const labels = axisLabels(layer.rank);
  const names = layer.paramNames;
  const rows: { row: ParamRow; label: string; source?: string }[] = [
    { row: 'kernel', label: 'Kernel size', source: names.kernel },
    { row: 'stride', label: 'Stride', source: names.stride },
    ...(layer.paddingMode === 'symmetric'
      ? [{ row: 'padBegin' as const, label: 'Padding', source: names.padding }]
      : [
          { row: 'padBegin' as const, label: 'Padding (begin)', source: names.padding },
          { row: 'padEnd' as const, label: 'Padding (end)', source: names.padding },
        ]),
    { row: 'outputPadding', label: 'Output padding', source: names.outputPadding },
    { row: 'dilation', label: 'Dilation', source: names.dilation },
    { row: 'inputSizes', label: 'Input size' },
  ];
  const table = el('table', { class: 'param-table' });
  table.append(el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Parameter' }), ...labels.map((axis) => el('th', { scope: 'col', text: axis })))));
  const tbody = el('tbody');
  for (const { row, label, source } of rows) {
    const header = el('th', { scope: 'row' }, label, source ? el('code', { class: 'source-name', text: source }) : undefined);
    const cells = labels.map((axis, index) => {
      const input = el('input', {
        type: 'number',
        min: ROW_MINIMUM[row],
        step: 1,
        id: `param-${row}-${index}`,
        'aria-label': `${label} ${axis}`,
        value: rowValues(row)[index],
      });
      input.addEventListener('input', () => onParamInput(layer, row, index, input));
      return el('td', {}, input);
    });
    tbody.append(el('tr', {}, header, ...cells));
  }
  table.append(tbody);
  controls.replaceChildren(table);
  // One axis: nothing to link.
  linkRow.hidden = layer.rank === 1;
}

/** Apply and Reset only where they can act: a value differs from the document's (and, for Apply, can be written). */
function syncActions(): void {
  const layer = content.layer;
  if (!layer || !ui.params) return;
  const changed = !sameParams(ui.params, layer.params);
  const writable = layer.writable.length > 0;
  applyButton.disabled = !writable || !changed;
  applyButton.title = !writable
    ? 'This framework’s parameters cannot be written back'
    : changed
      ? `Writes ${layer.writable.map((key) => layer.paramNames[key]).join(', ')} into the model file`
      : 'The document already has these values';
  const documentSizes = layer.inputSpatial.map((size) => size ?? DEFAULT_INPUT_SIDE);
  resetButton.disabled = !changed && JSON.stringify(ui.inputSizes) === JSON.stringify(documentSizes);
}

function onParamInput(layer: PreviewLayer, row: ParamRow, index: number, input: HTMLInputElement): void {
  const value = Number(input.value);
  if (!Number.isSafeInteger(value) || value < ROW_MINIMUM[row]) {
    input.setAttribute('aria-invalid', 'true');
    showError(`${input.getAttribute('aria-label')}: enter a whole number ≥ ${ROW_MINIMUM[row]}.`);
    return;
  }
  input.removeAttribute('aria-invalid');
  const values = rowValues(row);
  const axes = ui.linked ? values.map((_, axis) => axis) : [index];
  for (const axis of axes) {
    values[axis] = value;
    (document.getElementById(`param-${row}-${axis}`) as HTMLInputElement).value = String(value);
  }
  if (row === 'padBegin' && layer.paddingMode === 'symmetric') ui.params!.padEnd = [...ui.params!.padBegin];
  hideApplyWarning();
  saveUi();
  syncActions();
  recompute();
}

// ---- Computation -----------------------------------------------------------------------------

function showError(message: string | undefined): void {
  errorBox.hidden = message === undefined;
  errorBox.textContent = message ?? '';
  document.body.classList.toggle('has-error', message !== undefined);
}

function pick<T>(values: readonly T[], axes: number[]): T[] {
  return axes.map((axis) => values[axis]);
}

function pickParams(params: PreviewParams, axes: number[]): PreviewParams {
  return {
    kernel: pick(params.kernel, axes),
    stride: pick(params.stride, axes),
    padBegin: pick(params.padBegin, axes),
    padEnd: pick(params.padEnd, axes),
    outputPadding: pick(params.outputPadding, axes),
    dilation: pick(params.dilation, axes),
  };
}

function formulaText(axis: string, params: PreviewParams, inputSize: number, index: number, output: number): string {
  const [i, s, k, d, op] = [inputSize, params.stride[index], params.kernel[index], params.dilation[index], params.outputPadding[index]];
  const [pb, pe] = [params.padBegin[index], params.padEnd[index]];
  const padding = pb === pe ? `2·${pb}` : `${pb} − ${pe}`;
  return `${axis}: (${i}−1)·${s} − ${padding} + ${d}·(${k}−1) + ${op} + 1 = ${output}`;
}

function describeError(error: unknown): string {
  if (error instanceof KernelError || (typeof error === 'object' && error !== null && 'code' in error)) {
    const code = (error as { code?: unknown }).code;
    return `${code ? `${String(code)}: ` : ''}${(error as Error).message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function recompute(): void {
  const layer = content.layer;
  if (!layer || !ui.params) return;
  const labels = axisLabels(layer.rank);
  let outputSizes: number[];
  try {
    outputSizes = outputSizesOf(ui.inputSizes, ui.params);
  } catch (error) {
    showError(describeError(error));
    shapeLine.textContent = `Output shape: invalid for input [1, 1, ${ui.inputSizes.join(', ')}]`;
    formulaList.replaceChildren();
    document.body.classList.add('stale');
    runner.cancel();
    return;
  }
  showError(undefined);
  document.body.classList.remove('stale');
  shapeLine.textContent = `Input [1, 1, ${ui.inputSizes.join(', ')}] → output [1, 1, ${outputSizes.join(', ')}] (one channel, PyTorch layout)`;
  formulaList.replaceChildren(...labels.map((axis, index) => el('li', { text: formulaText(axis, ui.params!, ui.inputSizes[index], index, outputSizes[index]) })));

  const axes = drawnAxes(layer.rank);
  const params = pickParams(ui.params, axes);
  sliceNote.textContent =
    layer.rank === 3
      ? 'A 3-D layer: both views show the H×W plane; the depth axis D follows the same mechanics with its own values (see the formula above).'
      : '';
  updateMechanics(params, pick(ui.inputSizes, axes));
  void updateData(params, pick(ui.inputSizes, axes), pick(outputSizes, axes));
}

/** Why the chosen input cannot be drawn yet (an image pattern without an image), else undefined. */
function inputUnavailable(): string | undefined {
  if (ui.pattern !== 'image' || image) return undefined;
  if (imageFiles === undefined) return 'Looking for images in the workspace…';
  if (imageFiles.length === 0) return 'No images in the workspace (PNG, JPEG, GIF, WebP or BMP): choose another input.';
  return ui.imagePath ? `Loading ${ui.imagePath}…` : 'Choose an image from the workspace.';
}

function updateMechanics(params: PreviewParams, inputSizes: number[]): void {
  const sizes = inputSizes.map((size) => Math.min(size, MECHANICS_MAX_SIDE));
  const note = sizes.some((size, axis) => size !== inputSizes[axis]) ? ` The mechanics view uses a ${sizes.join('×')} input (at most ${MECHANICS_MAX_SIDE} per axis).` : '';
  if (note) sliceNote.textContent += note;
  const axes = sizes.map((size, axis) =>
    axisGeometry(size, params.kernel[axis], params.stride[axis], params.padBegin[axis], params.padEnd[axis], params.outputPadding[axis], params.dilation[axis]),
  );
  // Every padded cell is drawn: a huge stride, dilation or kernel would flood the page.
  if (axes.some((axis) => axis.padded > MECHANICS_MAX_PADDED || axis.kernel > MECHANICS_MAX_SIDE)) {
    sliceNote.textContent += ` The mechanics view draws kernels of at most ${MECHANICS_MAX_SIDE} and stretched, padded inputs of at most ${MECHANICS_MAX_PADDED} cells per axis; use the data view for these values.`;
    mechanics.clear();
    return;
  }
  const unavailable = inputUnavailable();
  if (unavailable) {
    sliceNote.textContent += ` ${unavailable}`;
    mechanics.clear();
    return;
  }
  const input = makeInput(ui.pattern, sizes, ui.seed, image);
  const weight = makeKernel(ui.kernelKind, params.kernel, ui.seed);
  // Small by construction (≤ 16 per axis): computed on the page's thread in one band.
  void pageKernel.then(({ kernel }) => computePreview({ inputSizes: sizes, input, kernelSizes: params.kernel, weight, params }, kernel, Number.MAX_SAFE_INTEGER)).then(
    (result) => {
      mechanics.update({ axes, input, weight, output: result.output }, ui.step);
    },
    (error: unknown) => showError(describeError(error)),
  );
}

let lastResult: { result: ComputeResult; rows: number; columns: number } | undefined;

async function updateData(params: PreviewParams, inputSizes: number[], outputSizes: number[]): Promise<void> {
  const limitBytes = content.memoryLimitMB * MIB;
  const needed = previewBytes(inputSizes, params, outputSizes);
  if (needed > limitBytes) {
    runner.cancel();
    guardBox.hidden = false;
    guardBox.textContent =
      `Refused: an output of ${outputSizes.join('×')} needs about ${(needed / MIB).toFixed(1)} MiB, ` +
      `more than the limit of ${content.memoryLimitMB} MiB (setting convlens.preview.memoryLimitMB). Reduce the input size or raise the limit.`;
    document.body.classList.add('stale');
    return;
  }
  guardBox.hidden = true;
  const unavailable = inputUnavailable();
  sourceNote.hidden = unavailable === undefined;
  sourceNote.textContent = unavailable ?? '';
  fields.hidden = unavailable !== undefined;
  overlapSummary.hidden = unavailable !== undefined;
  if (unavailable) {
    runner.cancel();
    lastResult = undefined;
    return;
  }
  const input = makeInput(ui.pattern, inputSizes, ui.seed, image);
  const weight = makeKernel(ui.kernelKind, params.kernel, ui.seed);
  const cells = outputSizes.reduce((a, b) => a * b, 1);
  const [rows, columns] = inputSizes.length === 2 ? inputSizes : [1, inputSizes[0]];
  drawWithRange(inputCanvas, input, rows, columns, 'input-range');
  try {
    const result = await runner.run({ inputSizes, input, kernelSizes: params.kernel, weight, params }, cells, (done, total) => {
      progressRow.hidden = false;
      progress.max = total;
      progress.value = done;
    });
    progressRow.hidden = true;
    const [outRows, outColumns] = outputSizes.length === 2 ? outputSizes : [1, outputSizes[0]];
    lastResult = { result, rows: outRows, columns: outColumns };
    drawWithRange(outputCanvas, result.output, outRows, outColumns, 'output-range');
    drawWithRange(overlapCanvas, result.overlap, outRows, outColumns, 'overlap-range', { min: 0, max: rangeOf(result.overlap).max });
    overlapSummary.textContent = summariseOverlap(result, params, inputSizes);
    showKernelPath(result);
  } catch (error) {
    progressRow.hidden = true;
    if (error instanceof CancelledError) return;
    showError(describeError(error));
  }
}

/** Says which kernel computed the data view (the worker's may differ from the page's). */
function showKernelPath(result: ComputeResult): void {
  void pageKernel.then((page) => {
    kernelPath.dataset.kernel = result.kernel;
    const text = kernelPathText(result.kernel, page);
    // A live region: announce a change of kernel, not every recomputation.
    if (kernelPath.textContent !== text) kernelPath.textContent = text;
  });
}

function drawWithRange(field: HTMLCanvasElement, data: Float32Array, rows: number, columns: number, rangeId: string, range = rangeOf(data)): void {
  drawField(field, data, rows, columns, range);
  // Nearest-neighbour upscaling to a readable size; 1-D fields become a strip.
  const scale = Math.max(1, Math.floor(320 / Math.max(rows, columns)));
  field.style.width = `${columns * scale}px`;
  field.style.height = rows === 1 ? '24px' : `${rows * scale}px`;
  document.getElementById(`${rangeId}-min`)!.textContent = formatValue(range.min);
  document.getElementById(`${rangeId}-max`)!.textContent = formatValue(range.max);
}

/**
 * The distinct overlap counts away from the borders, where every kernel tap can land:
 * one value means even overlap; several mean a checkerboard; zero means gaps.
 */
function summariseOverlap(result: ComputeResult, params: PreviewParams, inputSizes: number[]): string {
  const ranges = inputSizes.map((size, axis) => {
    const reach = params.dilation[axis] * (params.kernel[axis] - 1);
    return [Math.max(0, reach - params.padBegin[axis]), Math.min(result.outputSizes[axis] - 1, (size - 1) * params.stride[axis] - params.padBegin[axis])];
  });
  if (ranges.some(([from, to]) => from > to)) return 'Overlap: the input is too small for an interior where every kernel tap can land.';
  const counts = new Set<number>();
  const columns = result.outputSizes.length === 2 ? result.outputSizes[1] : result.outputSizes[0];
  const [rowRange, columnRange] = ranges.length === 2 ? ranges : [[0, 0], ranges[0]];
  for (let row = rowRange[0]; row <= rowRange[1]; row++) {
    for (let column = columnRange[0]; column <= columnRange[1]; column++) counts.add(result.overlap[row * columns + column]);
  }
  const sorted = [...counts].sort((a, b) => a - b);
  const verdict = sorted.includes(0)
    ? 'gaps: some output cells receive no input (kernel smaller than stride)'
    : sorted.length === 1
      ? 'even overlap'
      : 'uneven overlap: a checkerboard pattern';
  return `Interior overlap counts: ${sorted.join(', ')} — ${verdict}.`;
}

function onFieldPointer(event: PointerEvent, field: HTMLCanvasElement): void {
  if (!lastResult) return;
  const bounds = field.getBoundingClientRect();
  const column = Math.floor(((event.clientX - bounds.left) / bounds.width) * lastResult.columns);
  const row = Math.floor(((event.clientY - bounds.top) / bounds.height) * lastResult.rows);
  if (row < 0 || column < 0 || row >= lastResult.rows || column >= lastResult.columns) return;
  const index = row * lastResult.columns + column;
  const where = lastResult.rows === 1 ? `${column}` : `${row}, ${column}`;
  readout.textContent = `output (${where}) = ${formatValue(lastResult.result.output[index])} · overlap ${lastResult.result.overlap[index]}`;
}

// ---- Views, data sources, host messages ------------------------------------------------------

function showView(view: View): void {
  ui.view = view;
  for (const [name, { tab, panel }] of Object.entries(tabs) as [View, (typeof tabs)[View]][]) {
    const selected = name === view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    panel.hidden = !selected;
  }
  if (view !== 'mechanics') mechanics.pause();
  saveUi();
}

function renderContent(): void {
  const layer = content.layer;
  layerParts.hidden = !layer;
  if (!layer) {
    title.textContent = 'Upsampling preview';
    notes.replaceChildren(el('li', { text: content.message ?? 'No transposed convolution to show.' }));
    runner.cancel();
    mechanics.clear();
    return;
  }
  adoptLayer(layer);
  title.textContent = layer.label;
  notes.replaceChildren(...layer.notes.map((note) => el('li', { text: note })));
  buildControls(layer);
  syncActions();
  saveUi();
  recompute();
}

function requestImage(path: string): void {
  imageRequest += 1;
  vscode.postMessage({ type: 'requestImage', requestId: imageRequest, path });
}

/** A fresh list of the workspace's images; an image no longer listed is not kept as the input. */
function fillImageList(files: string[]): void {
  imageFiles = files;
  imageSelect.replaceChildren(
    el('option', { value: '', text: files.length ? 'Choose an image…' : 'No images in the workspace' }),
    ...files.map((file) => el('option', { value: file, text: file })),
  );
  imageSelect.disabled = files.length === 0;
  if (ui.imagePath && files.includes(ui.imagePath)) {
    imageSelect.value = ui.imagePath;
    if (!image) requestImage(ui.imagePath);
  } else {
    ui.imagePath = undefined;
    image = undefined;
    saveUi();
  }
  recompute();
}

/** The image row only for the image input, listing the workspace's images afresh each time it is chosen. */
/** The seed only drives the random input and the random kernel. */
function syncSeedControl(): void {
  seedInput.disabled = ui.pattern !== 'random' && ui.kernelKind !== 'random';
}

function syncPatternControls(): void {
  syncSeedControl();
  imageRow.hidden = ui.pattern !== 'image';
  if (ui.pattern === 'image') vscode.postMessage({ type: 'listImages' });
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseHostMessage(event.data);
  if (!message) return;
  switch (message.type) {
    case 'content':
      content = message;
      renderContent();
      return;
    case 'imageList':
      fillImageList(message.files);
      return;
    case 'image':
      if (message.requestId !== imageRequest) return;
      decodeImage(message.bytes, IMAGE_MAX_SIDE).then(
        (decoded) => {
          image = decoded;
          recompute();
        },
        (error: unknown) => showError(`Cannot decode ${message.path}: ${describeError(error)}`),
      );
      return;
    case 'imageError':
      showError(message.message);
      return;
    case 'applyResult':
      window.clearTimeout(applyTimer);
      if (message.breaks) {
        applyStatus.textContent = '';
        showApplyWarning(message.message, message.breaks);
        return;
      }
      applyStatus.textContent = message.message;
      applyStatus.classList.toggle('failed', !message.ok);
      // A success fades; a refusal stays until the next Apply or edit.
      if (message.ok) applyTimer = window.setTimeout(() => (applyStatus.textContent = ''), 8000);
      return;
  }
});

patternSelect.value = ui.pattern;
kernelSelect.value = ui.kernelKind;
seedInput.value = String(ui.seed);
linkBox.checked = ui.linked;
patternSelect.addEventListener('change', () => {
  ui.pattern = patternSelect.value as InputPattern;
  syncPatternControls();
  saveUi();
  recompute();
});
kernelSelect.addEventListener('change', () => {
  ui.kernelKind = kernelSelect.value as KernelKind;
  syncSeedControl();
  saveUi();
  recompute();
});
seedInput.addEventListener('input', () => {
  const seed = Number(seedInput.value);
  if (!Number.isSafeInteger(seed)) return;
  ui.seed = seed;
  saveUi();
  recompute();
});
imageSelect.addEventListener('change', () => {
  ui.imagePath = imageSelect.value || undefined;
  image = undefined;
  saveUi();
  if (ui.imagePath) requestImage(ui.imagePath);
  recompute();
});
linkBox.addEventListener('change', () => {
  ui.linked = linkBox.checked;
  saveUi();
});
/** Sends Apply: the values, and the document's values they started from so the host can tell a changed layer. */
function apply(confirmed: boolean): void {
  const layer = content.layer;
  if (!layer || !ui.params) return;
  hideApplyWarning();
  applyStatus.classList.remove('failed');
  applyStatus.textContent = 'Writing…';
  vscode.postMessage({ type: 'apply', target: layer.target, params: ui.params, keys: layer.writable, basis: ui.documentParams, confirmed });
}

/** The host found that the change breaks shapes elsewhere: say what, and let the user decide. */
function showApplyWarning(message: string, breaks: string[]): void {
  applyWarning.querySelector('p')!.textContent = `${message} Apply anyway?`;
  applyWarningList.replaceChildren(...breaks.map((problem) => el('li', { text: problem })));
  applyWarning.hidden = false;
  keepButton.focus();
}

function hideApplyWarning(): void {
  applyWarning.hidden = true;
}

applyButton.addEventListener('click', () => apply(false));
applyAnywayButton.addEventListener('click', () => apply(true));
keepButton.addEventListener('click', () => {
  hideApplyWarning();
  applyStatus.classList.remove('failed');
  applyStatus.textContent = 'Nothing was written.';
  applyButton.focus();
});
resetButton.addEventListener('click', () => {
  if (!content.layer) return;
  ui.params = structuredClone(content.layer.params);
  ui.inputSizes = content.layer.inputSpatial.map((size) => size ?? DEFAULT_INPUT_SIDE);
  renderContent();
});
cancelButton.addEventListener('click', () => runner.cancel());
for (const field of [outputCanvas, overlapCanvas]) field.addEventListener('pointermove', (event) => onFieldPointer(event, field));
for (const [view, { tab }] of Object.entries(tabs) as [View, (typeof tabs)[View]][]) {
  tab.addEventListener('click', () => showView(view));
  tab.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const next: View = view === 'mechanics' ? 'data' : 'mechanics';
    showView(next);
    tabs[next].tab.focus();
  });
}

showView(ui.view);
syncPatternControls();
renderContent();
// The panel opens with the focus in it: on the first parameter, else on the page's message.
(document.getElementById('param-kernel-0') ?? app).focus();
vscode.postMessage({ type: 'ready' });
