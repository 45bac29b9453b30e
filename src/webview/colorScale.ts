/** A perceptually uniform colour scale (viridis anchors) and the canvas drawing of scalar fields. */

// Viridis at t = 0, 1/8, …, 1 (matplotlib's published colormap values, rounded).
const ANCHORS: [number, number, number][] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [109, 205, 89],
  [253, 231, 37],
];

/** The colour of `t` in [0, 1] (clamped). */
export function colorAt(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (ANCHORS.length - 1);
  const low = Math.min(ANCHORS.length - 2, Math.floor(x));
  const f = x - low;
  const [a, b] = [ANCHORS[low], ANCHORS[low + 1]];
  return [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * f)) as [number, number, number];
}

export function cssColorAt(t: number): string {
  const [r, g, b] = colorAt(t);
  return `rgb(${r}, ${g}, ${b})`;
}

export interface Range {
  min: number;
  max: number;
}

export function rangeOf(data: Float32Array): Range {
  let min = Infinity;
  let max = -Infinity;
  for (const value of data) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return data.length ? { min, max } : { min: 0, max: 0 };
}

/** Position of `value` on the scale; a flat field sits in the middle. */
export function scalePosition(value: number, range: Range): number {
  return range.max > range.min ? (value - range.min) / (range.max - range.min) : 0.5;
}

/** Draws a row-major field of `rows × columns` values, one canvas pixel per value. */
export function drawField(canvas: HTMLCanvasElement, data: Float32Array, rows: number, columns: number, range: Range): void {
  canvas.width = columns;
  canvas.height = rows;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(columns, rows);
  for (let p = 0; p < rows * columns; p++) {
    const [r, g, b] = colorAt(scalePosition(data[p], range));
    image.data.set([r, g, b, 255], 4 * p);
  }
  context.putImageData(image, 0, 0);
}

/** A horizontal legend strip for the scale. */
export function drawLegend(canvas: HTMLCanvasElement): void {
  const width = 128;
  canvas.width = width;
  canvas.height = 1;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(width, 1);
  for (let x = 0; x < width; x++) image.data.set([...colorAt(x / (width - 1)), 255], 4 * x);
  context.putImageData(image, 0, 0);
}
