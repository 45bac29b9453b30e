/**
 * The Ultralytics module library (SPEC.md §1.4): for each module of the official model configs,
 * how `parse_model` (Ultralytics 8.3.166, `ultralytics/nn/tasks.py`) turns a row's arguments into
 * the constructor call, the output channels, the spatial effect and the parameter count as the
 * module's `__init__` builds it (`ultralytics/nn/modules/{conv,block,head}.py`); `MODULES_8_4`
 * holds where 8.4.60 differs. Parameter formulas are checked against
 * `test/fixtures/ultralytics/*.json`, which Ultralytics produced.
 */

import { constantValue, convOutputExpr, transposedConvOutputExpr, type SymbolicAlgebra, type SymUnknown, type SymValue } from '../../symbolic';

/**
 * A map's height or width: an expression over the image's `H` and `W` (a constant once they are
 * defined), or unknown with the reason (SPEC.md §1.6).
 */
export type Size = SymValue;

/** An unknown size and why; the reader adds the row it started at. */
export const unknownSize = (reason: string): SymUnknown => ({ kind: 'unknown', reason });

/** What one row produces: its channels and its spatial size. */
export interface RowOutput {
  channels: number;
  h: Size;
  w: Size;
  /** CBLinear's output channels per part (its rows' `ch` entry is this list in `parse_model`). */
  parts?: number[];
  /** The whole output shape, where it is not `[1, channels, h, w]` (heads, Classify). */
  shape?: (number | Size)[];
}

/** How `parse_model` rewrites a row's arguments (its `if m in …` branches). */
export type Family =
  | 'base'
  | 'concat'
  /** The detection heads: the release's head arguments (8.4: `reg_max, end2end`), then the list of input channels, appended. */
  | 'head'
  /** Only the list of input channels appended (8.4's v10Detect, SemanticSegment). */
  | 'channelList'
  /** The list of input channels inserted as the second argument (8.4's ImagePoolingAttn). */
  | 'channelsSecond'
  | 'other'
  | 'hgBlock'
  | 'aifi'
  | 'resNet'
  | 'rtDetr'
  | 'cbLinear'
  | 'cbFuse'
  | 'torchVision';

/** Everything a module's rule needs: the constructor arguments and the rows it reads. */
export interface BuildContext {
  /** The constructor arguments after `parse_model`'s rewriting (`[c1, c2, n, …]` for base modules). */
  args: unknown[];
  inputs: RowOutput[];
  /** Detect heads switch to depthwise classification branches after C3k2/A2C2f/C2fCIB rows (`legacy`). */
  legacy: boolean;
  /** Computes the spatial sizes under the model's assumptions (H, W multiples of its largest stride). */
  algebra: SymbolicAlgebra;
}

/** A constructor's positional parameters, as its `__init__` names them; the first `required` have no default. */
export interface Signature {
  names: readonly string[];
  required: number;
}

/**
 * Activations one instance of which a class shares among all its instances (`Conv.default_act`,
 * `RepConv.default_act`, and the default arguments `act=nn.ReLU()` of HGBlock and `act=nn.GELU()`
 * of AIFI, made once when Python defines the function): `model.info()` counts each once per
 * model, however many modules use it.
 */
export type SharedActivation = 'Conv' | 'RepConv' | 'HGBlock' | 'AIFI';

/**
 * The layers `model.info()` counts in one copy of a module: its leaf modules (`named_modules()`
 * without children, each instance once), with the shared activations apart.
 */
export interface Leaves {
  own: number;
  shared: readonly SharedActivation[];
}

export interface ModuleRule {
  family: Family;
  /** The constructor's parameters (8.3.166): the hover names the arguments; more than these is a TypeError. */
  signature?: Signature;
  /** Modules that get the depth-scaled `n` as their third argument. */
  repeats?: boolean;
  /** Whether `from` may list several rows. */
  multiInput?: boolean;
  /** Output of one copy of the module; channels from `parse_model` are passed in `c2`. */
  output(context: BuildContext, c2: number): RowOutput;
  /** Parameters of one copy; null when not known to ConvLens. */
  params(context: BuildContext): number | null;
  /** The layers `model.info()` counts in one copy. */
  leaves(context: BuildContext): Leaves;
  /**
   * Multiply-adds of one copy as thop (which `model.info()`'s GFLOPs use) counts them: a
   * convolution `c_out·(c_in/g)·k²` per output pixel (no bias), BatchNorm and LayerNorm 4 per
   * element, an `nn.Linear` its in_features per output element, nearest upsampling 1 per output
   * element; max pooling, activations, `nn.MultiheadAttention` (thop has no rule for its type) and
   * functional arithmetic (matmuls, einsums, softmax) none. `pixels`:
   * each input's H·W, `outPixels` the output's, `sides` each input's `[H, W]`. Absent where
   * ConvLens does not count them; null where it cannot here (a window PyTorch would refuse).
   */
  macs?(context: BuildContext, pixels: readonly number[], outPixels: number, sides: readonly (readonly [number, number])[]): number | null;
  /** Parameters built without gradients: the DFL's fixed weights (`reg_max` of them) of the v8-style heads. */
  frozenParams?(context: BuildContext): number;
  /**
   * Part of its multiply-adds does not grow with the image (Classify's pooling and Linear), so
   * `get_flops`' count on a small square scaled by the area is not the count at the image itself.
   */
  areaIndependentMacs?: boolean;
}

const num = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/** Python's truth of an argument (`if attn:`): `None`, `False`, 0, '' and [] are false. */
const truthy = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : Boolean(value));

/** `autopad(k, p, d)`: same padding for odd kernels. */
function autopad(k: number, p: unknown, d: number): number {
  if (typeof p === 'number') return p;
  const effective = d > 1 ? d * (k - 1) + 1 : k;
  return Math.floor(effective / 2);
}

/** PyTorch's convolution and pooling size `floor((x + 2p − d(k−1) − 1)/s) + 1` (rounded up with `ceilMode`). */
function convSize(algebra: SymbolicAlgebra, size: Size, k: number, s: number, p: number, d = 1, ceilMode = false): Size {
  const whole = [k, s, p, d].every(Number.isSafeInteger);
  if (!whole || k < 1 || s < 1 || d < 1 || p < 0) return unknownSize(`kernel ${k}, stride ${s}, padding ${p}, dilation ${d} is not a window PyTorch builds`);
  return convOutputExpr(algebra, size, { kernel: k, stride: s, padBegin: p, padEnd: p, dilation: d }, ceilMode);
}

/** Ultralytics `Conv(c1, c2, k, s, p, g, d)`: a bias-free conv plus BatchNorm. */
export function convParams(c1: number, c2: number, k = 1, g = 1): number {
  return (c1 / g) * c2 * k * k + 2 * c2;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Leaves of a module built of Ultralytics `Conv`s, `own` counting 2 per Conv (conv, BatchNorm;
 * the activation is `Conv.default_act`, shared) and 3 per `Conv(act=False)` (its own `nn.Identity`).
 */
const convLeaves = (own: number): Leaves => ({ own, shared: ['Conv'] });

/** A torch module without children (`nn.Upsample`, `Concat`, a bare `nn.Conv2d`): one layer. */
const ONE_LAYER: Leaves = { own: 1, shared: [] };

/** `convs` Convs built with the row's `act`: `True` (the default) shares `Conv.default_act`, anything else is an `nn.Identity` each. */
const actLeaves = (act: unknown, convs: number): Leaves => (act === undefined || act === true ? convLeaves(2 * convs) : { own: 3 * convs, shared: [] });

const bottleneck = (c1: number, c2: number, k1: number, k2: number, e: number, g = 1): number => {
  const hidden = Math.floor(c2 * e);
  return convParams(c1, hidden, k1) + convParams(hidden, c2, k2, g);
};

/** `C3(c1, c2, n, shortcut, g, e)` with its bottlenecks' kernels. */
const c3Params = (c1: number, c2: number, n: number, e: number, k1: number, k2: number): number => {
  const hidden = Math.floor(c2 * e);
  return convParams(c1, hidden) * 2 + convParams(2 * hidden, c2) + n * bottleneck(hidden, hidden, k1, k2, 1);
};

/** `C2f`'s two 1×1 convs around `n` inner blocks of width `c`. */
const c2fShell = (c1: number, c2: number, n: number, e: number): { c: number; total: number } => {
  const c = Math.floor(c2 * e);
  return { c, total: convParams(c1, 2 * c) + convParams((2 + n) * c, c2) };
};

/** `Attention(dim, num_heads, attn_ratio=0.5)` of the PSA blocks. */
const attentionParams = (dim: number, heads: number): number => {
  const keyDim = Math.floor(Math.floor(dim / heads) * 0.5);
  return convParams(dim, dim + 2 * keyDim * heads) + convParams(dim, dim) + convParams(dim, dim, 3, dim);
};

const psaBlock = (c: number, heads: number): number => attentionParams(c, heads) + convParams(c, 2 * c) + convParams(2 * c, c);

/** `GhostConv(c1, c2, k, s, g)`: half the channels by a conv, the other half by a 5×5 depthwise conv. */
const ghostConv = (c1: number, c2: number, k = 1, g = 1): number => {
  const hidden = Math.floor(c2 / 2);
  return convParams(c1, hidden, k, g) + convParams(hidden, hidden, 5, hidden);
};

/** `RepCSP(c1, c2, n)`: a C3 of RepBottlenecks (RepConv 3×3 + 1×1 branches, then a 3×3 Conv). */
const repCsp = (c1: number, c2: number, n: number): number => {
  const hidden = Math.floor(c2 * 0.5);
  const repBottleneck = convParams(hidden, hidden, 3) + convParams(hidden, hidden, 1) + convParams(hidden, hidden, 3);
  return convParams(c1, hidden) * 2 + convParams(2 * hidden, c2) + n * repBottleneck;
};

/** ResNet's `ResNetBlock(c1, c2, s, e)`: 1×1, 3×3 (stride s), 1×1 to e·c2, and a projection shortcut when needed. */
const resNetBlock = (c1: number, c2: number, s: number, e: number): number =>
  convParams(c1, c2) + convParams(c2, c2, 3) + convParams(c2, e * c2) + (s !== 1 || c1 !== e * c2 ? convParams(c1, e * c2) : 0);

/**
 * Multiply-adds of a module that keeps H×W and is made of Ultralytics `Conv`s (conv + BatchNorm)
 * only: per pixel each conv's weights plus 4 per BatchNorm channel, that is its parameters plus
 * 2 per BatchNorm channel; `normChannels` sums the channels of its BatchNorms.
 */
const convBlockMacs =
  (params: (context: BuildContext) => number, normChannels: (context: BuildContext) => number) =>
  (context: BuildContext, pixels: readonly number[]): number =>
    pixels[0] * (params(context) + 2 * normChannels(context));

const same = (context: BuildContext, c2: number): RowOutput => ({ channels: c2, h: context.inputs[0].h, w: context.inputs[0].w });

const convLike =
  (kAt: number, sAt: number, pAt: number | null, dAt: number | null) =>
  (context: BuildContext, c2: number): RowOutput => {
    const { args, inputs } = context;
    const k = num(args[kAt], 1);
    const s = num(args[sAt], 1);
    const d = dAt === null ? 1 : num(args[dAt], 1);
    const p = autopad(k, pAt === null ? null : args[pAt], d);
    return { channels: c2, h: convSize(context.algebra, inputs[0].h, k, s, p, d), w: convSize(context.algebra, inputs[0].w, k, s, p, d) };
  };

/** ADown and AConv: `avg_pool2d(x, 2, 1, 0)` then a 3×3 stride-2 conv, `floor((x − 2)/2) + 1` — a 2×2 stride-2 window. */
const halve = (context: BuildContext, c2: number): RowOutput => {
  const size = (x: Size): Size => convSize(context.algebra, x, 2, 2, 0);
  return { channels: c2, h: size(context.inputs[0].h), w: size(context.inputs[0].w) };
};

const c1Of = (context: BuildContext): number => context.args[0] as number;
const c2Of = (context: BuildContext): number => context.args[1] as number;

const base = (rule: Omit<ModuleRule, 'family'>): ModuleRule => ({ family: 'base', ...rule });

/** The detection head's box and class branches (`Detect.__init__`) with `reg_max` bins, without the DFL. */
function detectBranches(nc: number, channels: number[], legacy: boolean, regMax: number): number {
  return boxBranches(channels, regMax) + classBranches(channels, Math.max(channels[0], Math.min(nc, 100)), nc, legacy);
}

/** Detect's box branches (`cv2`): per level two 3×3 Convs to `max(16, ch[0] // 4, 4·reg_max)` and a biased 1×1 conv to `4·reg_max`. */
function boxBranches(channels: number[], regMax: number): number {
  const c2 = Math.max(16, Math.floor(channels[0] / 4), regMax * 4);
  return channels.reduce((total, x) => total + convParams(x, c2, 3) + convParams(c2, c2, 3) + (c2 + 1) * 4 * regMax, 0);
}

/** Detect's class branches (`cv3`) of width c3 to `out` channels: two 3×3 Convs (legacy), or depthwise and pointwise pairs, then a biased 1×1 conv. */
function classBranches(channels: number[], c3: number, out: number, legacy: boolean): number {
  const convs = (x: number): number => (legacy ? convParams(x, c3, 3) + convParams(c3, c3, 3) : convParams(x, x, 3, x) + convParams(x, c3) + convParams(c3, c3, 3, c3) + convParams(c3, c3));
  return channels.reduce((total, x) => total + convs(x) + (c3 + 1) * out, 0);
}

/** The detection head of 8.3 (16 bins): its branches plus the DFL's 16 weights. */
const detectParams = (nc: number, channels: number[], legacy: boolean): number => 16 + detectBranches(nc, channels, legacy, 16);

/**
 * Detect's layers: per level a box branch (two Convs, an nn.Conv2d) and a class branch (the
 * same; not legacy: two DWConv–Conv pairs and an nn.Conv2d), and the DFL's nn.Conv2d.
 */
const detectLeaves = (channels: number[], legacy: boolean): number => 1 + channels.length * (5 + (legacy ? 5 : 9));

/** A head's extra branch `Conv(x, c4, 3), Conv(c4, c4, 3), Conv2d(c4, extra, 1)` per level: 5 layers each. */
const extraBranchLeaves = (channels: number[]): number => 5 * channels.length;

/** A head's extra branch `Conv(x, c4, 3), Conv(c4, c4, 3), Conv2d(c4, extra, 1)` per level. */
const extraBranch = (channels: number[], c4: number, extra: number): number =>
  channels.reduce((sum, x) => sum + convParams(x, c4, 3) + convParams(c4, c4, 3) + (c4 + 1) * extra, 0);

/** An Ultralytics `Conv`'s multiply-adds per output pixel as thop counts them: its weights, 4 per BatchNorm channel. */
const convMacsPerPixel = (c1: number, c2: number, k: number, g = 1): number => c2 * (c1 / g) * k * k + 4 * c2;

/** The extra branch's multiply-adds: per level's pixels, two Convs and a 1×1 conv without bias to `extra`. */
const extraBranchMacs = (channels: number[], c4: number, extra: number, pixels: readonly number[]): number =>
  channels.reduce((sum, x, i) => sum + pixels[i] * (convMacsPerPixel(x, c4, 3) + convMacsPerPixel(c4, c4, 3) + c4 * extra), 0);

/** Segment's `Proto(c1, npr, nm)`: a 3×3 Conv, a biased 2×2 stride-2 nn.ConvTranspose2d, a 3×3 Conv, a 1×1 Conv. */
const protoParams = (c1: number, npr: number, nm: number): number => convParams(c1, npr, 3) + (npr * npr * 4 + npr) + convParams(npr, npr, 3) + convParams(npr, nm);

/**
 * Segment's `Proto` on the first level (P pixels): a 3×3 Conv to npr, a 2×2 stride-2 transposed
 * conv (4P outputs of npr·npr·4), a 3×3 Conv and a 1×1 Conv to nm at 4P.
 */
const protoMacs = (c1: number, npr: number, nm: number, pixels: number): number =>
  pixels * convMacsPerPixel(c1, npr, 3) + 4 * pixels * (npr * npr * 4 + convMacsPerPixel(npr, npr, 3) + convMacsPerPixel(npr, nm, 1));

/** A head's anchor count `Σ h·w` over its inputs: a product of H and W, so known only once they are defined. */
function anchors(inputs: RowOutput[]): Size {
  let sum = 0;
  for (const { h, w } of inputs) {
    if (h.kind === 'unknown') return h;
    if (w.kind === 'unknown') return w;
    const [height, width] = [constantValue(h), constantValue(w)];
    if (height === undefined || width === undefined) return unknownSize('the anchor count Σ H·W of the head is a product of the image sizes: define H and W (--define H=640 W=640) to see it');
    sum += height * width;
  }
  return Number.isSafeInteger(sum) ? { kind: 'expr', terms: [], constant: sum } : unknownSize('the anchor count exceeds 2^53');
}

const noSize = unknownSize('the output has no spatial axes');

/** Heads output `[1, 4 + nc + extra, anchors]` at inference. */
const headOutput = (extra: (args: unknown[]) => number) => (context: BuildContext): RowOutput => {
  const channels = 4 + num(context.args[0], 80) + extra(context.args);
  return { channels, h: noSize, w: noSize, shape: [1, channels, anchors(context.inputs)] };
};

const channelList = (args: unknown[]): number[] => args[args.length - 1] as number[];

/**
 * Detect's multiply-adds (eval mode, as thop runs it; 8.4: `reg_max` bins and `copies` of the branches): per level its box branch (two 3×3 Convs
 * to c2, a 1×1 conv to 4·reg_max) and class branch (legacy: two 3×3 Convs to c3; else depthwise
 * and pointwise pairs) at that level's pixels, then the DFL's 1×1 conv (16 → 1) over 4 values per anchor.
 */
function detectMacs(nc: number, channels: number[], legacy: boolean, pixels: readonly number[], regMax = 16, copies = 1, classOut = nc): number {
  const c2 = Math.max(16, Math.floor(channels[0] / 4), regMax * 4);
  const c3 = Math.max(channels[0], Math.min(nc, 100));
  const conv = convMacsPerPixel;
  let total = 0;
  for (const [i, x] of channels.entries()) {
    const box = conv(x, c2, 3) + conv(c2, c2, 3) + c2 * 4 * regMax;
    const cls = legacy ? conv(x, c3, 3) + conv(c3, c3, 3) : conv(x, x, 3, x) + conv(x, c3, 1) + conv(c3, c3, 3, c3) + conv(c3, c3, 1);
    total += pixels[i] * (box + cls + c3 * classOut);
  }
  const anchors = pixels.reduce((sum, p) => sum + p, 0);
  // End to end both copies run (one2many and one2one), the DFL once; with one bin it is an nn.Identity.
  return copies * total + (regMax > 1 ? 4 * regMax * anchors : 0);
}

/** thop's count per output element of `nn.Upsample` by mode (`calculate_upsample`). */
const UPSAMPLE_COST: Readonly<Record<string, number>> = { nearest: 1, linear: 5, bilinear: 11, bicubic: 259 };

const sppfParams = (c: BuildContext): number => {
  const hidden = Math.floor(c1Of(c) / 2);
  return convParams(c1Of(c), hidden) + convParams(hidden * 4, c2Of(c));
};

const c2fParams = (c: BuildContext): number => {
  const n = num(c.args[2], 1);
  const { c: hidden, total } = c2fShell(c1Of(c), c2Of(c), n, num(c.args[5], 0.5));
  return total + n * bottleneck(hidden, hidden, 3, 3, 1, num(c.args[4], 1));
};

const c3k2Params = (c: BuildContext): number => {
  const n = num(c.args[2], 1);
  const { c: hidden, total } = c2fShell(c1Of(c), c2Of(c), n, num(c.args[4], 0.5));
  const inner = c.args[3] === true ? c3Params(hidden, hidden, 2, 0.5, 3, 3) : bottleneck(hidden, hidden, 3, 3, 0.5);
  return total + n * inner;
};

const c2Params = (c: BuildContext): number => {
  const n = num(c.args[2], 1);
  const hidden = Math.floor(c2Of(c) * num(c.args[5], 0.5));
  return convParams(c1Of(c), 2 * hidden) + convParams(2 * hidden, c2Of(c)) + n * bottleneck(hidden, hidden, 3, 3, 1, num(c.args[4], 1));
};

const c3ModuleParams = (c: BuildContext): number => c3Params(c1Of(c), c2Of(c), num(c.args[2], 1), num(c.args[5], 0.5), 1, 3);

const c2psaParams = (c: BuildContext): number => {
  const hidden = Math.floor(c1Of(c) * num(c.args[3], 0.5));
  const blocks = num(c.args[2], 1) * psaBlock(hidden, Math.floor(hidden / 64));
  return convParams(c1Of(c), 2 * hidden) + convParams(2 * hidden, c1Of(c)) + blocks;
};

const bottleneckParams = (c: BuildContext): number => bottleneck(c1Of(c), c2Of(c), 3, 3, num(c.args[5], 0.5), num(c.args[3], 1));

/** YOLOv5's `Bottleneck(c1, c2, shortcut, g, e)`: a 1×1 then a 3×3 Conv. */
const v5BottleneckParams = (c: BuildContext): number => bottleneck(c1Of(c), c2Of(c), 1, 3, num(c.args[4], 0.5), num(c.args[3], 1));

const sppParams = (c: BuildContext): number => {
  const hidden = Math.floor(c1Of(c) / 2);
  const kernels = Array.isArray(c.args[2]) ? c.args[2].length : 3;
  return convParams(c1Of(c), hidden) + convParams(hidden * (kernels + 1), c2Of(c));
};

const c3GhostParams = (c: BuildContext): number => {
  const hidden = Math.floor(c2Of(c) * num(c.args[5], 0.5));
  const ghostBottleneck = ghostConv(hidden, Math.floor(hidden / 2)) + ghostConv(Math.floor(hidden / 2), hidden);
  return convParams(c1Of(c), hidden) * 2 + convParams(2 * hidden, c2Of(c)) + num(c.args[2], 1) * ghostBottleneck;
};

const repNCSPELAN4Params = (c: BuildContext): number => {
  const [c1, c2, c3, c4] = c.args as number[];
  const n = num(c.args[4], 1);
  const half = Math.floor(c3 / 2);
  return convParams(c1, c3) + repCsp(half, c4, n) + convParams(c4, c4, 3) + repCsp(c4, c4, n) + convParams(c4, c4, 3) + convParams(c3 + 2 * c4, c2);
};

const elan1Params = (c: BuildContext): number => {
  const [c1, c2, c3, c4] = c.args as number[];
  return convParams(c1, c3) + convParams(Math.floor(c3 / 2), c4, 3) + convParams(c4, c4, 3) + convParams(c3 + 2 * c4, c2);
};

const sppelanParams = (c: BuildContext): number => {
  const [c1, c2, c3] = c.args as number[];
  return convParams(c1, c3) + convParams(4 * c3, c2);
};

/** An Ultralytics `Conv(c1, c2, k, g=g)`: the conv and its BatchNorm, as the blocks below list them. */
type ConvSpec = readonly [c1: number, c2: number, k: number, g?: number];

const convsParams = (convs: readonly ConvSpec[]): number => convs.reduce((total, [c1, c2, k, g]) => total + convParams(c1, c2, k, g), 0);

/** The Convs' multiply-adds per pixel, for blocks whose Convs all run at one H×W. */
const convsMacsPerPixel = (convs: readonly ConvSpec[]): number => convs.reduce((total, [c1, c2, k, g]) => total + convMacsPerPixel(c1, c2, k, g), 0);

const repeated = <T>(items: readonly T[], times: number): T[] => Array.from({ length: times }, () => items).flat();

/** `C2fCIB(c1, c2, n, shortcut, lk, g, e)`: C2f's cv1, cv2 around n CIBs of width c (lk: RepVGGDW's 7×7 and 3×3 depthwise convs). */
const c2fCibConvs = (c: BuildContext): ConvSpec[] => {
  const n = num(c.args[2], 1);
  const h = Math.floor(c2Of(c) * num(c.args[6], 0.5));
  const middle: ConvSpec[] = truthy(c.args[4]) ? [[2 * h, 2 * h, 7, 2 * h], [2 * h, 2 * h, 3, 2 * h]] : [[2 * h, 2 * h, 3, 2 * h]];
  const cib: ConvSpec[] = [[h, h, 3, h], [h, 2 * h, 1], ...middle, [2 * h, h, 1], [h, h, 3, h]];
  return [[c1Of(c), 2 * h, 1], [(2 + n) * h, c2Of(c), 1], ...repeated(cib, n)];
};

/** `RepC3(c1, c2, n=3, e=1.0)`: cv1, cv2, n RepConvs (3×3 and 1×1 branches, unfused), cv3 unless c_ = c2 (then an nn.Identity). */
const repC3Convs = (c: BuildContext): ConvSpec[] => {
  const h = Math.floor(c2Of(c) * num(c.args[3], 1));
  const repConv: ConvSpec[] = [[h, h, 3], [h, h, 1]];
  return [[c1Of(c), h, 1], [c1Of(c), h, 1], ...repeated(repConv, num(c.args[2], 3)), ...(h === c2Of(c) ? [] : [[h, c2Of(c), 1] as const])];
};

/** `HGBlock(c1, cm, c2, k=3, n=6, lightconv, shortcut)`: n Convs (lightconv: a 1×1 Conv and a depthwise k×k) chained, then sc (c2/2) and ec. */
const hgBlockConvs = (c: BuildContext): ConvSpec[] => {
  const [c1, cm, c2] = c.args as number[];
  const k = num(c.args[3], 3);
  const n = num(c.args[4], 6);
  const light = truthy(c.args[5]);
  const blocks = Array.from({ length: n }, (_, i): ConvSpec[] => {
    const input = i === 0 ? c1 : cm;
    return light ? [[input, cm, 1], [cm, cm, k, cm]] : [[input, cm, k]];
  });
  return [...blocks.flat(), [c1 + n * cm, Math.floor(c2 / 2), 1], [Math.floor(c2 / 2), c2, 1]];
};

/** `HGStem(c1, cm, c2)`: stem1 (3×3/2), stem2a and stem2b (2×2 on a padded map) at H/2; stem3 (3×3/2) and stem4 at H/4. */
const hgStemConvs = (c: BuildContext): { half: ConvSpec[]; quarter: ConvSpec[] } => {
  const [c1, cm, c2] = c.args as number[];
  const half = Math.floor(cm / 2);
  return { half: [[c1, cm, 3], [cm, half, 2], [half, cm, 2]], quarter: [[2 * cm, cm, 3], [cm, c2, 1]] };
};

/** A2C2f's blocks are ABlocks unless `a2` is false. */
const a2 = (c: BuildContext): boolean => c.args[3] === undefined || truthy(c.args[3]);

/**
 * `A2C2f(c1, c2, n, a2, area, residual, mlp_ratio, e, g, shortcut)`'s Convs: cv1 to `c_ = int(c2 · e)`,
 * cv2 from `(1 + n)·c_` and per block two ABlocks (a2) or a C3k. Its assertion keeps `c_` a multiple
 * of 32, so AAttn's heads (`c_ // 32`) divide it and its widths are `c_`.
 */
const a2c2fConvs = (c: BuildContext): ConvSpec[] => {
  const n = num(c.args[2], 1);
  const h = Math.floor(c2Of(c) * num(c.args[7], 0.5));
  // ABlock: the area attention's qkv, proj and 7×7 depthwise pe, and the MLP's two Convs.
  const mlp = Math.floor(h * num(c.args[6], 2));
  const aBlock: ConvSpec[] = [[h, 3 * h, 1], [h, h, 1], [h, h, 7, h], [h, mlp, 1], [mlp, h, 1]];
  // C3k(c_, c_, 2, shortcut, g): cv1, cv2, cv3 and two Bottlenecks of 3×3 Convs (the second grouped by g).
  const q = Math.floor(h * 0.5);
  const g = num(c.args[8], 1);
  const c3k: ConvSpec[] = [[h, q, 1], [h, q, 1], [2 * q, h, 1], [q, q, 3], [q, q, 3, g], [q, q, 3], [q, q, 3, g]];
  return [[c1Of(c), h, 1], [(1 + n) * h, c2Of(c), 1], ...repeated(a2(c) ? [...aBlock, ...aBlock] : c3k, n)];
};

/** `AIFI(c1, cm=2048, num_heads=8)`: nn.MultiheadAttention (4·c1² + 4·c1), Linear c1→cm→c1 and two LayerNorms. */
const aifiParams = (c: BuildContext): number => {
  const c1 = c1Of(c);
  const cm = num(c.args[1], 2048);
  return 4 * c1 * c1 + 4 * c1 + (c1 * cm + cm) + (cm * c1 + c1) + 4 * c1;
};

/** YOLO-World's placeholder text features: `WorldModel` builds `torch.randn(1, nc or 80, 512)` with its `nc` argument, None from a YAML. */
const WORLD_TEXT_EMBEDDINGS = 80;

/** `C2fAttn(c1, c2, n, ec, nh, gc, shortcut, g, e)`'s Convs: cv1, cv2, n Bottlenecks, and the attention's ec (where c ≠ ec) and proj_conv. */
const c2fAttnConvs = (c: BuildContext): ConvSpec[] => {
  const n = num(c.args[2], 1);
  const h = Math.floor(c2Of(c) * num(c.args[8], 0.5));
  const ec = num(c.args[3], 128);
  const bottleneckConvs: ConvSpec[] = [[h, h, 3], [h, h, 3, num(c.args[7], 1)]];
  return [[c1Of(c), 2 * h, 1], [(3 + n) * h, c2Of(c), 1], ...repeated(bottleneckConvs, n), ...(h === ec ? [] : [[h, ec, 1] as const]), [h, h, 3]];
};

/**
 * `ImagePoolingAttn(ec=256, ch, ct=512, nh=8, k=3, scale=False)`: LayerNorm and Linear for the
 * query (ct→ec), key and value (ec→ec), a Linear ec→ct, a `scale` weight, a biased 1×1 conv per level.
 */
const imagePoolingParams = (c: BuildContext): number | null => {
  const channels = c.args[1];
  if (!Array.isArray(channels)) return null;
  const ec = num(c.args[0], 256);
  const ct = num(c.args[2], 512);
  const levels = (channels as number[]).reduce((total, x) => total + x * ec + ec, 0);
  return 2 * ct + (ct * ec + ec) + 2 * (2 * ec + ec * ec + ec) + (ec * ct + ct) + (truthy(c.args[5]) ? 1 : 0) + levels;
};

/**
 * `WorldDetect(nc, embed=512, with_bn, ch)` (8.4: `…, reg_max, end2end, ch`): Detect's box
 * branches, class branches to `embed` (two 3×3 Convs, a biased 1×1 conv) and per level a
 * BNContrastiveHead (BatchNorm, two weights) or ContrastiveHead (two weights). End to end, 8.4's
 * Detect copies its box and its own class branches before WorldDetect replaces the class ones.
 */
function worldDetectParams(nc: number, embed: number, withBn: boolean, channels: number[], regMax: number): number {
  const c3 = Math.max(channels[0], Math.min(nc, 100));
  const contrastive = channels.length * ((withBn ? 2 * embed : 0) + 2);
  return (regMax > 1 ? regMax : 0) + boxBranches(channels, regMax) + classBranches(channels, c3, embed, true) + contrastive;
}

/**
 * `YOLOEDetect(nc, embed, with_bn, ch)` (8.4: `…, reg_max, end2end, ch`): the DFL; per copy the
 * box branches, class branches to `embed` and a BNContrastiveHead per level (BatchNorm, two
 * weights); `reprta`, a SwiGLU FFN (Linear embed→4·embed, 2·embed→embed); and SAVPE(ch, c3,
 * embed): per level two 3×3 Convs and a 1×1 Conv to c3, convs 3·c3→embed (1×1), 3·c3→16 and
 * 1→16 (3×3), a 3×3 Conv 32→16 and a 3×3 conv 16→16.
 */
function yoloeDetectParams(head: Head84, embed: number, legacy: boolean): number {
  const { channels } = head;
  const c3 = Math.max(channels[0], Math.min(head.nc, 100));
  const perCopy = boxBranches(channels, head.regMax) + classBranches(channels, c3, embed, legacy) + channels.length * (2 * embed + 2);
  const reprta = embed * 4 * embed + 4 * embed + 2 * embed * embed + embed;
  const savpe =
    channels.reduce((total, x) => total + convParams(x, c3, 3) + convParams(c3, c3, 3) + convParams(x, c3), 0) +
    (3 * c3 * embed + embed) + (3 * c3 * 16 * 9 + 16) + (16 * 9 + 16) + convParams(32, 16, 3) + (16 * 16 * 9 + 16);
  return (head.regMax > 1 ? head.regMax : 0) + head.copies * perCopy + reprta + savpe;
}

/**
 * YOLOEDetect's layers: the DFL; per copy per level the box branch (5), the class branch (5 or
 * 9) and the contrastive head's BatchNorm, and each copy's two activations; reprta's two Linear;
 * SAVPE's per level Convs and Upsample or Identity (8) and its six others.
 */
const yoloeDetectLeaves = (head: Head84, legacy: boolean): number => {
  const levels = head.channels.length;
  return 1 + head.copies * levels * (5 + (legacy ? 5 : 9) + 1) + (head.copies - 1) * 2 + 2 + 8 * levels + 6;
};

/**
 * World's and YOLOE's heads in eval mode: Detect's (each copy that runs) with the class branch to
 * `embed`, and each level's BatchNorm of the embedding (with_bn); the contrast with the text
 * features is an einsum, not counted.
 */
const embeddingDetectMacs = (head: Head84, legacy: boolean, embed: number, withNorm: boolean, pixels: readonly number[]): number =>
  detectMacs(head.nc, head.channels, legacy, pixels, head.regMax, head.copies, embed) + (withNorm ? head.copies * 4 * embed * pixels.reduce((total, p) => total + p, 0) : 0);

/** YOLOE's outputs score the texts or visual prompts given at run time, which the file does not hold. */
const yoloeOutput = (c: BuildContext, c2: number): RowOutput => {
  const prompts = unknownSize('YOLOE scores the texts or visual prompts given at run time, which the file does not hold');
  return { channels: c2, h: noSize, w: noSize, shape: [1, prompts, prompts] };
};

/** YOLOESegment's additions: `proto` (the Proto's or Proto26's parameters and layers) and per copy the mask-coefficient branch `cv5`. */
const yoloeSegmentExtra = (head: Head84, nm: number, proto: number, protoLayers: number): { params: number; leaves: number } => ({
  params: proto + head.copies * extraBranch(head.channels, extraWidth(head.channels, nm), nm),
  leaves: protoLayers + head.copies * 5 * head.channels.length + (head.copies - 1),
});

/** WorldDetect's multiply-adds: its class branches are always two 3×3 Convs; its forward runs only the one-to-many branches (8.4 end to end too). */
const worldDetectMacs = (head: Head84, c: BuildContext, pixels: readonly number[]): number =>
  embeddingDetectMacs({ ...head, copies: 1 }, true, num(c.args[1], 512), truthy(c.args[2]), pixels);

/** WorldDetect's layers: the DFL, per level the box and class branches (5 each) and the contrastive head's leaf. */
const worldDetectLeaves = (channels: number[]): Leaves => convLeaves(1 + channels.length * 11);

/** `MLP(input, hidden, output, layers)`: biased Linears. */
const mlpParams = (input: number, hidden: number, output: number, layers: number): number => {
  const widths = [input, ...Array<number>(layers - 1).fill(hidden), output];
  return widths.slice(1).reduce((total, width, i) => total + (widths[i] + 1) * width, 0);
};

/** An MLP's multiply-adds on `rows` vectors: thop counts a Linear's in_features per output element. */
const mlpMacs = (input: number, hidden: number, output: number, layers: number, rows: number): number => rows * (mlpParams(input, hidden, output, layers) - (layers - 1) * hidden - output);

/**
 * `RTDETRDecoder(nc, ch, hd=256, nq=300, ndp=4, nh=8, ndl=6, d_ffn=1024, …, learnt_init_query)`:
 * per level a bias-free 1×1 conv and BatchNorm to hd; ndl decoder layers (self-attention
 * 4·hd² + 4·hd, MSDeformAttn's offsets, weights, value and output Linears, a 2-layer FFN, three
 * LayerNorms); the denoising class embedding (and the query embedding when learnt); MLPs for the
 * query positions (4→2·hd→hd) and boxes (hd→hd→hd→4, one for the encoder and one per decoder
 * layer); Linears for the scores; the encoder's Linear and LayerNorm.
 */
function rtDetrParams(c: BuildContext): number | null {
  const channels = c.args[1];
  if (!Array.isArray(channels)) return null;
  const nc = num(c.args[0], 80);
  const [hd, nq, ndp, nh, ndl, ffn] = [num(c.args[2], 256), num(c.args[3], 300), num(c.args[4], 4), num(c.args[5], 8), num(c.args[6], 6), num(c.args[7], 1024)];
  const linear = (a: number, b: number): number => a * b + b;
  const samples = nh * channels.length * ndp;
  const layer = 4 * hd * hd + 4 * hd + linear(hd, 2 * samples) + linear(hd, samples) + 2 * linear(hd, hd) + linear(hd, ffn) + linear(ffn, hd) + 3 * 2 * hd;
  const boxMlp = mlpParams(hd, hd, 4, 3);
  const inputs = (channels as number[]).reduce((total, x) => total + x * hd + 2 * hd, 0);
  const queries = truthy(c.args[14]) ? nq * hd : 0;
  // The encoder's and each decoder layer's box MLP and score Linear.
  return inputs + ndl * layer + nc * hd + queries + mlpParams(4, 2 * hd, hd, 2) + linear(hd, hd) + 2 * hd + (1 + ndl) * (boxMlp + linear(hd, nc));
}

/**
 * RTDETRDecoder of a release: `mlpLayers` is what `model.info()` counts in an MLP beside its
 * Linears (its ReLU; 8.4 adds the `out_norm` nn.Identity); `columns` the inference output's last
 * axis. It keeps the `nq` best of Σ H·W anchors: fewer anchors make PyTorch's topk fail.
 */
function rtDetrDecoder(mlpLayers: number, columns: (nc: number) => number): ModuleRule {
  return {
    signature: { names: ['nc', 'ch', 'hd', 'nq', 'ndp', 'nh', 'ndl', 'd_ffn', 'dropout', 'act', 'eval_idx', 'nd', 'label_noise_ratio', 'box_noise_scale', 'learnt_init_query'], required: 0 },
    family: 'rtDetr',
    multiInput: true,
    output: (c, c2) => {
      const nq = num(c.args[3], 300);
      const cells = anchors(c.inputs);
      const count = cells.kind === 'expr' ? constantValue(cells) : undefined;
      const kept: Size = count === undefined ? cells : count >= nq ? { kind: 'expr', terms: [], constant: nq } : unknownSize(`RTDETRDecoder keeps the ${nq} best of ${count} anchors: PyTorch's topk fails ("selected index k out of range")`);
      return { channels: c2, h: noSize, w: noSize, shape: [1, kept, columns(num(c.args[0], 80))] };
    },
    params: rtDetrParams,
    // Per level a conv and a BatchNorm; per decoder layer 15 (attention's out_proj, MSDeformAttn's four Linear, two Linear, three
    // LayerNorm, four Dropout and its own copy of the activation); the embeddings, MLPs, score Linears and the encoder's two.
    leaves: (c) => {
      const ndl = num(c.args[6], 6);
      const levels = Array.isArray(c.args[1]) ? c.args[1].length : 0;
      const mlp = (linears: number): number => linears + mlpLayers;
      return { own: 2 * levels + 15 * ndl + 1 + (truthy(c.args[14]) ? 1 : 0) + mlp(2) + 2 + 1 + mlp(3) + ndl * (1 + mlp(3)), shared: [] };
    },
    areaIndependentMacs: true,
    macs: rtDetrMacs,
  };
}

/**
 * RTDETRDecoder's multiply-adds as thop counts them in eval mode: the input projections (conv,
 * BatchNorm) per level; over all A anchors enc_output's Linear and LayerNorm, enc_score_head, and
 * each run layer's value_proj (the layers up to eval_idx run); over the nq queries enc_bbox_head,
 * and per run layer query_pos_head, the sampling-offset, attention-weight and output Linears, the
 * FFN, three LayerNorms and the layer's box MLP, and the last run layer's score Linear.
 * nn.MultiheadAttention and the deformable sampling are not counted; torch.topk refuses fewer than nq anchors.
 */
function rtDetrMacs(c: BuildContext, pixels: readonly number[]): number | null {
  const channels = c.args[1];
  if (!Array.isArray(channels)) return null;
  const nc = num(c.args[0], 80);
  const [hd, nq, points, nh, ndl, ffn, evalIdx] = [num(c.args[2], 256), num(c.args[3], 300), num(c.args[4], 4), num(c.args[5], 8), num(c.args[6], 6), num(c.args[7], 1024), num(c.args[10], -1)];
  const runs = evalIdx >= 0 ? evalIdx + 1 : ndl + evalIdx + 1;
  const anchorCount = pixels.reduce((total, p) => total + p, 0);
  if (anchorCount < nq) return null;
  const inputProjections = (channels as number[]).reduce((total, x, i) => total + pixels[i] * convMacsPerPixel(x, hd, 1), 0);
  const encoder = anchorCount * (hd * hd + 4 * hd + hd * nc) + mlpMacs(hd, hd, 4, 3, nq);
  const layer = mlpMacs(4, 2 * hd, hd, 2, nq) + anchorCount * hd * hd + nq * (hd * nh * channels.length * points * 3 + hd * hd + 2 * hd * ffn + 12 * hd) + mlpMacs(hd, hd, 4, 3, nq);
  return inputProjections + encoder + runs * layer + nq * hd * nc;
}

/** The end-to-end heads' inference output: the best `min(300, anchors)` boxes, `[x1, y1, x2, y2, score, class]` and `extra` values each. */
function endToEndOutput(inputs: RowOutput[], extra: number): RowOutput {
  const cells = anchors(inputs);
  const count = cells.kind === 'expr' ? constantValue(cells) : undefined;
  const kept: Size = count === undefined ? cells : { kind: 'expr', terms: [], constant: Math.min(MAX_DETECTIONS, count) };
  return { channels: 6 + extra, h: noSize, w: noSize, shape: [1, kept, 6 + extra] };
}

/** `Detect.max_det`: an end-to-end head keeps the `min(300, anchors)` best boxes. */
const MAX_DETECTIONS = 300;

const psaParams = (c: BuildContext): number => {
  const hidden = Math.floor(c1Of(c) * num(c.args[2], 0.5));
  return convParams(c1Of(c), 2 * hidden) + convParams(2 * hidden, c1Of(c)) + psaBlock(hidden, Math.floor(hidden / 64));
};

/**
 * 8.4's detection heads as `parse_model` calls them: `[nc, …, reg_max, end2end, ch]`. An
 * end-to-end head builds a second ("one-to-one") copy of its branches; `copies` is 2 then.
 */
interface Head84 {
  nc: number;
  regMax: number;
  copies: number;
  channels: number[];
}

function head84(args: readonly unknown[]): Head84 {
  const copies = truthy(args[args.length - 2]) ? 2 : 1;
  return { nc: num(args[0], 80), regMax: num(args[args.length - 3], 16), copies, channels: channelList(args as unknown[]) };
}

/** The DFL's fixed weights: `reg_max` of them, none where `reg_max` is 1 (an `nn.Identity`). */
const dflParams = (regMax: number): number => (regMax > 1 ? regMax : 0);

/**
 * 8.4's inference output: `[1, 4 + nc + extra, anchors]`, or end to end
 * `[1, min(300, anchors), 6 + extra]` (box, score, class, then the extra values per box).
 */
const head84Output = (extra: (args: unknown[]) => number) => (context: BuildContext): RowOutput => {
  const { nc, copies } = head84(context.args);
  if (copies === 2) return endToEndOutput(context.inputs, extra(context.args));
  const channels = 4 + nc + extra(context.args);
  return { channels, h: noSize, w: noSize, shape: [1, channels, anchors(context.inputs)] };
};

/**
 * An 8.4 head's layers: the DFL (or its `nn.Identity`), each copy's per-level branches, and one
 * activation per `copy.deepcopy` of branches holding Convs (the copy does not share `Conv.default_act`).
 */
const head84Leaves = (head: Head84, legacy: boolean, perLevel: number, deepCopies: number, own: number): Leaves =>
  convLeaves(1 + head.copies * head.channels.length * (5 + (legacy ? 5 : 9) + perLevel) + (head.copies - 1) * deepCopies + own);

/** The parameters of an 8.4 head: the DFL, each copy's box and class branches plus `perCopy`, and `once`. */
const head84Params = (head: Head84, legacy: boolean, perCopy: number, once: number): number =>
  dflParams(head.regMax) + head.copies * (detectBranches(head.nc, head.channels, legacy, head.regMax) + perCopy) + once;

/** An 8.4 head's multiply-adds: Detect's (its `reg_max`, both copies end to end), `perCopy` for each copy's own branches, and `once`. */
const head84Macs = (head: Head84, legacy: boolean, pixels: readonly number[], perCopy: number, once: number): number =>
  detectMacs(head.nc, head.channels, legacy, pixels, head.regMax, head.copies) + head.copies * perCopy + once;

/** Proto's multiply-adds where thop (≥ 2.0.17) counts its transposed conv per input element: 3·P·npr²·4 fewer than per output element. */
const protoMacsByInput = (c1: number, npr: number, nm: number, pixels: number): number => protoMacs(c1, npr, nm, pixels) - 3 * pixels * npr * npr * 4;

/**
 * Proto26's multiply-adds at inference: a 1×1 Conv per further level (at its pixels), the 3×3 fusing
 * Conv and Proto(npr, npr, nm) on the first level; the semantic branch runs only in training.
 */
function proto26Macs(channels: number[], npr: number, nm: number, pixels: readonly number[]): number {
  const [first, ...rest] = channels;
  const refine = rest.reduce((total, x, i) => total + pixels[i + 1] * convMacsPerPixel(x, first, 1), 0);
  return refine + pixels[0] * convMacsPerPixel(first, npr, 3) + protoMacsByInput(npr, npr, nm, pixels[0]);
}

const extraWidth = (channels: number[], extra: number): number => Math.max(Math.floor(channels[0] / 4), extra);

const kptShape = (value: unknown): number[] => (Array.isArray(value) ? (value as number[]) : [17, 3]);

/** `RealNVP()` of Pose26: 6 scale nets (Linear 2→64→64→2, two SiLU, Tanh) and 6 translation nets (no Tanh). */
const REAL_NVP = { params: 12 * (2 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2), leaves: 6 * 6 + 6 * 5 };

/**
 * `Proto26(ch, npr, nm, nc)`: a 1×1 Conv to ch[0] per further level, a 3×3 Conv to npr, the
 * semantic branch (two 3×3 Convs, a biased 1×1 conv to nc) and `Proto(npr, npr, nm)`.
 */
function proto26Params({ channels, nc }: Head84, npr: number, nm: number): number {
  const [first, ...rest] = channels;
  const refine = rest.reduce((total, x) => total + convParams(x, first), 0);
  return refine + convParams(first, npr, 3) + convParams(first, npr, 3) + convParams(npr, npr, 3) + (npr + 1) * nc + protoParams(npr, npr, nm);
}

/** Proto26's layers: the Proto's 7, two per refining Conv, the fusing Conv's 2 and the semantic branch's 5. */
const proto26Leaves = ({ channels }: Head84): number => 7 + 2 * (channels.length - 1) + 2 + 5;

/** 8.3's heads as {@link Head84}: 16 bins, one copy, the channel list last. */
const head83 = (args: readonly unknown[]): Head84 => ({ nc: num(args[0], 80), regMax: 16, copies: 1, channels: channelList(args as unknown[]) });

/** The entries of `rules` named in `names`. */
function pick<K extends string>(rules: Record<K, ModuleRule>, names: readonly K[]): Partial<Record<K, ModuleRule>> {
  return Object.fromEntries(names.map((name) => [name, rules[name]])) as Partial<Record<K, ModuleRule>>;
}

/** The YOLOE heads of a release: `head` reads the row's arguments; `at` is where `embed` sits (after nm, npr for the segment heads). */
function yoloeHeads(head: (args: readonly unknown[]) => Head84, settings: readonly string[], protoMacsOf: typeof protoMacs): Record<'YOLOEDetect' | 'YOLOESegment' | 'YOLOESegment26', ModuleRule> {
  const detect = (c: BuildContext, embedAt: number) => yoloeDetectParams(head(c.args), num(c.args[embedAt], 512), c.legacy);
  const segment = (c: BuildContext, proto: (h: Head84, npr: number, nm: number) => number, protoLayers: (h: Head84) => number) => {
    const h = head(c.args);
    return yoloeSegmentExtra(h, num(c.args[1], 32), proto(h, num(c.args[2], 256), num(c.args[1], 32)), protoLayers(h));
  };
  const common = { frozenParams: (c: BuildContext) => dflParams(head(c.args).regMax), family: 'head' as const, multiInput: true, output: yoloeOutput };
  const proto = (h: Head84, npr: number, nm: number): number => protoParams(h.channels[0], npr, nm);
  const segmentRule = (protoOf: typeof proto, protoLayers: (h: Head84) => number, protoMacsAt: (h: Head84, npr: number, nm: number, pixels: readonly number[]) => number): ModuleRule => ({
    ...common,
    signature: { names: ['nc', 'nm', 'npr', 'embed', 'with_bn', ...settings, 'ch'], required: 0 },
    params: (c) => detect(c, 3) + segment(c, protoOf, protoLayers).params,
    leaves: (c) => convLeaves(yoloeDetectLeaves(head(c.args), c.legacy) + segment(c, protoOf, protoLayers).leaves),
    // Per copy the mask-coefficient branch; the Proto once.
    macs: (c, pixels) => {
      const h = head(c.args);
      const nm = num(c.args[1], 32);
      const masks = h.copies * extraBranchMacs(h.channels, extraWidth(h.channels, nm), nm, pixels);
      return embeddingDetectMacs(h, c.legacy, num(c.args[3], 512), true, pixels) + masks + protoMacsAt(h, num(c.args[2], 256), nm, pixels);
    },
  });
  return {
    YOLOEDetect: {
      ...common,
      signature: { names: ['nc', 'embed', 'with_bn', ...settings, 'ch'], required: 0 },
      params: (c) => detect(c, 1),
      leaves: (c) => convLeaves(yoloeDetectLeaves(head(c.args), c.legacy)),
      // Without prompts neither reprta nor SAVPE runs.
      macs: (c, pixels) => embeddingDetectMacs(head(c.args), c.legacy, num(c.args[1], 512), true, pixels),
    },
    YOLOESegment: segmentRule(proto, () => 7, (h, npr, nm, pixels) => protoMacsOf(h.channels[0], npr, nm, pixels[0])),
    YOLOESegment26: segmentRule(proto26Params, proto26Leaves, (h, npr, nm, pixels) => proto26Macs(h.channels, npr, nm, pixels)),
  };
}

/** 8.4's `C3k2`: with `attn`, each block a Bottleneck(c, c, e=0.5) and a PSABlock of `max(c // 64, 1)` heads; else 8.3's. */
const c3k2Params84 = (c: BuildContext): number => {
  if (!truthy(c.args[5])) return c3k2Params(c);
  const n = num(c.args[2], 1);
  const { c: hidden, total } = c2fShell(c1Of(c), c2Of(c), n, num(c.args[4], 0.5));
  return total + n * (bottleneck(hidden, hidden, 3, 3, 0.5) + psaBlock(hidden, Math.max(Math.floor(hidden / 64), 1)));
};

/** 8.4's `SPPF(c1, c2, k, n=3, shortcut)`: cv2 reads cv1's output and its `n` poolings. */
const sppf84Params = (c: BuildContext): number => {
  const hidden = Math.floor(c1Of(c) / 2);
  return convParams(c1Of(c), hidden) + convParams(hidden * (num(c.args[3], 3) + 1), c2Of(c));
};

/** Every module of Ultralytics 8.3.166's official configs that ConvLens knows, by the name rows use. */
export const MODULES: Readonly<Record<string, ModuleRule>> = {
  Conv: base({
    signature: { names: ['c1', 'c2', 'k', 's', 'p', 'g', 'd', 'act'], required: 2 },
    output: convLike(2, 3, 4, 6),
    params: (c) => convParams(c1Of(c), c2Of(c), num(c.args[2], 1), num(c.args[5], 1)),
    leaves: (c) => actLeaves(c.args[7], 1),
    macs: (c, _pixels, outPixels) => {
      const k = num(c.args[2], 1);
      return outPixels * (c2Of(c) * (c1Of(c) / num(c.args[5], 1)) * k * k + 4 * c2Of(c));
    },
  }),
  GhostConv: base({
    signature: { names: ['c1', 'c2', 'k', 's', 'g', 'act'], required: 2 },
    output: convLike(2, 3, null, null),
    params: (c) => {
      const hidden = Math.floor(c2Of(c) / 2);
      return convParams(c1Of(c), hidden, num(c.args[2], 1), num(c.args[4], 1)) + convParams(hidden, hidden, 5, hidden);
    },
    leaves: (c) => actLeaves(c.args[5], 2),
    // cv1 (stride s) and the 5×5 depthwise cv2, both at the output's pixels.
    macs: (c, _pixels, outPixels) => {
      const hidden = Math.floor(c2Of(c) / 2);
      return outPixels * (convMacsPerPixel(c1Of(c), hidden, num(c.args[2], 1), num(c.args[4], 1)) + convMacsPerPixel(hidden, hidden, 5, hidden));
    },
  }),
  DWConv: base({
    signature: { names: ['c1', 'c2', 'k', 's', 'd', 'act'], required: 2 },
    output: convLike(2, 3, null, 4),
    params: (c) => convParams(c1Of(c), c2Of(c), num(c.args[2], 1), gcd(c1Of(c), c2Of(c))),
    leaves: (c) => actLeaves(c.args[5], 1),
    macs: (c, _pixels, outPixels) => outPixels * convMacsPerPixel(c1Of(c), c2Of(c), num(c.args[2], 1), gcd(c1Of(c), c2Of(c))),
  }),
  SCDown: base({
    signature: { names: ['c1', 'c2', 'k', 's'], required: 4 },
    output: convLike(2, 3, null, null),
    params: (c) => convParams(c1Of(c), c2Of(c)) + convParams(c2Of(c), c2Of(c), num(c.args[2], 1), c2Of(c)),
    // cv1, and cv2 with act=False.
    leaves: () => convLeaves(2 + 3),
    // The 1×1 cv1 at the input's pixels, the depthwise cv2 (stride s) at the output's.
    macs: (c, pixels, outPixels) => pixels[0] * convMacsPerPixel(c1Of(c), c2Of(c), 1) + outPixels * convMacsPerPixel(c2Of(c), c2Of(c), num(c.args[2], 1), c2Of(c)),
  }),
  ADown: base({
    signature: { names: ['c1', 'c2'], required: 2 },
    output: halve,
    params: (c) => {
      const half = c2Of(c) / 2;
      return convParams(c1Of(c) / 2, half, 3) + convParams(c1Of(c) / 2, half, 1);
    },
    leaves: () => convLeaves(4),
    // Each half of the (average-pooled) channels: a 3×3 stride-2 Conv, or max pooling then a 1×1 Conv; pooling is free.
    macs: (c, _pixels, outPixels) => outPixels * (convMacsPerPixel(c1Of(c) / 2, c2Of(c) / 2, 3) + convMacsPerPixel(c1Of(c) / 2, c2Of(c) / 2, 1)),
  }),
  AConv: base({
    signature: { names: ['c1', 'c2'], required: 2 },
    output: halve,
    params: (c) => convParams(c1Of(c), c2Of(c), 3),
    leaves: () => convLeaves(2),
    macs: (c, _pixels, outPixels) => outPixels * convMacsPerPixel(c1Of(c), c2Of(c), 3),
  }),
  Bottleneck: base({
    signature: { names: ['c1', 'c2', 'shortcut', 'g', 'k', 'e'], required: 2 },
    output: same,
    params: bottleneckParams,
    leaves: () => convLeaves(4),
    macs: convBlockMacs(bottleneckParams, (c) => Math.floor(c2Of(c) * num(c.args[5], 0.5)) + c2Of(c)),
  }),
  SPP: base({
    signature: { names: ['c1', 'c2', 'k'], required: 2 },
    output: same,
    params: sppParams,
    // cv1, cv2 and a MaxPool2d per kernel.
    leaves: (c) => convLeaves(4 + (Array.isArray(c.args[2]) ? c.args[2].length : 3)),
    macs: convBlockMacs(sppParams, (c) => Math.floor(c1Of(c) / 2) + c2Of(c)),
  }),
  SPPF: base({
    signature: { names: ['c1', 'c2', 'k'], required: 2 },
    output: same,
    params: sppfParams,
    leaves: () => convLeaves(5),
    macs: convBlockMacs(sppfParams, (c) => Math.floor(c1Of(c) / 2) + c2Of(c)),
  }),
  C2f: base({
    signature: { names: ['c1', 'c2', 'n', 'shortcut', 'g', 'e'], required: 2 },
    repeats: true,
    output: same,
    params: c2fParams,
    leaves: (c) => convLeaves(4 + 4 * num(c.args[2], 1)),
    // cv1 (2c), cv2 (c2), and two convs of c per bottleneck.
    macs: convBlockMacs(c2fParams, (c) => {
      const hidden = Math.floor(c2Of(c) * num(c.args[5], 0.5));
      return 2 * hidden + c2Of(c) + num(c.args[2], 1) * 2 * hidden;
    }),
  }),
  C3k2: base({
    signature: { names: ['c1', 'c2', 'n', 'c3k', 'e', 'g', 'shortcut'], required: 2 },
    repeats: true,
    output: same,
    params: c3k2Params,
    // cv1, cv2, and per block a C3k (three Convs, two Bottlenecks) or a Bottleneck.
    leaves: (c) => convLeaves(4 + num(c.args[2], 1) * (c.args[3] === true ? 14 : 4)),
    // cv1 (2c), cv2 (c2), and per block a C3k (cv1, cv2, cv3, two bottlenecks) or a Bottleneck(e=0.5).
    macs: convBlockMacs(c3k2Params, (c) => {
      const hidden = Math.floor(c2Of(c) * num(c.args[4], 0.5));
      const half = Math.floor(hidden * 0.5);
      const inner = c.args[3] === true ? 2 * half + hidden + 2 * 2 * half : half + hidden;
      return 2 * hidden + c2Of(c) + num(c.args[2], 1) * inner;
    }),
  }),
  C3: base({
    signature: { names: ['c1', 'c2', 'n', 'shortcut', 'g', 'e'], required: 2 },
    repeats: true,
    output: same,
    params: c3ModuleParams,
    leaves: (c) => convLeaves(6 + 4 * num(c.args[2], 1)),
    // cv1, cv2 (c_ each), cv3 (c2), and two convs of c_ per bottleneck.
    macs: convBlockMacs(c3ModuleParams, (c) => {
      const hidden = Math.floor(c2Of(c) * num(c.args[5], 0.5));
      return 2 * hidden + c2Of(c) + num(c.args[2], 1) * 2 * hidden;
    }),
  }),
  C2: base({
    signature: { names: ['c1', 'c2', 'n', 'shortcut', 'g', 'e'], required: 2 },
    repeats: true,
    output: same,
    params: c2Params,
    leaves: (c) => convLeaves(4 + 4 * num(c.args[2], 1)),
    // cv1 (2c), cv2 (c2), and two convs of c per bottleneck.
    macs: convBlockMacs(c2Params, (c) => {
      const hidden = Math.floor(c2Of(c) * num(c.args[5], 0.5));
      return 2 * hidden + c2Of(c) + num(c.args[2], 1) * 2 * hidden;
    }),
  }),
  C3Ghost: base({
    signature: { names: ['c1', 'c2', 'n', 'shortcut', 'g', 'e'], required: 2 },
    repeats: true,
    output: same,
    params: c3GhostParams,
    // Per GhostBottleneck (stride 1): a GhostConv, an nn.Identity, a GhostConv with act=False, the nn.Identity shortcut.
    leaves: (c) => convLeaves(6 + 12 * num(c.args[2], 1)),
    // cv1, cv2 (c_ each), cv3 (c2); per GhostBottleneck two GhostConvs, each two Convs of half its output.
    macs: convBlockMacs(c3GhostParams, (c) => {
      const hidden = Math.floor(c2Of(c) * num(c.args[5], 0.5));
      const ghostNorms = (c2: number): number => 2 * Math.floor(c2 / 2);
      return 2 * hidden + c2Of(c) + num(c.args[2], 1) * (ghostNorms(Math.floor(hidden / 2)) + ghostNorms(hidden));
    }),
  }),
  RepNCSPELAN4: base({
    signature: { names: ['c1', 'c2', 'c3', 'c4', 'n'], required: 4 },
    output: same,
    params: repNCSPELAN4Params,
    // cv1 (c3), cv4 (c2), and twice a RepCSP (cv1, cv2 of c_, cv3 of c4; per RepBottleneck the
    // RepConv's two Convs and a Conv, of c_ each) and a Conv of c4; the RepConvs are not fused.
    macs: convBlockMacs(repNCSPELAN4Params, (c) => {
      const [, c2, c3, c4] = c.args as number[];
      const half = Math.floor(c4 * 0.5);
      return c3 + c2 + 2 * (2 * half + c4 + num(c.args[4], 1) * 3 * half + c4);
    }),
    // cv1, cv4, and twice a RepCSP (three Convs; per RepBottleneck a RepConv of two Convs with act=False, and a Conv) and a Conv.
    leaves: (c) => ({ own: 20 + 16 * num(c.args[4], 1), shared: ['Conv', 'RepConv'] }),
  }),
  ELAN1: base({
    signature: { names: ['c1', 'c2', 'c3', 'c4'], required: 4 },
    output: same,
    params: elan1Params,
    leaves: () => convLeaves(8),
    macs: convBlockMacs(elan1Params, (c) => {
      const [, c2, c3, c4] = c.args as number[];
      return c3 + 2 * c4 + c2;
    }),
  }),
  SPPELAN: base({
    signature: { names: ['c1', 'c2', 'c3', 'k'], required: 3 },
    output: same,
    params: sppelanParams,
    // cv1, cv5 and three MaxPool2d.
    leaves: () => convLeaves(7),
    macs: convBlockMacs(sppelanParams, (c) => num(c.args[2], 0) + c2Of(c)),
  }),
  /** `ResNetLayer(c1, c2, s, is_first, n, e=4)`, written with its own c1: the stem (7×7/2 conv, 3×3/2 pool) or n blocks. */
  ResNetLayer: {
    signature: { names: ['c1', 'c2', 's', 'is_first', 'n', 'e'], required: 2 },
    family: 'resNet',
    output: (c, c2) => {
      const size = (x: Size): Size => {
        if (c.args[3] === true) return convSize(c.algebra, convSize(c.algebra, x, 7, 2, 3), 3, 2, 1);
        return convSize(c.algebra, x, 3, num(c.args[2], 1), 1);
      };
      return { channels: c2, h: size(c.inputs[0].h), w: size(c.inputs[0].w) };
    },
    params: (c) => {
      const [c1, c2] = c.args as number[];
      const s = num(c.args[2], 1);
      const e = num(c.args[5], 4);
      if (c.args[3] === true) return convParams(c1, c2, 7);
      return resNetBlock(c1, c2, s, e) + (num(c.args[4], 1) - 1) * resNetBlock(e * c2, c2, 1, e);
    },
    // The stem: a Conv and a MaxPool2d. A ResNetBlock: two Convs, one with act=False, and its shortcut:
    // a Conv with act=False where it projects (only the first block can), else an nn.Identity.
    leaves: (c) => {
      if (c.args[3] === true) return convLeaves(3);
      const [c1, c2] = c.args as number[];
      const projects = num(c.args[2], 1) !== 1 || c1 !== num(c.args[5], 4) * c2;
      return convLeaves(7 + (projects ? 3 : 1) + (num(c.args[4], 1) - 1) * 8);
    },
    // The stem's 7×7 stride-2 Conv at its own output, (H − 1) // 2 + 1 a side (the pooling is free); else the
    // first block's cv1 at the input's pixels, its cv2 (stride s), cv3 and projection at the output's, and the other blocks there.
    macs: (c, pixels, outPixels, sides) => {
      const [c1, c2] = c.args as number[];
      if (c.args[3] === true) {
        const [h, w] = sides[0].map((x) => Math.floor((x - 1) / 2) + 1);
        return h * w * convMacsPerPixel(c1, c2, 7);
      }
      const e = num(c.args[5], 4);
      const projects = num(c.args[2], 1) !== 1 || c1 !== e * c2;
      const tail: ConvSpec[] = [[c2, c2, 3], [c2, e * c2, 1]];
      const first = pixels[0] * convMacsPerPixel(c1, c2, 1) + outPixels * convsMacsPerPixel([...tail, ...(projects ? [[c1, e * c2, 1] as const] : [])]);
      return first + (num(c.args[4], 1) - 1) * outPixels * convsMacsPerPixel([[e * c2, c2, 1], ...tail]);
    },
  },
  C2PSA: base({
    signature: { names: ['c1', 'c2', 'n', 'e'], required: 2 },
    repeats: true,
    output: same,
    params: c2psaParams,
    // cv1, cv2, and per PSABlock the attention's qkv, proj and pe (act=False) and the ffn's two Convs (the second act=False).
    leaves: (c) => convLeaves(4 + 14 * num(c.args[2], 1)),
    // cv1 (2c), cv2 (c1), and per PSABlock: qkv, proj and pe of the attention, the two ffn convs.
    macs: convBlockMacs(c2psaParams, (c) => {
      const hidden = Math.floor(c1Of(c) * num(c.args[3], 0.5));
      const heads = Math.floor(hidden / 64);
      const keyDim = Math.floor(Math.floor(hidden / heads) * 0.5);
      return 2 * hidden + c1Of(c) + num(c.args[2], 1) * (hidden + 2 * keyDim * heads + 2 * hidden + 3 * hidden);
    }),
  }),
  PSA: base({
    signature: { names: ['c1', 'c2', 'e'], required: 2 },
    output: same,
    params: psaParams,
    leaves: () => convLeaves(4 + 14),
    // cv1 (2c), cv2 (c1), the attention's qkv, proj and pe, the ffn's two Convs; thop does not count the attention's matmuls.
    macs: convBlockMacs(psaParams, (c) => {
      const hidden = Math.floor(c1Of(c) * num(c.args[2], 0.5));
      const heads = Math.floor(hidden / 64);
      return 2 * hidden + c1Of(c) + hidden + 2 * Math.floor(Math.floor(hidden / heads) * 0.5) * heads + 2 * hidden + 3 * hidden;
    }),
  }),
  Classify: base({
    signature: { names: ['c1', 'c2', 'k', 's', 'p', 'g'], required: 2 },
    output: (c, c2) => ({ channels: c2, h: noSize, w: noSize, shape: [1, c2] }),
    params: (c) => convParams(c1Of(c), 1280, num(c.args[2], 1), num(c.args[5], 1)) + 1281 * c2Of(c),
    // A Conv, AdaptiveAvgPool2d, Dropout and Linear.
    leaves: () => convLeaves(5),
    areaIndependentMacs: true,
    // The Conv to 1280 at its output's pixels, the pool ((H·W + 1) per output element, thop's
    // count_adap_avgpool) and the Linear (1280 per output); Dropout none.
    macs: (c, _pixels, _outPixels, sides) => {
      const k = num(c.args[2], 1);
      const s = num(c.args[3], 1);
      const p = autopad(k, c.args[4], 1);
      const side = (x: number): number | undefined => {
        const size = convSize(c.algebra, { kind: 'expr', terms: [], constant: x }, k, s, p);
        return size.kind === 'expr' ? constantValue(size) : undefined;
      };
      const [h, w] = sides[0].map(side);
      if (h === undefined || w === undefined) return null;
      const hidden = 1280;
      return h * w * convMacsPerPixel(c1Of(c), hidden, k, num(c.args[5], 1)) + (h * w + 1) * hidden + hidden * c2Of(c);
    },
  }),
  ...pick(yoloeHeads(head83, [], protoMacs), ['YOLOEDetect', 'YOLOESegment']),
  /** 8.3's RTDETRDecoder: boxes and class scores, `[1, nq, 4 + nc]`. */
  RTDETRDecoder: rtDetrDecoder(1, (nc) => 4 + nc),
  Concat: {
    signature: { names: ['dimension'], required: 0 },
    family: 'concat',
    multiInput: true,
    output: (c, c2) => same(c, c2),
    params: () => 0,
    leaves: () => ONE_LAYER,
    macs: () => 0,
  },
  Detect: {
    signature: { names: ['nc', 'ch'], required: 0 },
    frozenParams: () => 16,
    family: 'head',
    multiInput: true,
    output: headOutput(() => 0),
    params: (c) => detectParams(num(c.args[0], 80), channelList(c.args), c.legacy),
    leaves: (c) => convLeaves(detectLeaves(channelList(c.args), c.legacy)),
    macs: (c, pixels) => detectMacs(num(c.args[0], 80), channelList(c.args), c.legacy, pixels),
  },
  Segment: {
    signature: { names: ['nc', 'nm', 'npr', 'ch'], required: 0 },
    frozenParams: () => 16,
    family: 'head',
    multiInput: true,
    output: headOutput((args) => num(args[1], 32)),
    params: (c) => {
      const channels = channelList(c.args);
      const nm = num(c.args[1], 32);
      const npr = num(c.args[2], 256);
      return detectParams(num(c.args[0], 80), channels, c.legacy) + protoParams(channels[0], npr, nm) + extraBranch(channels, Math.max(Math.floor(channels[0] / 4), nm), nm);
    },
    // Detect's, the Proto (three Convs and an nn.ConvTranspose2d) and the mask-coefficient branch.
    leaves: (c) => convLeaves(detectLeaves(channelList(c.args), c.legacy) + 7 + extraBranchLeaves(channelList(c.args))),
    macs: (c, pixels) => {
      const channels = channelList(c.args);
      const nm = num(c.args[1], 32);
      const extra = extraBranchMacs(channels, Math.max(Math.floor(channels[0] / 4), nm), nm, pixels);
      return detectMacs(num(c.args[0], 80), channels, c.legacy, pixels) + protoMacs(channels[0], num(c.args[2], 256), nm, pixels[0]) + extra;
    },
  },
  Pose: {
    signature: { names: ['nc', 'kpt_shape', 'ch'], required: 0 },
    frozenParams: () => 16,
    family: 'head',
    multiInput: true,
    output: headOutput((args) => (Array.isArray(args[1]) ? (args[1] as number[])[0] * (args[1] as number[])[1] : 51)),
    params: (c) => {
      const channels = channelList(c.args);
      const shape = Array.isArray(c.args[1]) ? (c.args[1] as number[]) : [17, 3];
      const nk = shape[0] * shape[1];
      return detectParams(num(c.args[0], 80), channels, c.legacy) + extraBranch(channels, Math.max(Math.floor(channels[0] / 4), nk), nk);
    },
    leaves: (c) => convLeaves(detectLeaves(channelList(c.args), c.legacy) + extraBranchLeaves(channelList(c.args))),
    macs: (c, pixels) => {
      const channels = channelList(c.args);
      const shape = Array.isArray(c.args[1]) ? (c.args[1] as number[]) : [17, 3];
      const nk = shape[0] * shape[1];
      return detectMacs(num(c.args[0], 80), channels, c.legacy, pixels) + extraBranchMacs(channels, Math.max(Math.floor(channels[0] / 4), nk), nk, pixels);
    },
  },
  OBB: {
    signature: { names: ['nc', 'ne', 'ch'], required: 0 },
    frozenParams: () => 16,
    family: 'head',
    multiInput: true,
    output: headOutput((args) => num(args[1], 1)),
    params: (c) => {
      const channels = channelList(c.args);
      const ne = num(c.args[1], 1);
      return detectParams(num(c.args[0], 80), channels, c.legacy) + extraBranch(channels, Math.max(Math.floor(channels[0] / 4), ne), ne);
    },
    leaves: (c) => convLeaves(detectLeaves(channelList(c.args), c.legacy) + extraBranchLeaves(channelList(c.args))),
    macs: (c, pixels) => {
      const channels = channelList(c.args);
      const ne = num(c.args[1], 1);
      return detectMacs(num(c.args[0], 80), channels, c.legacy, pixels) + extraBranchMacs(channels, Math.max(Math.floor(channels[0] / 4), ne), ne, pixels);
    },
  },
  'nn.Upsample': {
    signature: { names: ['size', 'scale_factor', 'mode', 'align_corners', 'recompute_scale_factor'], required: 0 },
    family: 'other',
    output: (c, c2) => {
      const factor = num(c.args[1], 1);
      // floor(x · factor): a product for a whole factor, a floor division for its reciprocal.
      const scale = (size: Size): Size => {
        if (Number.isSafeInteger(factor) && factor >= 1) return c.algebra.mul(size, factor);
        const divisor = 1 / factor;
        if (Number.isSafeInteger(divisor) && divisor >= 1) return c.algebra.floorDiv(size, divisor);
        return unknownSize(`scale_factor ${factor} is neither a whole number nor the reciprocal of one`);
      };
      return { channels: c2, h: scale(c.inputs[0].h), w: scale(c.inputs[0].w) };
    },
    params: () => 0,
    leaves: () => ONE_LAYER,
    // thop: 1 per output element for nearest, 5 linear, 11 bilinear, 259 bicubic, 0 otherwise.
    macs: (c, _pixels, outPixels) => (UPSAMPLE_COST[typeof c.args[2] === 'string' ? c.args[2] : 'nearest'] ?? 0) * c.inputs[0].channels * outPixels,
  },
  'nn.MaxPool2d': {
    signature: { names: ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'], required: 1 },
    family: 'other',
    output: (c, c2) => {
      const k = num(c.args[0], 1);
      const s = num(c.args[1], k);
      const p = num(c.args[2], 0);
      const d = num(c.args[3], 1);
      const ceilMode = c.args[5] === true;
      return { channels: c2, h: convSize(c.algebra, c.inputs[0].h, k, s, p, d, ceilMode), w: convSize(c.algebra, c.inputs[0].w, k, s, p, d, ceilMode) };
    },
    params: () => 0,
    leaves: () => ONE_LAYER,
    macs: () => 0,
  },
  'nn.Identity': { family: 'other', output: same, params: () => 0, leaves: () => ONE_LAYER, macs: () => 0 },
  /** `nn.ZeroPad2d(padding)`: one number for every side, or `(left, right, top, bottom)`; negative values crop. */
  'nn.ZeroPad2d': {
    signature: { names: ['padding'], required: 1 },
    family: 'other',
    output: (c, c2) => {
      const padding = typeof c.args[0] === 'number' ? [0, 0, 0, 0].fill(c.args[0]) : c.args[0];
      const sides = Array.isArray(padding) && padding.length === 4 && padding.every(Number.isSafeInteger) ? (padding as number[]) : undefined;
      const pad = (size: Size, before: number | undefined, after: number | undefined): Size =>
        before === undefined || after === undefined ? unknownSize('padding must be one whole number or four (left, right, top, bottom)') : c.algebra.add(size, before + after);
      return { channels: c2, h: pad(c.inputs[0].h, sides?.[2], sides?.[3]), w: pad(c.inputs[0].w, sides?.[0], sides?.[1]) };
    },
    params: () => 0,
    leaves: () => ONE_LAYER,
    // thop registers nn.ZeroPad2d as zero_ops.
    macs: () => 0,
  },
  /** `CBLinear(c1, c2s, k=1, s=1)`: one biased conv split into `c2s`; its first part is its output (SPEC.md §1.5). */
  CBLinear: {
    signature: { names: ['c1', 'c2s', 'k', 's', 'p', 'g'], required: 2 },
    family: 'cbLinear',
    output: (c) => {
      const parts = c.args[1] as number[];
      const out = convLike(2, 3, 4, null)(c, parts[0]);
      return { ...out, parts };
    },
    params: (c) => {
      const total = (c.args[1] as number[]).reduce((sum, x) => sum + x, 0);
      const k = num(c.args[2], 1);
      return c1Of(c) * total * k * k + total;
    },
    leaves: () => ONE_LAYER,
    // One conv to Σ c2s at the output's pixels (thop counts no bias).
    macs: (c, _pixels, outPixels) => {
      const k = num(c.args[2], 1);
      return outPixels * (c.args[1] as number[]).reduce((sum, x) => sum + x, 0) * Math.floor(c1Of(c) / num(c.args[5], 1)) * k * k;
    },
  },
  /** `CBFuse(idx)`: picks part `idx[i]` of each CBLinear, resizes it to the last input and sums. */
  CBFuse: {
    signature: { names: ['idx'], required: 1 },
    family: 'cbFuse',
    multiInput: true,
    output: (c) => {
      const last = c.inputs[c.inputs.length - 1];
      return { channels: last.channels, h: last.h, w: last.w };
    },
    params: () => 0,
    leaves: () => ONE_LAYER,
    // Interpolation and a sum: functional, not counted by thop.
    macs: () => 0,
  },
  A2C2f: base({
    signature: { names: ['c1', 'c2', 'n', 'a2', 'area', 'residual', 'mlp_ratio', 'e', 'g', 'shortcut'], required: 2 },
    repeats: true,
    output: same,
    // The Convs, and gamma (c2 weights) where a2 and residual.
    params: (c) => convsParams(a2c2fConvs(c)) + (a2(c) && truthy(c.args[5]) ? c2Of(c) : 0),
    // cv1, cv2, and per block two ABlocks of five Convs (three with act=False) or a C3k (three Convs, two Bottlenecks).
    leaves: (c) => convLeaves(4 + num(c.args[2], 1) * (a2(c) ? 28 : 14)),
    // thop counts the Convs only, not the attention's matmuls; the area split needs H·W divisible by area.
    macs: (c, pixels) => {
      const area = num(c.args[4], 1);
      return a2(c) && area > 1 && pixels[0] % area !== 0 ? null : pixels[0] * convsMacsPerPixel(a2c2fConvs(c));
    },
  }),
  C2fCIB: base({
    signature: { names: ['c1', 'c2', 'n', 'shortcut', 'lk', 'g', 'e'], required: 2 },
    repeats: true,
    output: same,
    params: (c) => convsParams(c2fCibConvs(c)),
    // cv1, cv2, and per CIB five Convs; with lk the third is a RepVGGDW (two Convs with act=False and its own nn.SiLU).
    leaves: (c) => convLeaves(4 + num(c.args[2], 1) * (truthy(c.args[4]) ? 15 : 10)),
    macs: (c, pixels) => pixels[0] * convsMacsPerPixel(c2fCibConvs(c)),
  }),
  RepC3: base({
    signature: { names: ['c1', 'c2', 'n', 'e'], required: 2 },
    repeats: true,
    output: same,
    params: (c) => convsParams(repC3Convs(c)),
    // cv1, cv2, per RepConv two Convs with act=False (RepConv.default_act shared), and cv3 or an nn.Identity.
    leaves: (c) => ({ own: 4 + 6 * num(c.args[2], 3) + (Math.floor(c2Of(c) * num(c.args[3], 1)) === c2Of(c) ? 1 : 2), shared: ['Conv', 'RepConv'] }),
    macs: (c, pixels) => pixels[0] * convsMacsPerPixel(repC3Convs(c)),
  }),
  /** `HGStem(c1, cm, c2)`: two stride-2 Convs, `ceil(ceil(H/2)/2)`; the 2×2 Convs and pooling between them pad to keep the size. */
  HGStem: {
    signature: { names: ['c1', 'cm', 'c2'], required: 3 },
    family: 'hgBlock',
    output: (c, c2) => {
      const size = (x: Size): Size => convSize(c.algebra, convSize(c.algebra, x, 3, 2, 1), 3, 2, 1);
      return { channels: c2, h: size(c.inputs[0].h), w: size(c.inputs[0].w) };
    },
    params: (c) => {
      const { half, quarter } = hgStemConvs(c);
      return convsParams([...half, ...quarter]);
    },
    // Five Convs with their own ReLU each, and the MaxPool2d.
    leaves: () => ({ own: 5 * 3 + 1, shared: [] }),
    // stem1, stem2a, stem2b at ceil(H/2)·ceil(W/2) (the pads keep that size), stem3 and stem4 at the output's pixels.
    macs: (c, _pixels, outPixels, sides) => {
      const { half, quarter } = hgStemConvs(c);
      const [h, w] = sides[0].map((x) => Math.ceil(x / 2));
      return h * w * convsMacsPerPixel(half) + outPixels * convsMacsPerPixel(quarter);
    },
  },
  /** `HGBlock(c1, cm, c2, k, n, lightconv, shortcut)`, written `[cm, c2, k, lightconv, shortcut]` with the repeats as n. */
  HGBlock: {
    signature: { names: ['c1', 'cm', 'c2', 'k', 'n', 'lightconv', 'shortcut', 'act'], required: 3 },
    family: 'hgBlock',
    repeats: true,
    output: same,
    params: (c) => convsParams(hgBlockConvs(c)),
    // Per block a Conv, or a LightConv (a Conv with act=False, a DWConv); sc and ec; all share the default ReLU.
    leaves: (c) => ({ own: num(c.args[4], 6) * (truthy(c.args[5]) ? 3 + 2 : 2) + 4, shared: ['HGBlock'] }),
    macs: (c, pixels) => pixels[0] * convsMacsPerPixel(hgBlockConvs(c)),
  },
  /** `AIFI(c1, cm, num_heads)`: a transformer encoder layer over the H·W positions. */
  AIFI: {
    signature: { names: ['c1', 'cm', 'num_heads', 'dropout', 'act', 'normalize_before'], required: 1 },
    family: 'aifi',
    output: same,
    params: aifiParams,
    // The attention's out_proj, two Linear, two LayerNorm and three Dropout; the default GELU is shared.
    leaves: () => ({ own: 8, shared: ['AIFI'] }),
    // Per position fc1 and fc2 (thop: in_features per output element) and two LayerNorms of 4 per element;
    // thop has no rule for nn.MultiheadAttention's own type nor for its out_proj (a subclass of nn.Linear).
    macs: (c, pixels) => pixels[0] * (2 * c1Of(c) * num(c.args[1], 2048) + 8 * c1Of(c)),
  },
  C2fAttn: base({
    signature: { names: ['c1', 'c2', 'n', 'ec', 'nh', 'gc', 'shortcut', 'g', 'e'], required: 2 },
    repeats: true,
    output: same,
    // The Convs, the attention's Linear(gc, ec) and its nh biases.
    params: (c) => convsParams(c2fAttnConvs(c)) + (num(c.args[5], 512) + 1) * num(c.args[3], 128) + num(c.args[4], 1),
    // cv1, cv2, per Bottleneck two Convs; the attention's ec Conv (act=False) unless c == ec, its Linear and proj_conv (act=False).
    leaves: (c) => convLeaves(4 + 4 * num(c.args[2], 1) + (Math.floor(c2Of(c) * num(c.args[8], 0.5)) === num(c.args[3], 128) ? 0 : 3) + 1 + 3),
    areaIndependentMacs: true,
    // The Convs at the input's pixels and the guide's Linear over the text features (gc per output element); the max-sigmoid einsum is not counted.
    macs: (c, pixels) => pixels[0] * convsMacsPerPixel(c2fAttnConvs(c)) + num(c.args[5], 512) * WORLD_TEXT_EMBEDDINGS * num(c.args[3], 128),
  }),
  /**
   * `ImagePoolingAttn(ec, ch, ct=512, nh=8, k=3, scale)`: it returns the text embeddings
   * `[1, texts, ct]`, updated from k×k pools of its inputs; the texts are not in the file.
   */
  ImagePoolingAttn: {
    signature: { names: ['ec', 'ch', 'ct', 'nh', 'k', 'scale'], required: 0 },
    family: 'head',
    multiInput: true,
    output: (c, c2) => ({ channels: c2, h: noSize, w: noSize, shape: [1, unknownSize('ImagePoolingAttn returns the text embeddings: how many texts is not in the file'), num(c.args[2], 512)] }),
    params: imagePoolingParams,
    // LayerNorm and Linear of query, key and value, the proj Linear, and per level a conv and an AdaptiveMaxPool2d.
    leaves: (c) => ({ own: 7 + 2 * (Array.isArray(c.args[1]) ? c.args[1].length : 0), shared: [] }),
    areaIndependentMacs: true,
    // The 1×1 convs at each input's pixels; on the placeholder text features query's LayerNorm and Linear and proj;
    // on the k² pooled patches per input key's and value's LayerNorm and Linear. The attention's einsums are not counted.
    macs: (c, pixels) => {
      const channels = c.args[1];
      if (!Array.isArray(channels)) return null;
      const [ec, ct, k] = [num(c.args[0], 256), num(c.args[2], 512), num(c.args[4], 3)];
      const patches = k * k * channels.length;
      const projections = (channels as number[]).reduce((total, x, i) => total + pixels[i] * x * ec, 0);
      return projections + WORLD_TEXT_EMBEDDINGS * (4 * ct + 2 * ct * ec) + 2 * patches * (4 * ec + ec * ec);
    },
  },
  /** 8.3's `WorldDetect(nc, embed, with_bn, ch)`: its class scores are per text, which the file does not hold. */
  WorldDetect: {
    signature: { names: ['nc', 'embed', 'with_bn', 'ch'], required: 0 },
    frozenParams: () => 16,
    family: 'head',
    multiInput: true,
    output: (c) => ({ channels: 0, h: noSize, w: noSize, shape: [1, unknownSize('WorldDetect scores each text given at run time: 4 + the number of texts'), anchors(c.inputs)] }),
    params: (c) => worldDetectParams(num(c.args[0], 80), num(c.args[1], 512), truthy(c.args[2]), channelList(c.args), 16),
    leaves: (c) => worldDetectLeaves(channelList(c.args)),
    macs: (c, pixels) => worldDetectMacs(head83(c.args), c, pixels),
  },
  /**
   * `v10Detect(nc, ch)`: an end-to-end Detect whose class branches are the depthwise ones at any
   * `legacy`; one-to-one copies of both branches (each copy has its own activation).
   */
  v10Detect: {
    signature: { names: ['nc', 'ch'], required: 0 },
    frozenParams: () => 16,
    family: 'head',
    multiInput: true,
    output: (c) => endToEndOutput(c.inputs, 0),
    params: (c) => 16 + 2 * detectBranches(num(c.args[0], 80), channelList(c.args), false, 16),
    leaves: (c) => convLeaves(1 + 2 * channelList(c.args).length * 14 + 2),
    // Both copies of the branches run at inference (the one-to-one on detached features), the DFL once.
    macs: (c, pixels) => detectMacs(num(c.args[0], 80), channelList(c.args), false, pixels, 16, 2),
  },
  'nn.ConvTranspose2d': base({
    signature: { names: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'output_padding', 'groups', 'bias', 'dilation', 'padding_mode'], required: 3 },
    output: (c, c2) => {
      const { args, inputs } = c;
      const k = num(args[2], 1);
      const s = num(args[3], 1);
      const p = num(args[4], 0);
      const op = num(args[5], 0);
      const d = num(args[8], 1);
      const whole = [k, s, p, op, d].every(Number.isSafeInteger) && k >= 1 && s >= 1 && d >= 1 && p >= 0 && op >= 0;
      const size = (x: Size): Size =>
        whole ? transposedConvOutputExpr(c.algebra, x, { kernel: k, stride: s, padBegin: p, padEnd: p, dilation: d }, op) : unknownSize(`kernel ${k}, stride ${s}, padding ${p}, output_padding ${op}, dilation ${d} is not a transposed convolution PyTorch builds`);
      return { channels: c2, h: size(inputs[0].h), w: size(inputs[0].w) };
    },
    params: (c) => {
      const k = num(c.args[2], 1);
      const groups = num(c.args[6], 1);
      const bias = c.args[7] === false ? 0 : c2Of(c);
      return (c1Of(c) * (c2Of(c) / groups) * k * k) + bias;
    },
    leaves: () => ONE_LAYER,
    // thop counts a transposed convolution as a convolution: per output element (c_in // g)·k², no bias.
    macs: (c, _pixels, outPixels) => {
      const k = num(c.args[2], 1);
      return outPixels * c2Of(c) * Math.floor(c1Of(c) / num(c.args[6], 1)) * k * k;
    },
  }),
};

/** How far ConvLens knows a module it has no parameter formula for yet. */
export interface PartialRule {
  family: Family;
  repeats?: boolean;
  multiInput?: boolean;
  /** The module keeps H and W (ULTRALYTICS.md); otherwise the size after it is unknown. */
  keepsSize?: boolean;
}

/** YOLOv5's anchors per level: `anchors[0].length / 2`, or the number written. */
function anchorCount(anchorsArg: unknown): number {
  return Array.isArray(anchorsArg) ? Math.floor((anchorsArg[0] as unknown[]).length / 2) : num(anchorsArg, 3);
}

/** YOLOv5's `Detect(nc, anchors, ch)`: one biased 1×1 conv per level; inference output `[1, Σ na·H·W, nc + 5]`. */
const v5Head = (extra: (args: unknown[]) => number, proto?: (args: unknown[], channels: number[]) => number): ModuleRule => ({
  family: 'head',
  multiInput: true,
  output: (c) => {
    const na = anchorCount(c.args[1]);
    const cells = anchors(c.inputs);
    const no = num(c.args[0], 80) + 5 + extra(c.args);
    return { channels: no, h: noSize, w: noSize, shape: [1, Number.isSafeInteger(na) ? c.algebra.mul(cells, na) : unknownSize(`${na} anchors per level is not a whole number`), no] };
  },
  params: (c) => {
    const channels = channelList(c.args);
    const out = anchorCount(c.args[1]) * (num(c.args[0], 80) + 5 + extra(c.args));
    return channels.reduce((sum, x) => sum + (x + 1) * out, 0) + (proto ? proto(c.args, channels) : 0);
  },
  // An nn.Conv2d per level; Segment's Proto: three Convs and an nn.Upsample.
  leaves: (c) => (proto ? convLeaves(channelList(c.args).length + 7) : { own: channelList(c.args).length, shared: [] }),
});

/** Where YOLOv5's modules differ from Ultralytics' of the same name (`models/common.py`, `models/yolo.py`). */
export const YOLOV5_MODULES: Readonly<Record<string, ModuleRule>> = {
  ...MODULES,
  Bottleneck: base({
    output: same,
    params: v5BottleneckParams,
    leaves: () => convLeaves(4),
    macs: convBlockMacs(v5BottleneckParams, (c) => Math.floor(c2Of(c) * num(c.args[4], 0.5)) + c2Of(c)),
  }),
  Detect: v5Head(() => 0),
  Segment: v5Head(
    (args) => num(args[2], 32),
    (args, channels) => {
      const npr = num(args[3], 256);
      return convParams(channels[0], npr, 3) + convParams(npr, npr, 3) + convParams(npr, num(args[2], 32));
    },
  ),
};

/**
 * Modules Ultralytics has but ConvLens has no parameter formula for yet: their output channels
 * follow `parse_model`'s family (so later rows stay right); parameters are unknown.
 */
export const PARTIAL_MODULES: Readonly<Record<string, PartialRule>> = {
  C3x: { family: 'base', repeats: true, keepsSize: true },
  C2fPSA: { family: 'base', repeats: true, keepsSize: true },
  BottleneckCSP: { family: 'base', repeats: true, keepsSize: true },
  C1: { family: 'base', repeats: true, keepsSize: true },
  C3TR: { family: 'base', repeats: true, keepsSize: true },
  TorchVision: { family: 'torchVision' },
  Index: { family: 'torchVision' },
  GhostBottleneck: { family: 'base' },
  Focus: { family: 'base' },
  ConvTranspose: { family: 'base' },
  DWConvTranspose2d: { family: 'base' },
};

/** What every 8.4 detection head shares: its signature `nc, …, reg_max, end2end, ch`, the DFL's frozen weights, and its output with `extra` values per box. */
const head84Rule = (names: readonly string[], extra: (args: unknown[]) => number) => ({
  signature: { names: ['nc', ...names, 'reg_max', 'end2end', 'ch'], required: 0 },
  frozenParams: (c: BuildContext) => dflParams(head84(c.args).regMax),
  family: 'head' as const,
  multiInput: true,
  output: head84Output(extra),
});

/** Pose's values per box, `kpt_shape`'s product. */
const keypointValues = (args: unknown[]): number => kptShape(args[1])[0] * kptShape(args[1])[1];

/**
 * 8.4's `Segment(nc, nm, npr, reg_max, end2end, ch)` with its mask prototypes (`Proto` or
 * `Proto26`, their parameters, layers and multiply-adds at inference): Detect's, the
 * mask-coefficient branch per copy (its copy: one activation) and the prototypes once.
 */
function segment84(
  protoParamsOf: (head: Head84, npr: number, nm: number) => number,
  protoLeavesOf: (head: Head84) => number,
  protoMacsOf: (head: Head84, npr: number, nm: number, pixels: readonly number[]) => number,
): ModuleRule {
  const sizes = (c: BuildContext) => {
    const head = head84(c.args);
    const nm = num(c.args[1], 32);
    return { head, nm, npr: num(c.args[2], 256), width: extraWidth(head.channels, nm) };
  };
  return {
    ...head84Rule(['nm', 'npr'], (args) => num(args[1], 32)),
    params: (c) => {
      const { head, nm, npr, width } = sizes(c);
      return head84Params(head, c.legacy, extraBranch(head.channels, width, nm), protoParamsOf(head, npr, nm));
    },
    leaves: (c) => {
      const head = head84(c.args);
      return head84Leaves(head, c.legacy, 5, 3, protoLeavesOf(head));
    },
    macs: (c, pixels) => {
      const { head, nm, npr, width } = sizes(c);
      return head84Macs(head, c.legacy, pixels, extraBranchMacs(head.channels, width, nm, pixels), protoMacsOf(head, npr, nm, pixels));
    },
  };
}

/** 8.4's `OBB(nc, ne, reg_max, end2end, ch)`. */
const OBB_8_4: ModuleRule = {
  ...head84Rule(['ne'], (args) => num(args[1], 1)),
  params: (c) => {
    const head = head84(c.args);
    const ne = num(c.args[1], 1);
    return head84Params(head, c.legacy, extraBranch(head.channels, extraWidth(head.channels, ne), ne), 0);
  },
  leaves: (c) => head84Leaves(head84(c.args), c.legacy, 5, 3, 0),
  // Per copy the angle branch.
  macs: (c, pixels) => {
    const head = head84(c.args);
    const ne = num(c.args[1], 1);
    return head84Macs(head, c.legacy, pixels, extraBranchMacs(head.channels, extraWidth(head.channels, ne), ne, pixels), 0);
  },
};

/**
 * Where Ultralytics 8.4.60's modules differ from 8.3.166's (`ultralytics/nn/modules/{block,head}.py`),
 * and its new ones: the detection heads take `reg_max, end2end`; `SPPF(c1, c2, k, n, shortcut)`
 * with an `act=False` cv1; `C3k2`'s sixth argument is `attn` (a Bottleneck and a PSABlock per
 * block) where 8.3 has `g`; PSA's heads are at least one; YOLO26's Segment26, Pose26, OBB26 and
 * SemanticSegment.
 */
export const MODULES_8_4: Readonly<Record<string, ModuleRule>> = {
  ...MODULES,
  /** 8.4's parse_model gives v10Detect its own branch: the channel list only, no `reg_max, end2end`. */
  v10Detect: { ...MODULES.v10Detect, family: 'channelList' },
  ...yoloeHeads(head84, ['reg_max', 'end2end'], protoMacsByInput),
  /** 8.4's RTDETRDecoder: post-processed boxes `[x1, y1, x2, y2, score, class]`; its MLPs have an `out_norm`. */
  RTDETRDecoder: rtDetrDecoder(2, () => 6),
  /** 8.4's parse_model inserts ImagePoolingAttn's channel list as its second argument. */
  ImagePoolingAttn: { ...MODULES.ImagePoolingAttn, family: 'channelsSecond' },
  WorldDetect: {
    ...MODULES.WorldDetect,
    signature: { names: ['nc', 'embed', 'with_bn', 'reg_max', 'end2end', 'ch'], required: 0 },
    frozenParams: (c) => dflParams(head84(c.args).regMax),
    params: (c) => {
      const head = head84(c.args);
      const copied = (head.copies - 1) * detectBranches(head.nc, head.channels, c.legacy, head.regMax);
      return worldDetectParams(head.nc, num(c.args[1], 512), truthy(c.args[2]), head.channels, head.regMax) + copied;
    },
    // The one-to-one copies: Detect's box and class branches, each copy with its own activation.
    leaves: (c) => {
      const head = head84(c.args);
      const world = worldDetectLeaves(head.channels);
      return { ...world, own: world.own + (head.copies - 1) * (head.channels.length * (5 + (c.legacy ? 5 : 9)) + 2) };
    },
    macs: (c, pixels) => worldDetectMacs(head84(c.args), c, pixels),
  },
  SPPF: base({
    signature: { names: ['c1', 'c2', 'k', 'n', 'shortcut'], required: 2 },
    output: same,
    params: sppf84Params,
    // cv1 (act=False), cv2 and the MaxPool2d.
    leaves: () => convLeaves(3 + 2 + 1),
    // As 8.3's: the two Convs' weights and BatchNorms at H×W; pooling and the shortcut's sum are not counted.
    macs: convBlockMacs(sppf84Params, (c) => Math.floor(c1Of(c) / 2) + c2Of(c)),
  }),
  C3k2: base({
    signature: { names: ['c1', 'c2', 'n', 'c3k', 'e', 'attn', 'g', 'shortcut'], required: 2 },
    repeats: true,
    output: same,
    params: c3k2Params84,
    // cv1, cv2, and per block a Bottleneck and a PSABlock (qkv, proj, pe and the second ffn Conv with act=False), a C3k or a Bottleneck.
    leaves: (c) => convLeaves(4 + num(c.args[2], 1) * (truthy(c.args[5]) ? 4 + 14 : c.args[3] === true ? 14 : 4)),
    // Attention blocks: cv1 (2c), cv2 (c2), and per block a Bottleneck (c/2, c) and a PSABlock (qkv, proj, pe, the ffn's 2c and c).
    macs: (c, pixels, ...rest) => {
      if (!truthy(c.args[5])) return MODULES.C3k2.macs!(c, pixels, ...rest);
      const hidden = Math.floor(c2Of(c) * num(c.args[4], 0.5));
      const heads = Math.max(Math.floor(hidden / 64), 1);
      const keyDim = Math.floor(Math.floor(hidden / heads) * 0.5);
      const block = Math.floor(hidden * 0.5) + hidden + (hidden + 2 * keyDim * heads) + hidden + hidden + 2 * hidden + hidden;
      return convBlockMacs(c3k2Params84, () => 2 * hidden + c2Of(c) + num(c.args[2], 1) * block)(c, pixels);
    },
  }),
  PSA: base({
    ...MODULES.PSA,
    params: (c) => {
      const hidden = Math.floor(c1Of(c) * num(c.args[2], 0.5));
      return convParams(c1Of(c), 2 * hidden) + convParams(2 * hidden, c1Of(c)) + psaBlock(hidden, Math.max(Math.floor(hidden / 64), 1));
    },
    macs: (c, ...rest) => (Math.floor(c1Of(c) * num(c.args[2], 0.5)) >= 64 ? MODULES.PSA.macs!(c, ...rest) : null),
  }),
  Detect: {
    ...head84Rule([], () => 0),
    params: (c) => head84Params(head84(c.args), c.legacy, 0, 0),
    // The one-to-one copies of cv2 and cv3.
    leaves: (c) => head84Leaves(head84(c.args), c.legacy, 0, 2, 0),
    macs: (c, pixels) => head84Macs(head84(c.args), c.legacy, pixels, 0, 0),
  },
  Segment: segment84(
    (head, npr, nm) => protoParams(head.channels[0], npr, nm),
    () => 7,
    // Its transposed conv counted per input element (thop ≥ 2.0.17).
    (head, npr, nm, pixels) => protoMacsByInput(head.channels[0], npr, nm, pixels[0]),
  ),
  /** Segment with `Proto26(ch, npr, nm, nc)`. */
  Segment26: segment84(proto26Params, proto26Leaves, (head, npr, nm, pixels) => proto26Macs(head.channels, npr, nm, pixels)),
  Pose: {
    ...head84Rule(['kpt_shape'], keypointValues),
    params: (c) => {
      const head = head84(c.args);
      const nk = keypointValues(c.args);
      return head84Params(head, c.legacy, extraBranch(head.channels, extraWidth(head.channels, nk), nk), 0);
    },
    leaves: (c) => head84Leaves(head84(c.args), c.legacy, 5, 3, 0),
    macs: (c, pixels) => {
      const head = head84(c.args);
      const nk = keypointValues(c.args);
      return head84Macs(head, c.legacy, pixels, extraBranchMacs(head.channels, extraWidth(head.channels, nk), nk, pixels), 0);
    },
  },
  /**
   * `Pose26`: Pose with, per level, two 3×3 Convs to `c4 = max(ch[0] // 4, kpts · (dims + 2))`
   * and two biased 1×1 convs, to the keypoints and to their sigmas (`2 · kpts`), and a RealNVP.
   */
  Pose26: {
    ...head84Rule(['kpt_shape'], keypointValues),
    params: (c) => {
      const head = head84(c.args);
      const [keypoints, dims] = kptShape(c.args[1]);
      const c4 = Math.max(Math.floor(head.channels[0] / 4), keypoints * (dims + 2));
      const perCopy = head.channels.reduce((total, x) => total + convParams(x, c4, 3) + convParams(c4, c4, 3) + (c4 + 1) * keypoints * dims + (c4 + 1) * 2 * keypoints, 0);
      return head84Params(head, c.legacy, perCopy, REAL_NVP.params);
    },
    // Per level two Convs and two nn.Conv2d; the copy of the Convs has its own activation.
    leaves: (c) => head84Leaves(head84(c.args), c.legacy, 6, 3, REAL_NVP.leaves),
    // At inference per copy the two Convs and the keypoint conv; the sigma convs and the RealNVP serve only the loss.
    macs: (c, pixels) => {
      const head = head84(c.args);
      const [keypoints, dims] = kptShape(c.args[1]);
      const c4 = Math.max(Math.floor(head.channels[0] / 4), keypoints * (dims + 2));
      const branch = head.channels.reduce((total, x, i) => total + pixels[i] * (convMacsPerPixel(x, c4, 3) + convMacsPerPixel(c4, c4, 3) + c4 * keypoints * dims), 0);
      return head84Macs(head, c.legacy, pixels, branch, 0);
    },
  },
  OBB: OBB_8_4,
  /** `OBB26`: OBB built alike; only its forward differs (raw angles). */
  OBB26: OBB_8_4,
  'nn.ConvTranspose2d': base({
    ...MODULES['nn.ConvTranspose2d'],
    // thop 2.0.17 and later (8.4 asks for ≥ 2.0.18) count a transposed convolution per input element: (c_out // g)·k², no bias.
    macs: (c, pixels) => {
      const k = num(c.args[2], 1);
      return pixels[0] * c1Of(c) * Math.floor(c2Of(c) / num(c.args[6], 1)) * k * k;
    },
  }),
  /** `SemanticSegment(nc, ch)`: per-pixel classes on the first level (a 3×3 Conv, a biased 1×1 conv), an auxiliary pair on the second. */
  SemanticSegment: {
    signature: { names: ['nc', 'ch'], required: 0 },
    family: 'channelList',
    multiInput: true,
    output: (c) => ({ channels: num(c.args[0], 19), h: c.inputs[0].h, w: c.inputs[0].w }),
    params: (c) => {
      const [first, second] = channelList(c.args);
      const nc = num(c.args[0], 19);
      const classifier = (x: number): number => convParams(x, first, 3) + (first + 1) * nc;
      return classifier(first) + (second === undefined ? 0 : classifier(second));
    },
    leaves: (c) => convLeaves(channelList(c.args).length > 1 ? 6 : 3),
    // At inference only the classifier on the first level; the auxiliary pair serves the loss.
    macs: (c, pixels) => {
      const [first] = channelList(c.args);
      return pixels[0] * (convMacsPerPixel(first, first, 3) + first * num(c.args[0], 19));
    },
  },
};
