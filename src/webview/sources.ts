/** The preview's inputs and kernels: synthetic patterns, decoded images, classic upsampling kernels. */
import { seededRandom } from '../shared/seededRandom.mjs';

export type InputPattern = 'impulse' | 'constant' | 'checkerboard' | 'random' | 'image';
export type KernelKind = 'bilinear' | 'uniform' | 'random';

export const INPUT_PATTERNS: readonly { value: InputPattern; label: string }[] = [
  { value: 'impulse', label: 'Impulse (single 1 in the centre)' },
  { value: 'constant', label: 'Constant field (reveals uneven overlap)' },
  { value: 'checkerboard', label: 'Checkerboard' },
  { value: 'random', label: 'Random (seeded)' },
  { value: 'image', label: 'Image from the workspace' },
];

export const KERNEL_KINDS: readonly { value: KernelKind; label: string }[] = [
  { value: 'bilinear', label: 'Bilinear (FCN upsampling weights)' },
  { value: 'uniform', label: 'Uniform (all ones)' },
  { value: 'random', label: 'Random (seeded)' },
];

/** A grey-scale image in [0, 1], row-major. */
export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

function product(sizes: readonly number[]): number {
  return sizes.reduce((a, b) => a * b, 1);
}

/** Row-major coordinates of flat index `flat` in an array of `sizes`. */
export function unflatten(flat: number, sizes: readonly number[]): number[] {
  const coords = new Array<number>(sizes.length);
  for (let axis = sizes.length - 1; axis >= 0; axis--) {
    coords[axis] = flat % sizes[axis];
    flat = Math.floor(flat / sizes[axis]);
  }
  return coords;
}

/**
 * An input field of the given spatial sizes. `image` is resampled (nearest) to the sizes; without
 * one the image pattern is a constant field until the image arrives.
 */
export function makeInput(pattern: InputPattern, sizes: readonly number[], seed: number, image?: GreyImage): Float32Array {
  const data = new Float32Array(product(sizes));
  const random = seededRandom(seed);
  const centre = sizes.map((size) => Math.floor((size - 1) / 2));
  for (let flat = 0; flat < data.length; flat++) {
    const coords = unflatten(flat, sizes);
    switch (pattern) {
      case 'impulse':
        data[flat] = coords.every((c, axis) => c === centre[axis]) ? 1 : 0;
        break;
      case 'constant':
        data[flat] = 1;
        break;
      case 'checkerboard':
        data[flat] = coords.reduce((a, b) => a + b, 0) % 2 === 0 ? 1 : 0;
        break;
      case 'random':
        data[flat] = random();
        break;
      case 'image':
        data[flat] = image ? sampleImage(image, coords, sizes) : 1;
        break;
    }
  }
  return data;
}

function sampleImage(image: GreyImage, coords: number[], sizes: readonly number[]): number {
  const rows = sizes.length >= 2 ? sizes[sizes.length - 2] : 1;
  const cols = sizes[sizes.length - 1];
  const row = sizes.length >= 2 ? coords[coords.length - 2] : 0;
  const col = coords[coords.length - 1];
  const y = Math.min(image.height - 1, Math.floor(((row + 0.5) * image.height) / rows));
  const x = Math.min(image.width - 1, Math.floor(((col + 0.5) * image.width) / cols));
  return image.data[y * image.width + x];
}

/**
 * The 1-D bilinear upsampling filter of FCN (Long et al.; `get_upsampling_filter` / `bilinear_kernel`):
 * `factor = ceil(k/2)`, centre `factor − 1` (odd k) or `factor − 0.5` (even k), `w[t] = 1 − |t − centre| / factor`.
 */
export function bilinearTaps(kernel: number): number[] {
  const factor = Math.ceil(kernel / 2);
  const centre = kernel % 2 === 1 ? factor - 1 : factor - 0.5;
  return Array.from({ length: kernel }, (_, t) => 1 - Math.abs(t - centre) / factor);
}

/** A single-channel kernel of the given sizes; bilinear is the outer product of the 1-D filters. */
export function makeKernel(kind: KernelKind, sizes: readonly number[], seed: number): Float32Array {
  const data = new Float32Array(product(sizes));
  const random = seededRandom(seed ^ 0x9e3779b9);
  const taps = sizes.map(bilinearTaps);
  for (let flat = 0; flat < data.length; flat++) {
    switch (kind) {
      case 'uniform':
        data[flat] = 1;
        break;
      case 'random':
        data[flat] = random() * 2 - 1;
        break;
      case 'bilinear':
        data[flat] = unflatten(flat, sizes).reduce((acc, c, axis) => acc * taps[axis][c], 1);
        break;
    }
  }
  return data;
}

/** Decodes image bytes in the page (no network, no DOM image element) to grey levels in [0, 1]. */
export async function decodeImage(bytes: Uint8Array, maxSide: number): Promise<GreyImage> {
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]));
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2-D canvas context to decode the image.');
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const data = new Float32Array(width * height);
  for (let p = 0; p < data.length; p++) {
    // Rec. 709 luma.
    data[p] = (0.2126 * rgba[4 * p] + 0.7152 * rgba[4 * p + 1] + 0.0722 * rgba[4 * p + 2]) / 255;
  }
  return { width, height, data };
}
