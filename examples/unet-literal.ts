/**
 * A small U-Net (PyTorch layers) written as a ConvLens model object in TypeScript. ConvLens reads
 * the object literal (it never runs this file); `defineModel` only gives the object a name.
 *
 * Expected shapes (NCHW; Conv2d k3 p1 keeps the size, MaxPool2d k2 halves it, ConvTranspose2d
 * k2 s2: o = (i − 1)·2 + 2 = 2i):
 *   enc1 [N, 16, 64, 64] → pool1 [N, 16, 32, 32] → enc2 [N, 32, 32, 32] → pool2 [N, 32, 16, 16]
 *   → bottleneck [N, 64, 16, 16] → up2 [N, 32, 32, 32] → concat with enc2 [N, 64, 32, 32]
 *   → dec2 [N, 32, 32, 32] → up1 [N, 16, 64, 64] → concat with enc1 [N, 32, 64, 64]
 *   → dec1 [N, 16, 64, 64] → head [N, 2, 64, 64]
 */
const BASE = 16;
const CLASSES = 2;

function defineModel<T>(model: T): T {
  return model;
}

export const unet = defineModel({
  name: 'unet-small',
  framework: 'pytorch',
  input: ['N', 3, 64, 64],
  layers: [
    { type: 'Conv2d', name: 'enc1', out_channels: BASE, kernel_size: 3, padding: 1 },
    { type: 'ReLU', name: 'enc1_act' },
    { type: 'MaxPool2d', name: 'pool1', kernel_size: 2 },
    { type: 'Conv2d', name: 'enc2', out_channels: BASE * 2, kernel_size: 3, padding: 1 },
    { type: 'ReLU', name: 'enc2_act' },
    { type: 'MaxPool2d', name: 'pool2', kernel_size: 2 },
    { type: 'Conv2d', name: 'bottleneck', out_channels: BASE * 4, kernel_size: 3, padding: 1 },
    { type: 'ReLU' },
    { type: 'ConvTranspose2d', name: 'up2', out_channels: BASE * 2, kernel_size: 2, stride: 2 },
    { type: 'Concat', name: 'skip2', from: ['up2', 'enc2_act'] },
    { type: 'Conv2d', name: 'dec2', out_channels: BASE * 2, kernel_size: 3, padding: 1 },
    { type: 'ReLU' },
    { type: 'ConvTranspose2d', name: 'up1', out_channels: BASE, kernel_size: 2, stride: 2 },
    { type: 'Concat', name: 'skip1', from: ['up1', 'enc1_act'] },
    { type: 'Conv2d', name: 'dec1', out_channels: BASE, kernel_size: 3, padding: 1 },
    { type: 'ReLU' },
    { type: 'Conv2d', name: 'head', out_channels: CLASSES, kernel_size: 1, expect: ['N', CLASSES, 64, 64] },
  ],
} as const);
