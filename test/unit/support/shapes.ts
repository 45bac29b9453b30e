/** Shapes for hand-built results: written as the CLI's JSON writes them, read as tagged dimensions. */
import { UNKNOWN_TEXT, knownDim, symbolDim, unknownDim, type Shape, type UnknownReason } from '../../../src/core/dims';

/** The reason every `?` of {@link shapeOf} carries (a test's stand-in). */
export const TEST_REASON: UnknownReason = { because: 'a test says so', span: { start: 0, end: 0 } };

/** `['N', 512, 4, '?']` as dimensions: numbers known, `?` unknown (for {@link TEST_REASON}), other strings symbols. */
export function shapeOf(dims: readonly (number | string)[]): Shape {
  return dims.map((dim) => (typeof dim === 'number' ? knownDim(dim) : dim === UNKNOWN_TEXT ? unknownDim(TEST_REASON) : symbolDim(dim)));
}
