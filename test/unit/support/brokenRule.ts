/**
 * A planted bug: while `work` runs, PyTorch's `ReLU` builder throws, as a rule with a bug would.
 * The vocabulary is swapped and restored in place (it is data), so nothing in production exists
 * only for this test.
 */
import type { LayerEntry } from '../../../src/core/engine/canonical';
import { VOCABULARIES } from '../../../src/core/frameworks';

export const PLANTED_BUG = 'a planted bug in the ReLU rule';

export async function withBrokenReLU<T>(work: () => Promise<T>): Promise<T> {
  const layers = VOCABULARIES.pytorch.layers as Record<string, LayerEntry>;
  const original = layers.ReLU;
  layers.ReLU = {
    ...original,
    build: () => {
      throw new Error(PLANTED_BUG);
    },
  };
  try {
    return await work();
  } finally {
    layers.ReLU = original;
  }
}

/** Conv → ReLU → Conv: 8×8 with k3 s1 p1 keeps 8×8 (SEMANTICS.md, PyTorch convolution). */
export const CONV_RELU_CONV = `input: [1, 3, 8, 8]
layers:
  - type: Conv2d
    name: first
    out_channels: 4
    kernel_size: 3
    padding: 1
  - type: ReLU
    name: act
  - type: Conv2d
    name: last
    out_channels: 2
    kernel_size: 3
    padding: 1
`;
