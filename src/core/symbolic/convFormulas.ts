/**
 * The per-axis output-size formulas of convolution, transposed convolution and pooling on
 * symbolic sizes (the expression counterparts of `engine/convArithmetic.ts`; notation of
 * SEMANTICS.md: `k_eff = d·(k−1) + 1`).
 */
import type { Comparison, Operand, SymValue, SymbolicAlgebra } from './algebra';
import type { SymExpr } from './expression';

/** One axis of a convolution or pooling window. */
export interface WindowAxis {
  readonly kernel: number;
  readonly stride: number;
  readonly padBegin: number;
  readonly padEnd: number;
  readonly dilation: number;
}

function effectiveKernel({ kernel, dilation }: WindowAxis): number {
  return dilation * (kernel - 1) + 1;
}

/**
 * `floor((i + pb + pe − k_eff)/s) + 1` (PyTorch, ONNX NOTSET). With `ceilMode` the division
 * rounds up, and a last window that would start in the end padding is dropped (PyTorch/ONNX
 * pooling): with `c = ceil((i + pb + pe − k_eff)/s)` and `F = floor((i + pb − 1)/s)` (the last
 * window start inside input and begin padding), the output is `c + 1` when `c ≤ F`, else `c` —
 * that is `max(min(c, F) + 1, c)`, which the algebra reduces to `min(c, F) + 1` when `pe ≤ k_eff`.
 */
export function convOutputExpr(algebra: SymbolicAlgebra, input: Operand, axis: WindowAxis, ceilMode = false): SymValue {
  const span = algebra.add(input, axis.padBegin + axis.padEnd - effectiveKernel(axis));
  if (!ceilMode) return algebra.add(algebra.floorDiv(span, axis.stride), 1);
  const roundedUp = algebra.ceilDiv(span, axis.stride);
  const lastStart = algebra.floorDiv(algebra.add(input, axis.padBegin - 1), axis.stride);
  return algebra.max(algebra.add(algebra.min(roundedUp, lastStart), 1), roundedUp);
}

/** `(i − 1)·s − pb − pe + k_eff + op` (PyTorch `ConvTranspose`, ONNX with explicit pads). */
export function transposedConvOutputExpr(algebra: SymbolicAlgebra, input: Operand, axis: WindowAxis, outputPadding: number): SymValue {
  return algebra.add(algebra.mul(algebra.sub(input, 1), axis.stride), effectiveKernel(axis) - axis.padBegin - axis.padEnd + outputPadding);
}

/** Keras/TF `padding='same'`: `ceil(i/s)`. */
export function sameConvOutputExpr(algebra: SymbolicAlgebra, input: Operand, stride: number): SymValue {
  return algebra.ceilDiv(input, stride);
}

/** Keras/TF `padding='valid'`: `ceil((i − d·(k−1))/s)`. */
export function validConvOutputExpr(algebra: SymbolicAlgebra, input: Operand, axis: Pick<WindowAxis, 'kernel' | 'stride' | 'dilation'>): SymValue {
  return algebra.ceilDiv(algebra.sub(input, axis.dilation * (axis.kernel - 1)), axis.stride);
}

/**
 * For each `output_padding` below the framework's bound, whether the transposed convolution of
 * `input` matches `target` always, never, or for which values (`condition`): one that is `always`
 * is the quick fix; otherwise the conditions say which value fits which sizes (e.g. 0 for odd H,
 * 1 for even H).
 */
export function outputPaddingChoices(
  algebra: SymbolicAlgebra,
  input: SymExpr,
  axis: WindowAxis,
  bound: number,
  target: SymExpr,
): { outputPadding: number; comparison: Comparison }[] {
  return Array.from({ length: bound }, (_, outputPadding) => {
    const output = transposedConvOutputExpr(algebra, input, axis, outputPadding);
    const comparison: Comparison = output.kind === 'unknown' ? { kind: 'undecided', reason: output.reason } : algebra.equalWhen(output, target);
    return { outputPadding, comparison };
  });
}
