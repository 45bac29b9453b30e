/**
 * The reader for Ultralytics YOLO model YAML (SPEC.md §1.4, ULTRALYTICS.md): `backbone` and
 * `head` rows `[from, repeats, module, args]` built exactly as the chosen Ultralytics release's
 * `parse_model` builds them (8.4.60 or 8.3.166; their differences are data in `releases.ts`) — scale, Python-rounded repeats, `make_divisible` channels, `from`
 * resolution and argument rewriting per module family — with each row's output shape and
 * parameter count from the module library (`modules.ts`). The reader computes the rows itself
 * and hands the finished analysis over (`ParsedFile.analysis`): the rows are Ultralytics
 * modules, not layers of a framework vocabulary.
 */
import { parseDocument } from 'yaml';
import type { DocumentAnalysis, LayerResult } from '../../analysis';
import type { UltralyticsTotals } from '../../results';
import { exprDim, exprText, firstUnknown, knownDim, unknownDim, type Dim, type UnknownReason } from '../../dims';
import type { AnalyzeOptions } from '../../analyzeOptions';
import { Code, type Diagnostic } from '../../diagnostics';
import type { ParsedFile, Shape, SourceEntry, SourceValue, Span } from '../../ir';
import { asList, asMap, entryValue, findEntry, readerDiagnostic, type MapValue } from '../sourceValues';
import { parseErrorDiagnostic } from '../yaml/yamlModel';
import { YamlValueReader } from '../yaml/yamlValues';
import { constantValue, describeWitness, evaluate, SymbolicAlgebra, type SymUnknown } from '../../symbolic';
import { constantExpr } from '../../symbolic/expression';
import { unknownSize, YOLOV5_MODULES, type BuildContext, type Family, type Leaves, type ModuleRule, type PartialRule, type RowOutput, type SharedActivation, type Signature, type Size } from './modules';
import { releaseOf, releasesWith, RELEASES, type UltralyticsRelease } from './releases';

/**
 * What `H` and `W` are assumed to be multiples of before the model's own stride is known:
 * Ultralytics rounds `imgsz` up to a multiple of `max(stride, 32)` (`check_imgsz`).
 */
export const MIN_IMAGE_STRIDE = 32;

/** Python's `round`: halves go to the even neighbour (`round(2.5) == 2`). */
export function pythonRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Ultralytics' `make_divisible(x, 8)`: `ceil(x / 8) * 8`. */
export function makeDivisible(x: number, divisor = 8): number {
  return Math.ceil(x / divisor) * divisor;
}

/** The scale letter in a file name, as `guess_model_scale` finds it (`yolo11s.yaml` → `s`). */
export function scaleFromFileName(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return /yolo(e-)?[v]?\d+([nslmx])/.exec(stem)?.[2];
}

interface ScaleChoice {
  letter: string;
  depth: number;
  width: number;
  maxChannels: number;
}

/** The scale letter the caller, the file name or the file's `scale:` names, in that order of precedence. */
function chosenLetter(root: MapValue, fileName: string, options: AnalyzeOptions): string | undefined {
  const written = entryValue(root, 'scale');
  return options.scale ?? scaleFromFileName(fileName) ?? (written?.kind === 'string' ? written.value : undefined);
}

/** Picks `depth, width, max_channels` as `parse_model` does, warning where Ultralytics would (or fail). */
function chooseScale(root: MapValue, fileName: string, options: AnalyzeOptions, diagnostics: Diagnostic[]): ScaleChoice {
  const number = (key: string, fallback: number): number => {
    const value = entryValue(root, key);
    return value?.kind === 'number' ? value.value : fallback;
  };
  const scales = asMap(entryValue(root, 'scales'));
  if (!scales || scales.entries.length === 0) {
    return { letter: '', depth: number('depth_multiple', 1), width: number('width_multiple', 1), maxChannels: Infinity };
  }
  let letter = chosenLetter(root, fileName, options);
  if (letter === undefined) {
    letter = scales.entries[0].key;
    diagnostics.push(
      readerDiagnostic(Code.ignoredParameter, `No model scale given (file name, \`scale:\` or --scale); Ultralytics assumes the first, '${letter}'.`, scales.entries[0].keySpan),
    );
  }
  for (const entry of scales.entries) {
    const values = asList(entry.value);
    if (values && values.items.length > 3) {
      diagnostics.push(
        readerDiagnostic(Code.ignoredParameter, `Scale '${entry.key}' has ${values.items.length} values; Ultralytics unpacks exactly three (depth, width, max_channels) and raises ValueError. ConvLens reads the first three.`, entry.value.span),
      );
    }
  }
  const row = scales.entries.find((entry) => entry.key === letter);
  const choice = row && scaleOf(row);
  if (!choice) {
    diagnostics.push(readerDiagnostic(Code.invalidParameter, `Scale '${letter}' is not one of ${scales.entries.map((entry) => entry.key).join(', ')} with three numbers [depth, width, max_channels].`, row?.value.span ?? scales.span));
    return { letter, depth: 1, width: 1, maxChannels: Infinity };
  }
  return choice;
}

/** One `scales` entry as `depth, width, max_channels` (its first three numbers); undefined when it has fewer. */
function scaleOf(entry: SourceEntry): ScaleChoice | undefined {
  const values = asList(entry.value)?.items.map((item) => (item.kind === 'number' ? item.value : NaN)) ?? [];
  if (values.length < 3 || values.slice(0, 3).some(Number.isNaN)) return undefined;
  return { letter: entry.key, depth: values[0], width: values[1], maxChannels: values[2] };
}

/**
 * `groups` are not width-scaled, so a row can build at one scale and fail at another: builds
 * every other scale and says at which scales each row fails (one diagnostic per row).
 */
function checkGroupsAtEveryScale(root: MapValue, settings: Settings, shown: ScaleChoice, diagnostics: Diagnostic[]): void {
  const scales = asMap(entryValue(root, 'scales'))?.entries ?? [];
  const failures = new Map<string, { letters: string[]; diagnostic: Diagnostic }>();
  // Only channels matter here: unknown sizes make the spatial rules return at once.
  const unsized = unknownSize('not computed when checking groups at other scales');
  const channelsOnly: Settings = { ...settings, input: { ...settings.input, h: unsized, w: unsized } };
  for (const entry of scales) {
    const choice = entry.key === shown.letter ? undefined : scaleOf(entry);
    const found: Diagnostic[] = [];
    if (entry.key === shown.letter) found.push(...diagnostics.filter((d) => d.code === Code.groupsMismatch));
    else if (choice) buildRows(channelsOnly, choice, found);
    for (const diagnostic of found) {
      if (diagnostic.code !== Code.groupsMismatch) continue;
      const key = String(diagnostic.span.start);
      const failure = failures.get(key) ?? { letters: [], diagnostic };
      failure.letters.push(entry.key);
      if (entry.key === shown.letter) failure.diagnostic = diagnostic;
      failures.set(key, failure);
    }
  }
  for (const { letters, diagnostic } of failures.values()) {
    if (letters.length === 1 && letters[0] === shown.letter) continue;
    const message = `Fails at scale${letters.length > 1 ? 's' : ''} ${letters.join(', ')}: ${diagnostic.message}`;
    const shownHere = diagnostics.indexOf(diagnostic);
    if (shownHere >= 0) diagnostics[shownHere] = { ...diagnostic, message };
    else diagnostics.push({ ...diagnostic, message });
  }
}

/** A row's argument as Python sees it: YAML values, `None`, names of `parse_model`'s locals. */
function argumentValue(value: SourceValue, locals: Record<string, unknown>): unknown {
  switch (value.kind) {
    case 'number':
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'list':
      return value.items.map((item) => argumentValue(item, locals));
    case 'string':
      if (value.value in locals) return locals[value.value];
      if (value.value === 'None') return null;
      if (value.value === 'True' || value.value === 'False') return value.value === 'True';
      return /^-?\d+(\.\d+)?$/.test(value.value) ? Number(value.value) : value.value;
    default:
      return undefined;
  }
}

/** The constructor call as the hover shows it: `C2f(32, 32, n=1, shortcut=True)`. */
export function constructorCall(module: string, args: readonly unknown[], signature: Signature | undefined): string {
  const shown = args.map((value, i) => {
    const name = signature?.names[i];
    return name !== undefined && signature !== undefined && i >= signature.required ? `${name}=${pythonRepr(value)}` : pythonRepr(value);
  });
  return `${module}(${shown.join(', ')})`;
}

/** Python's `str()` of a constructor argument, as `parse_model`'s build log prints it. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  return String(value);
}

interface Row {
  index: number;
  family: Family;
  /** The rows `from` resolves to (−1: the network input). */
  inputRows: number[];
  span: Span;
  moduleSpan: Span;
  fromSpan: Span;
  module: string;
  from: number | number[];
  n: number;
  args: unknown[];
  signature?: Signature;
  output: RowOutput | null;
  params: number | null;
  /** Multiply-adds as thop counts them, at the analysed sizes (null while symbolic). */
  macs: number | null;
  /** The same where `get_flops` profiles the model: the image `profileSide`², where the sizes are symbolic. */
  macsAtProfile: number | null;
  /** The same at the image `model.info()` reports (640×640 where the sizes are symbolic): `get_flops`' fallback. */
  macsAtInfo: number | null;
  /** Parameters Ultralytics builds without gradients (the DFL's fixed weights). */
  frozen: number;
  /** Part of the row's multiply-adds does not grow with the image (Classify's Linear). */
  areaIndependentMacs?: boolean;
  /** The layers `model.info()` counts in the row (all its copies); null for a module ConvLens does not know. */
  leaves: Leaves | null;
}

/** The image size `model.info()` reports GFLOPs at. */
const INFO_IMAGE: Readonly<Record<string, number>> = { H: 640, W: 640 };

/** The values of H and W where `get_flops` runs the model: a square of the model's largest stride. */
const profileImage = (side: number): Readonly<Record<string, number>> => ({ H: side, W: side });

const sum = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);

/** A size's value at `values` of the symbols (none: only a constant has one). */
function sizeAt(size: Size, values: Readonly<Record<string, number>>): number | undefined {
  return size.kind === 'expr' ? evaluate(size, values) : undefined;
}

/** One copy's multiply-adds with the symbols at `values`; null where a size or the module's count is unknown. */
function rowMacs(rule: ModuleRule, context: BuildContext, output: RowOutput, values: Readonly<Record<string, number>>): number | null {
  if (!rule.macs) return null;
  const sidesOf = (x: RowOutput): [number, number] | undefined => {
    const [h, w] = [sizeAt(x.h, values), sizeAt(x.w, values)];
    return h === undefined || w === undefined ? undefined : [h, w];
  };
  const sides = context.inputs.map(sidesOf);
  if (sides.some((side) => side === undefined)) return null;
  const known = sides as [number, number][];
  const outSides = sidesOf(output);
  // A head's output has no H×W: its count uses only its inputs'.
  const macs = rule.macs(context, known.map(([h, w]) => h * w), outSides ? outSides[0] * outSides[1] : 0, known);
  return macs !== null && Number.isSafeInteger(macs) ? macs : null;
}

/** A size in messages: `20`, `H/32`, `?`. */
const sizeText = (size: Size): string => (size.kind === 'expr' ? exprText(size) : '?');

/** A size as a dimension: known once constant, else its expression, else unknown with `reasonOf` its reason. */
function sizeDim(size: number | Size, reasonOf: (unknown: SymUnknown) => UnknownReason): Dim {
  if (typeof size === 'number') return knownDim(size);
  if (size.kind === 'unknown') return unknownDim(reasonOf(size));
  const value = constantValue(size);
  return value === undefined ? exprDim(size) : knownDim(value);
}

/** The row's output as a shape: `[1, c, H, W]`, `[1, c, anchors]` for heads, `[1, nc]` for Classify. */
function shapeOf(output: RowOutput | null | undefined, reasonOf: (unknown: SymUnknown) => UnknownReason): Shape | null {
  if (!output) return null;
  return (output.shape ?? [1, output.channels, output.h, output.w]).map((size) => sizeDim(size, reasonOf));
}

/**
 * A module's output, unless a size is not positive: then `output-too-small` (and no output) where
 * it is a number, or `conditional-shape` where it is so only for small images (the output stays).
 */
function checkedOutput(output: RowOutput, row: Row, algebra: SymbolicAlgebra, diagnostics: Diagnostic[]): RowOutput | null {
  // A head's `shape` is what the row outputs; its `channels` then stand for no size (WorldDetect's 0: its scores are per text).
  const sizes = output.shape ?? [output.h, output.w, output.channels];
  const problem = (code: typeof Code.outputTooSmall | typeof Code.conditionalShape, message: string): void => {
    diagnostics.push({ ...readerDiagnostic(code, message, row.moduleSpan), layer: String(row.index) });
  };
  for (const size of sizes) {
    const value = typeof size === 'number' ? size : size.kind === 'expr' ? constantValue(size) : undefined;
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
      if (Number.isFinite(value)) problem(Code.outputTooSmall, `${row.module} makes an empty or negative size here (${sizeText(output.h)}×${sizeText(output.w)}).`);
      return null;
    }
    if (value !== undefined || typeof size === 'number' || size.kind !== 'expr') continue;
    const verdict = algebra.alwaysAtLeast(size, 1);
    if (verdict.kind === 'no') {
      problem(Code.conditionalShape, `${row.module} makes an empty size (${sizeText(size)}) for small images: ${describeWitness(verdict.witness)}.`);
      return output;
    }
  }
  return output;
}

/** Repeats beyond any real model; they would only make ConvLens build copies for a long time. */
const MAX_REPEATS = 1000;

/** What every scale's build shares: the rows as written and the file's top-level values. */
interface Settings {
  items: SourceValue[];
  /** The Ultralytics release the file is read as. */
  release: UltralyticsRelease;
  library: Readonly<Record<string, ModuleRule>>;
  partialLibrary: Readonly<Record<string, PartialRule>>;
  /** What the release's `parse_model` appends to a detection head's arguments before its input channels. */
  headValues: unknown[];
  /** The channel count `parse_model` leaves unscaled (`nc`; YOLOv5: `na * (nc + 5)`). */
  unscaled: unknown;
  locals: Record<string, unknown>;
  input: RowOutput;
  yolov5: boolean;
  /** The sizes' algebra: H and W are multiples of the model's largest stride. */
  algebra: SymbolicAlgebra;
  /** The model's largest stride, at least 32: the side of the image `get_flops` profiles. */
  profileSide: number;
}

/** Builds every row at one scale as `parse_model` does, reporting problems into `diagnostics`. */
function buildRows(settings: Settings, scale: ScaleChoice, diagnostics: Diagnostic[]): Row[] {
  const { library, partialLibrary, unscaled, locals, input, yolov5, algebra, release } = settings;
  const rows: Row[] = [];
  const warnedUnknown = new Set<string>();
  let legacy = true;
  for (const [index, item] of settings.items.entries()) {
    const parts = asList(item);
    if (!parts || parts.items.length !== 4) {
      diagnostics.push(readerDiagnostic(Code.invalidParameter, `Row ${index} must be [from, repeats, module, args]; it has ${parts ? parts.items.length : 'no list of'} elements.`, item.span));
      break;
    }
    const [fromValue, nValue, moduleValue, argsValue] = parts.items;
    const module = moduleValue.kind === 'string' ? moduleValue.value : '';
    const rule = library[module];
    const partial = partialLibrary[module];
    const family: Family = rule?.family ?? partial?.family ?? 'other';
    const row: Row = { index, family, inputRows: [], span: item.span, moduleSpan: moduleValue.span, fromSpan: fromValue.span, module, from: -1, n: 1, args: [], output: null, params: null, macs: null, macsAtProfile: null, macsAtInfo: null, frozen: 0, leaves: null };
    rows.push(row);
    // A module of another release is read as that release reads it, after the unknown-layer warning below.
    const fromRows = resolveFrom(fromValue, index, rule?.multiInput ?? partial?.multiInput ?? releasesWith(module).length > 0, diagnostics);
    const argsList = asList(argsValue);
    if (!argsList) diagnostics.push(readerDiagnostic(Code.invalidParameter, `The arguments of row ${index} must be a list.`, argsValue.span));
    const repeatsValid = nValue.kind === 'number' && Number.isInteger(nValue.value) && nValue.value >= 1 && nValue.value <= MAX_REPEATS;
    if (!repeatsValid) diagnostics.push(readerDiagnostic(Code.invalidParameter, `Repeats must be a whole number from 1 to ${MAX_REPEATS}.`, nValue.span));
    if (!fromRows || !argsList || nValue.kind !== 'number' || !repeatsValid) continue;
    row.inputRows = fromRows;
    row.from = fromValue.kind === 'list' ? fromRows.map((j, k) => (j === index - 1 && asNumber(fromValue.items[k]) === -1 ? -1 : j)) : (asNumber(fromValue) ?? -1);
    const inputs = fromRows.map((j) => (j < 0 ? input : rows[j].output));
    const args = argsList.items.map((value) => argumentValue(value, locals));
    const written = nValue.value;
    let n = written > 1 ? Math.max(pythonRound(written * scale.depth), 1) : written;
    row.n = n;
    if (!rule && !partial && !warnedUnknown.has(module)) {
      warnedUnknown.add(module);
      const elsewhere = releasesWith(module).map((version) => ` (it is a module of Ultralytics ${version}: choose that release to read it)`)[0] ?? '';
      diagnostics.push(readerDiagnostic(Code.unknownLayer, `Unknown module '${module}': it is not among Ultralytics ${release.version}'s modules ConvLens knows${elsewhere}; its output keeps the input's channels and its spatial size is unknown.`, moduleValue.span));
    }
    if (inputs.some((x) => x === null)) continue;
    const known = inputs as RowOutput[];
    let c2 = known[0].channels;
    const c1 = known[0].channels;
    // A row PyTorch refuses (or cannot allocate) has no output: the rows after it say so, not a second error.
    let refused = false;
    if (family === 'base') {
      if (typeof args[0] !== 'number' || !Number.isFinite(args[0])) {
        diagnostics.push({ ...readerDiagnostic(Code.invalidParameter, `${module}'s first argument is its output channels, a number.`, argsList.items[0]?.span ?? argsList.span), layer: String(index) });
        continue;
      }
      c2 = args[0];
      if (c2 !== unscaled) c2 = makeDivisible(Math.min(c2, scale.maxChannels) * scale.width);
      if (module === 'C2fAttn') scaleAttention(args, scale);
      args.splice(0, 1, c1, c2);
      if (rule?.repeats ?? partial?.repeats) {
        args.splice(2, 0, n);
        n = 1;
      }
      if (module === 'C3k2' || module === 'A2C2f' || module === 'C2fCIB') legacy = false;
      if (module === 'C3k2' && 'mlx'.includes(scale.letter)) args[3] = true;
      if (module === 'A2C2f' && 'lx'.includes(scale.letter)) args.push(true, 1.2);
      warnReread(row, args, argsList.items, release, diagnostics);
      refused = checkConvArguments(row, args, argsList.items, known[0], diagnostics);
      refused = checkBlockAssertions(row, args, argsList.items, rows, release, diagnostics) || refused;
    } else if (family === 'hgBlock') {
      c2 = args[1] as number;
      args.unshift(c1);
      if (module === 'HGBlock') {
        args.splice(4, 0, n);
        n = 1;
      }
    } else if (family === 'aifi') {
      args.unshift(c1);
    } else if (family === 'resNet') {
      c2 = args[3] ? (args[1] as number) : (args[1] as number) * 4;
    } else if (family === 'rtDetr' || family === 'channelsSecond') {
      args.splice(1, 0, known.map((x) => x.channels));
    } else if (family === 'channelList') {
      args.push(known.map((x) => x.channels));
    } else if (family === 'cbLinear') {
      args.unshift(c1);
    } else if (family === 'cbFuse') {
      c2 = known[known.length - 1].channels;
    } else if (family === 'torchVision') {
      c2 = args[0] as number;
      args.shift();
    } else if (family === 'concat') {
      c2 = known.reduce((sum, x) => sum + x.channels, 0);
      checkConcat(row, known, rows, algebra, diagnostics);
    } else if (family === 'head') {
      args.push(...settings.headValues, known.map((x) => x.channels));
      if (yolov5 && typeof args[1] === 'number') args[1] = Array(fromRows.length).fill(Array.from({ length: args[1] * 2 }, (_, k) => k));
      const protos = yolov5 ? 3 : 2;
      if (PROTO_HEADS.has(module) && typeof args[protos] === 'number') {
        args[protos] = makeDivisible(Math.min(args[protos] as number, scale.maxChannels) * scale.width);
      }
    }
    if (!Number.isFinite(c2)) {
      diagnostics.push({ ...readerDiagnostic(Code.invalidParameter, `${module}'s channel arguments must be numbers.`, argsList.span), layer: String(index) });
      continue;
    }
    row.args = args;
    row.signature = rule?.signature;
    if (rule?.signature && args.length > rule.signature.names.length) {
      refused = true;
      const names = rule.signature.names;
      diagnostics.push({
        ...readerDiagnostic(Code.invalidParameter, `${module} takes at most ${names.length} arguments (${names.join(', ')}) in Ultralytics ${release.version}; this row makes ${args.length} once Ultralytics has rewritten it (TypeError).${otherSignatures(module, args.length, release)}`, argsList.span),
        layer: String(index),
      });
    }
    const context: BuildContext = { args, inputs: known, legacy, algebra };
    if (rule) {
      let output = rule.output(context, c2);
      const at = [{}, profileImage(settings.profileSide), INFO_IMAGE];
      const macs = at.map((values) => rowMacs(rule, context, output, values));
      for (let copy = 1; copy < n; copy++) {
        const copyContext = { ...context, inputs: [output] };
        output = rule.output(copyContext, c2);
        for (const [k, values] of at.entries()) macs[k] = sum(macs[k], rowMacs(rule, copyContext, output, values));
      }
      [row.macs, row.macsAtProfile, row.macsAtInfo] = macs;
      row.areaIndependentMacs = rule.areaIndependentMacs === true;
      row.output = refused ? null : checkedOutput(output, row, algebra, diagnostics);
      row.frozen = rule.frozenParams?.(context) ?? 0;
      const leaves = rule.leaves(context);
      row.leaves = { own: leaves.own * n, shared: leaves.shared };
      const one = rule.params(context);
      row.params = one === null || !Number.isSafeInteger(one * n) ? null : one * n;
    } else {
      // A head ConvLens has no rule for: its output's layout is unknown, not `[1, c, ?, ?]`.
      const keeps = partial?.keepsSize === true;
      const unknown = unknownSize(`ConvLens does not know the spatial effect of ${module}`);
      row.output = family === 'head' ? null : { channels: c2, h: keeps ? known[0].h : unknown, w: keeps ? known[0].w : unknown };
    }
  }
  return rows;
}

/** The file's top-level map, with YAML problems reported into `diagnostics`. */
function readRoot(text: string, diagnostics: Diagnostic[]): MapValue | undefined {
  const document = parseDocument(text, { prettyErrors: false, merge: false, strict: true });
  for (const error of document.errors) diagnostics.push(parseErrorDiagnostic(text, error.message, error.pos));
  const whole: Span = { start: 0, end: text.length };
  return asMap(new YamlValueReader(text, document, diagnostics).value(document.contents, whole));
}

/**
 * The scale letters a YOLO model file offers (its `scales:` keys, in file order), the one an
 * analysis with `options` builds, and the span of the `scales` key, for the editor's scale
 * switch; undefined when the file has no `scales`. For a file the registry gives this reader.
 */
export function ultralyticsScales(text: string, fileName: string, options: AnalyzeOptions = {}): { letters: string[]; current: string; keySpan: Span } | undefined {
  const root = readRoot(text, []);
  const entry = root && findEntry(root, 'scales');
  const letters = asMap(entry?.value)?.entries.map((scale) => scale.key) ?? [];
  if (!root || !entry || letters.length === 0) return undefined;
  return { letters, current: chosenLetter(root, fileName, options) ?? letters[0], keySpan: entry.keySpan };
}

/**
 * A `[from, repeats, module, args]` row by its look: four items, the module a name. Other tools'
 * `backbone:`/`head:` (maps of `type:` settings, lists of layer names or of maps) have none.
 */
function isRow(item: SourceValue): boolean {
  const parts = asList(item)?.items;
  return parts !== undefined && parts.length === 4 && parts[2].kind === 'string';
}

/** Reads an Ultralytics model YAML into its finished analysis. Never throws on bad input. */
export function readUltralyticsModel(text: string, fileName: string, options: AnalyzeOptions = {}): ParsedFile {
  const diagnostics: Diagnostic[] = [];
  const root = readRoot(text, diagnostics);
  const backbone = asList(root && entryValue(root, 'backbone'));
  const head = asList(root && entryValue(root, 'head'));
  if (!root || !backbone || !head || ![...backbone.items, ...head.items].some(isRow)) return { models: [], diagnostics };
  const scale = chooseScale(root, fileName, options, diagnostics);
  const local = (key: string): unknown => {
    const value = entryValue(root, key);
    return value === undefined ? undefined : argumentValue(value, {});
  };
  const nc = local('nc');
  const anchorsArg = local('anchors');
  // YOLOv5's format: `anchors` beside depth/width multiples; its parse_model skips the width
  // scaling for the detection output `no = na * (nc + 5)` rather than for `nc`.
  const yolov5 = anchorsArg !== undefined && !asMap(entryValue(root, 'scales'));
  const release = releaseOf(options.ultralyticsVersion);
  // YOLOv5's own parse_model is the same whichever Ultralytics release is chosen.
  const library = yolov5 ? YOLOV5_MODULES : release.modules;
  const partialLibrary = release.partial;
  const unscaled = yolov5 && typeof nc === 'number' ? (Array.isArray(anchorsArg) ? Math.floor((anchorsArg[0] as unknown[]).length / 2) : Number(anchorsArg)) * (nc + 5) : nc;
  const headSettings = yolov5 ? [] : release.headSettings;
  const headValues = headSettings.map(({ key, fallback }) => local(key) ?? fallback);
  const locals: Record<string, unknown> = { nc, kpt_shape: local('kpt_shape'), anchors: anchorsArg, ...Object.fromEntries(headSettings.map(({ key }, k) => [key, headValues[k]])) };
  if (!yolov5) warnUnreadSettings(root, release, diagnostics);
  const channelsIn = local('channels') ?? local('ch') ?? 3;
  const channels = typeof channelsIn === 'number' ? channelsIn : 3;
  const defines = options.defines ?? {};
  const settingsAt = (stride: number): Settings => {
    const algebra = new SymbolicAlgebra({ H: { multipleOf: stride }, W: { multipleOf: stride } });
    const side = (name: 'H' | 'W'): Size => {
      const value = defines[name];
      return value !== undefined && Number.isSafeInteger(value) && value > 0 ? constantExpr(value) : algebra.symbol(name);
    };
    return { items: [...backbone.items, ...head.items], release, library, partialLibrary, headValues, unscaled, locals, input: { channels, h: side('H'), w: side('W') }, yolov5, algebra, profileSide: stride };
  };
  let settings = settingsAt(MIN_IMAGE_STRIDE);
  let found: Diagnostic[] = [];
  let rows = buildRows(settings, scale, found);
  // A P6/P7 model's stride is 64/128: H and W are multiples of that, which changes its deepest sizes.
  const stride = modelStride(rows);
  if (stride > MIN_IMAGE_STRIDE) {
    settings = settingsAt(stride);
    found = [];
    rows = buildRows(settings, scale, found);
  }
  diagnostics.push(...found);
  checkGroupsAtEveryScale(root, settings, scale, diagnostics);
  return { models: [], diagnostics, analysis: finish(rows, fileName, diagnostics, settings) };
}

/** Top-level keys another release's `parse_model` reads and this one ignores (8.3 and 8.4's `end2end`, `reg_max`). */
function warnUnreadSettings(root: MapValue, release: UltralyticsRelease, diagnostics: Diagnostic[]): void {
  for (const other of Object.values(RELEASES)) {
    for (const { key } of other.headSettings) {
      const entry = findEntry(root, key);
      if (!entry || release.headSettings.some((setting) => setting.key === key)) continue;
      diagnostics.push(readerDiagnostic(Code.ignoredParameter, `\`${key}\` is read by Ultralytics ${other.version}; ${release.version}'s parse_model ignores it (choose the release the file is written for).`, entry.keySpan));
    }
  }
}

/** An argument the other release reads as something else, given the type the other release expects (C3k2's `g`/`attn`). */
function warnReread(row: Row, args: unknown[], written: SourceValue[], release: UltralyticsRelease, diagnostics: Diagnostic[]): void {
  for (const { module, at, suspect, message } of release.reread) {
    // Written after c2, before which parse_model inserts c1 and n.
    const value = written[at - 2];
    if (module !== row.module || typeof args[at] !== suspect || !value) continue;
    diagnostics.push({ ...readerDiagnostic(Code.ignoredParameter, message, value.span), layer: String(row.index) });
  }
}

/** Where another release's signature of `module` takes `count` arguments: a hint to choose it. */
function otherSignatures(module: string, count: number, release: UltralyticsRelease): string {
  const fits = Object.values(RELEASES).filter((other) => other !== release && (other.modules[module]?.signature?.names.length ?? 0) >= count);
  return fits.map((other) => ` Ultralytics ${other.version}'s ${module} takes (${other.modules[module].signature?.names.join(', ')}): choose that release if the file is written for it.`).join('');
}

/** The heads whose third argument (`npr`, the prototypes) `parse_model` width-scales. */
const PROTO_HEADS: ReadonlySet<string> = new Set(['Segment', 'YOLOESegment', 'Segment26', 'YOLOESegment26']);

/**
 * The model's largest stride as Ultralytics measures it (`DetectionModel.__init__`): a 256×256
 * image through the rows, `256 / height` of each map the head reads; at least 32 (`check_imgsz`).
 */
function modelStride(rows: readonly Row[]): number {
  const head = rows[rows.length - 1];
  if (!head || (head.family !== 'head' && head.family !== 'channelList' && head.family !== 'rtDetr')) return MIN_IMAGE_STRIDE;
  let stride = MIN_IMAGE_STRIDE;
  for (const j of head.inputRows) {
    const size = j >= 0 ? rows[j]?.output?.h : undefined;
    const height = size?.kind === 'expr' ? evaluate(size, { H: 256, W: 256 }) : undefined;
    if (height !== undefined && height > 0 && Number.isSafeInteger(256 / height)) stride = Math.max(stride, 256 / height);
  }
  return stride;
}

/** Where `groups` sits in the constructor call (after `parse_model` inserts c1). */
const GROUPS_AT: Readonly<Record<string, number>> = { Conv: 5, 'nn.ConvTranspose2d': 6 };

/**
 * PyTorch's checks on a convolution row, at the argument they concern: `groups` must divide
 * both channel counts; `nn.ConvTranspose2d`'s kernel_size equal to a channel count is the `c1`
 * written by hand (ultralytics#10233); its `output_padding` must be below stride or dilation.
 * Returns whether it reported a problem.
 */
function checkConvArguments(row: Row, args: unknown[], written: SourceValue[], input: RowOutput, diagnostics: Diagnostic[]): boolean {
  const before = diagnostics.length;
  const [c1, c2] = args as number[];
  const layer = String(row.index);
  const groupsAt = GROUPS_AT[row.module];
  const groups = groupsAt === undefined ? undefined : args[groupsAt];
  if (typeof groups === 'number' && groups > 0 && (c1 % groups !== 0 || c2 % groups !== 0)) {
    const which = c1 % groups !== 0 ? `${c1} input channels are` : `${c2} output channels are`;
    diagnostics.push({ ...readerDiagnostic(Code.groupsMismatch, `${which} not divisible by groups=${groups} (groups is not width-scaled).`, written[groupsAt - 1].span), layer });
  }
  if (row.module !== 'nn.ConvTranspose2d') return diagnostics.length > before;
  const kernel = args[2];
  if (typeof kernel === 'number' && kernel >= 16 && (kernel === c1 || kernel === c2 || kernel === input.channels || kernel === asNumber(written[0]))) {
    diagnostics.push({
      ...readerDiagnostic(
        Code.invalidParameter,
        `kernel_size=${kernel} is a channel count: Ultralytics inserts the input channels (c1) itself, so the second value written becomes the kernel size (ultralytics#10233). Write [c2, kernel_size, stride, …].`,
        written[1].span,
      ),
      layer,
      fixes: [{ title: 'Remove the hand-written input channels', edits: [{ span: { start: written[0].span.end, end: written[1].span.end }, newText: '' }], preferred: true }],
    });
  }
  const stride = typeof args[3] === 'number' ? args[3] : 1;
  const outputPadding = args[5];
  const dilation = typeof args[8] === 'number' ? args[8] : 1;
  if (typeof outputPadding === 'number' && outputPadding >= Math.max(stride, dilation)) {
    diagnostics.push({
      ...readerDiagnostic(Code.outputPaddingTooLarge, `output_padding=${outputPadding} must be smaller than either stride (${stride}) or dilation (${dilation}).`, written[4].span),
      layer,
      fixes: [{ title: `Set output_padding to ${Math.max(stride, dilation) - 1}`, edits: [{ span: written[4].span, newText: String(Math.max(stride, dilation) - 1) }] }],
    });
  }
  return diagnostics.length > before;
}

/** Where the width ratio `e` sits in the constructor call of the blocks that assert on widths. */
const WIDTH_RATIO_AT: Readonly<Record<string, number>> = { PSA: 2, C2PSA: 3, C2fPSA: 3, A2C2f: 7 };

/**
 * The assertions Ultralytics' block constructors make (`ultralytics/nn/modules/block.py`),
 * reported with Ultralytics' own wording: PSA, C2PSA and C2fPSA keep their width
 * (`assert c1 == c2`) and build `c // 64` attention heads of their hidden width `c` (none below
 * 64: `dim // num_heads` divides by zero); A2C2f's hidden width `int(c2 * e)` is a multiple of 32.
 * Returns whether one failed.
 */
function checkBlockAssertions(row: Row, args: unknown[], written: SourceValue[], rows: Row[], release: UltralyticsRelease, diagnostics: Diagnostic[]): boolean {
  const ratioAt = WIDTH_RATIO_AT[row.module];
  if (ratioAt === undefined) return false;
  const [c1, c2] = args as number[];
  const e = typeof args[ratioAt] === 'number' ? args[ratioAt] : 0.5;
  const report = (code: typeof Code.channelMismatch | typeof Code.invalidParameter, message: string, related: Diagnostic['related'] = []): true => {
    diagnostics.push({ ...readerDiagnostic(code, message, written[0]?.span ?? row.span), layer: String(row.index), related });
    return true;
  };
  if (row.module === 'A2C2f') {
    const hidden = Math.trunc(c2 * e);
    if (hidden % 32 === 0) return false;
    return report(Code.invalidParameter, `AssertionError: ${release.ablockAssertion} (A2C2f's hidden width int(c2 * e) = int(${c2} × ${e}) = ${hidden} at this scale.)`);
  }
  if (c1 !== c2) {
    const source = row.inputRows[0];
    const related = source >= 0 && rows[source] ? [{ span: rows[source].span, message: `row ${source} makes ${c1} channels` }] : [];
    return report(Code.channelMismatch, `AssertionError: assert c1 == c2 — ${row.module} keeps its width, but it reads ${c1} channels and is asked for ${c2} at this scale.`, related);
  }
  const hidden = Math.trunc((row.module === 'C2fPSA' ? c2 : c1) * e);
  if (Math.floor(hidden / 64) >= 1 || release.headsAtLeastOne.includes(row.module)) return false;
  return report(Code.invalidParameter, `ZeroDivisionError: integer division or modulo by zero — ${row.module}'s attention has ${hidden} // 64 = 0 heads (hidden width ${hidden} is below 64 at this scale).`);
}

/** C2fAttn's embedding channels and heads, scaled before the call is built (`parse_model`). */
function scaleAttention(args: unknown[], scale: ScaleChoice): void {
  const half = Math.floor(scale.maxChannels / 2);
  if (typeof args[1] === 'number') args[1] = makeDivisible(Math.min(args[1], half) * scale.width);
  const heads = args[2];
  if (typeof heads === 'number' && heads > 1) args[2] = Math.trunc(Math.max(pythonRound(Math.min(heads, Math.floor(half / 32))) * scale.width, 1));
}

const asNumber = (value: SourceValue | undefined): number | undefined => (value?.kind === 'number' ? value.value : undefined);

/** `from` as row numbers (−1 is the network input, allowed for row 0 only); undefined after reporting a problem. */
function resolveFrom(value: SourceValue, index: number, multiInput: boolean, diagnostics: Diagnostic[]): number[] | undefined {
  const list = value.kind === 'list' ? value.items : [value];
  if (value.kind === 'list' && !multiInput) {
    diagnostics.push(readerDiagnostic(Code.invalidParameter, `Only Concat, CBFuse and the heads take several inputs; this row's module takes one.`, value.span));
    return undefined;
  }
  const rows: number[] = [];
  for (const item of list) {
    const written = asNumber(item);
    if (written === undefined || !Number.isInteger(written)) {
      diagnostics.push(readerDiagnostic(Code.invalidParameter, '`from` must be a row number (−1 the previous row) or a list of them.', item.span));
      return undefined;
    }
    const row = written < 0 ? index + written : written;
    if (row >= index) {
      diagnostics.push(readerDiagnostic(Code.invalidParameter, `\`from\` ${written} points at row ${row}, which is not before row ${index}: rows can only read earlier rows.`, item.span));
      return undefined;
    }
    if (row < 0 && !(index === 0 && written === -1)) {
      diagnostics.push(readerDiagnostic(Code.invalidParameter, `\`from\` ${written} points before row 0 (row ${index} can read rows 0–${index - 1}).`, item.span));
      return undefined;
    }
    rows.push(row);
  }
  return rows;
}

/**
 * Concat needs equal H and W: "Sizes of tensors must match except in dimension 1". Sizes that
 * differ for every allowed image size are a `shape-mismatch`; for some only, `conditional-shape`
 * with the condition and an image size where it fails.
 */
function checkConcat(row: Row, inputs: RowOutput[], rows: Row[], algebra: SymbolicAlgebra, diagnostics: Diagnostic[]): void {
  const first = inputs[0];
  const fromRows = row.inputRows;
  const name = (j: number): string => (j < 0 ? 'the input' : `row ${j}`);
  for (const [k, other] of inputs.entries()) {
    if (k === 0) continue;
    const sizes = `${name(fromRows[0])} is ${sizeText(first.h)}×${sizeText(first.w)}, ${name(fromRows[k])} is ${sizeText(other.h)}×${sizeText(other.w)}`;
    const related = fromRows[k] >= 0 ? [{ span: rows[fromRows[k]].span, message: `row ${fromRows[k]}: ${sizeText(other.h)}×${sizeText(other.w)}` }] : [];
    const report = (code: typeof Code.shapeMismatch | typeof Code.conditionalShape, message: string): void => {
      diagnostics.push({ ...readerDiagnostic(code, message, row.fromSpan), layer: String(row.index), related });
    };
    for (const [a, b] of [[first.h, other.h], [first.w, other.w]]) {
      if (a.kind !== 'expr' || b.kind !== 'expr') continue;
      const comparison = algebra.equalWhen(a, b);
      if (comparison.kind === 'never') {
        report(Code.shapeMismatch, `Concat of maps of different sizes: ${sizes} ("Sizes of tensors must match except in dimension 1").`);
        return;
      }
      if (comparison.kind === 'sometimes') {
        const when = comparison.condition ? ` only when ${comparison.condition.text}` : ' only for some image sizes';
        report(Code.conditionalShape, `Concat lines up${when}: ${sizes}; at ${describeWitness(comparison.failing)} ("Sizes of tensors must match except in dimension 1").`);
        return;
      }
    }
  }
}

function finish(rows: Row[], fileName: string, diagnostics: Diagnostic[], settings: Settings): DocumentAnalysis {
  const { input } = settings;
  // An unknown size passes unchanged through the rows after it: the first row that shows it is
  // where it started. A row that could not be built passes that on to the rows that read it.
  const started = new Map<SymUnknown, UnknownReason>();
  const unbuilt: UnknownReason[] = [];
  const layers: LayerResult[] = rows.map((row) => {
    const reasonOf = (size: SymUnknown): UnknownReason => {
      const known = started.get(size);
      if (known) return known;
      const reason = { because: `${size.reason} (row ${row.index}, ${row.module})`, span: row.moduleSpan };
      started.set(size, reason);
      return reason;
    };
    const inputs = row.inputRows.map((j) => shapeOf(j < 0 ? input : rows[j]?.output, reasonOf));
    const output = shapeOf(row.output, reasonOf);
    const blocked = row.inputRows.find((j) => j >= 0 && rows[j].output === null);
    unbuilt[row.index] = blocked === undefined ? { because: `row ${row.index} could not be built (see its problem)`, span: row.span } : unbuilt[blocked];
    const unknown = output ? firstUnknown(output) : unbuilt[row.index];
    return {
      index: row.index,
      name: String(row.index),
      title: `${row.index} ${row.module}`,
      type: row.module,
      span: row.span,
      typeSpan: row.moduleSpan,
      hintOffset: row.span.end,
      input: inputs[0] ?? null,
      inputs,
      output,
      ...(unknown && { unknown }),
      params: row.params,
      macs: row.macs,
      rule: `Ultralytics ${constructorCall(row.module, row.args, row.signature)}`,
    };
  });
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  // Rows need not be in text order (an alias repeats its anchor's rows): the span covers them all.
  const span = rows.reduce((all, row) => ({ start: Math.min(all.start, row.span.start), end: Math.max(all.end, row.span.end) }), rows[0]?.span ?? { start: 0, end: 0 });
  return { models: [{ name: base, framework: 'pytorch', span, layers, ultralytics: modelTotals(rows, settings) }], diagnostics };
}

/**
 * `model.info()`'s layers, parameters, gradients and GFLOPs (at 640×640 unless the image size is
 * defined). Its layers are the model's leaf modules, each instance once: the rows' own, and once
 * each activation that a class shares among its instances. Its GFLOPs are `get_flops`': thop's
 * count on a square of the model's stride, scaled by the image's area — what the rows count at
 * that size only where every count grows with the area; otherwise (Classify's Linear) only the
 * symbolic sizes, evaluated at the profiled square, give it. Where the model fails on that square
 * (RT-DETR's decoder takes 300 of its anchors), `get_flops` profiles the image itself.
 */
function modelTotals(rows: readonly Row[], { input, profileSide, release, yolov5 }: Settings): UltralyticsTotals {
  const shared = new Set<SharedActivation>();
  const layers = rows.reduce<number | null>((total, row) => {
    row.leaves?.shared.forEach((activation) => shared.add(activation));
    return sum(total, row.leaves?.own ?? null);
  }, 0);
  const parameters = rows.reduce<number | null>((total, row) => sum(total, row.params), 0);
  const profiled = rows.reduce<number | null>((total, row) => sum(total, row.macsAtProfile), 0);
  const frozen = rows.reduce((total, row) => total + row.frozen, 0);
  const side = (size: Size, name: string): number => sizeAt(size, INFO_IMAGE) ?? INFO_IMAGE[name];
  const [h, w] = [side(input.h, 'H'), side(input.w, 'W')];
  // A defined side is a constant: there the rows counted the image itself, not the profiled square.
  const scaleOf = (size: Size, value: number): number => (sizeAt(size, {}) === undefined ? value / profileSide : 1);
  const scale = scaleOf(input.h, h) * scaleOf(input.w, w);
  const exact = scale === (h * w) / profileSide ** 2 || !rows.some((row) => row.areaIndependentMacs);
  const failsOnSquare = rows.some((row) => row.macsAtProfile === null && row.macsAtInfo !== null);
  const atImage = rows.reduce<number | null>((total, row) => sum(total, row.macsAtInfo), 0);
  const macs = failsOnSquare ? atImage : profiled === null || !exact ? null : profiled * scale;
  return {
    layers: layers === null ? null : layers + shared.size,
    parameters,
    gradients: parameters === null ? null : parameters - frozen,
    gflops: macs === null ? null : (2 * macs) / 1e9,
    imageSize: [h, w],
    ...(!yolov5 && { release: release.version }),
  };
}
