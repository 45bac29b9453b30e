/** A dense float32 tensor in row-major (C) order, NC… layout for activations. */
export interface Tensor {
  data: Float32Array;
  shape: number[];
}

/** A per-axis parameter: one value for every spatial axis, or one value per axis. */
export type AxisValue = number | number[];

/**
 * Options of {@link conv} and {@link convTranspose}, in PyTorch's terms (`F.conv2d`,
 * `F.conv_transpose2d`, `ConvTranspose2d.forward(x, output_size)`).
 */
export interface ConvOptions {
  /** One value per output channel. */
  bias?: Float32Array;
  stride?: AxisValue;
  padding?: AxisValue;
  /** Transposed convolution only; must stay below `max(stride, dilation)` per axis. */
  outputPadding?: AxisValue;
  dilation?: AxisValue;
  groups?: number;
  /**
   * Transposed convolution only: the wanted output size, spatial (`[H, W]`) or full
   * (`[N, C, H, W]`); it replaces `outputPadding` by `outputSize − minimum size` per axis.
   */
  outputSize?: number[];
  /**
   * Where to write the result: a Float32Array of exactly the output's length, sharing no memory
   * with the input or weight; the returned tensor's `data` is then this array. A caller that
   * computes again and again passes the same one and so touches no fresh memory (a fresh 12 MB
   * output per call cost several times the computation, in page faults and garbage collection).
   * Without it, every call returns a new array the caller owns.
   */
  out?: Float32Array;
}

/** One implementation of the two convolutions. */
export interface ConvKernel {
  /** `'js'` (runs everywhere) or `'wasm'` (WebAssembly SIMD). */
  readonly name: 'js' | 'wasm';
  /** PyTorch `conv_transpose{1,2,3}d`; weight `[C_in, C_out/groups, ...k]`. */
  convTranspose(x: Tensor, w: Tensor, opts?: ConvOptions): Tensor;
  /** PyTorch `conv{1,2,3}d`; weight `[C_out, C_in/groups, ...k]`. */
  conv(x: Tensor, w: Tensor, opts?: ConvOptions): Tensor;
}
