// Fuzz seed: a functional TF.js graph with named imports, aliases, const arithmetic and spreads.
import { input, layers as L, model } from '@tensorflow/tfjs';

const SIZE = 16;
const SHAPE = [SIZE, SIZE, 3] as const;
const BASE = { kernelSize: 3, padding: 'same' };

const x = input({ shape: [...SHAPE] });
const down = L.conv2d({ ...BASE, filters: 8, strides: 2 }).apply(x);
const up = L.conv2dTranspose({ filters: 3, kernelSize: 2 ** 2, strides: Math.max(1, 2), padding: 'same' }).apply(down);
const merged = L.concatenate({ axis: -1 }).apply([x, up]);
const head = L.conv2d({ filters: SIZE / 4, kernelSize: 1 }).apply(merged);
export const net = model({ inputs: x, outputs: head });
