// The kernel's WebAssembly SIMD backend (AssemblyScript). The host (src/core/kernel/wasmBackend.ts)
// owns the memory layout: it plans the phases, packs the weights and lays out every buffer above
// heapBase(); these functions only run the hot loops of one phase. All sizes are in f32 elements,
// all pointers in bytes.

/** Output channels per tile (rows of the packed weights). */
const TILE_ROWS = 4;
/** Output columns per tile: two f32x4 vectors. */
const TILE_COLUMNS = 8;
/** Floats of packed input kept together so a panel stays in the L2 cache. */
const PANEL_FLOATS = 32768;

/** First byte the host may use. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Copies the input columns of `tiles` consecutive tiles into a panel laid out [tile][k][8], so
 * that the GEMM reads it sequentially. Tile j covers 8 positions of one output row of the phase.
 */
function packPanel(
  firstTile: i32,
  tiles: i32,
  tilesPerRow: i32,
  countY: i32,
  depth: i32,
  offsets: usize,
  input: usize,
  strideZ: i32,
  strideY: i32,
  stepX: i32,
  panel: usize,
): void {
  let out = panel;
  for (let j = firstTile; j < firstTile + tiles; j++) {
    const row = j / tilesPerRow;
    const qx = (j - row * tilesPerRow) * TILE_COLUMNS;
    const qz = row / countY;
    const qy = row - qz * countY;
    const base = input + (<usize>(qz * strideZ + qy * strideY + qx * stepX) << 2);
    if (stepX == 1) {
      for (let k = 0; k < depth; k++) {
        const from = base + (<usize>load<i32>(offsets + (<usize>k << 2)) << 2);
        v128.store(out, v128.load(from));
        v128.store(out, v128.load(from, 16), 16);
        out += 32;
      }
    } else {
      const step = <usize>stepX << 2;
      for (let k = 0; k < depth; k++) {
        let from = base + (<usize>load<i32>(offsets + (<usize>k << 2)) << 2);
        for (let c = 0; c < TILE_COLUMNS; c++) {
          store<f32>(out, load<f32>(from));
          from += step;
          out += 4;
        }
      }
    }
  }
}

/** C[4 rows, 8 columns] = A-block · panel tile over the whole reduction, in registers. */
// @ts-ignore: decorator
@inline
function microKernel(a: usize, b: usize, depth: i32, c: usize, columns: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < depth; k++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    const a1 = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    const a2 = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(a2, b0));
    c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    const a3 = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(a3, b0));
    c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    a += 16;
    b += 32;
  }
  const row = <usize>columns << 2;
  v128.store(c, c00);
  v128.store(c, c01, 16);
  c += row;
  v128.store(c, c10);
  v128.store(c, c11, 16);
  c += row;
  v128.store(c, c20);
  v128.store(c, c21, 16);
  c += row;
  v128.store(c, c30);
  v128.store(c, c31, 16);
}

/**
 * One phase of one group: product[co, q] = Σ_k packed[co, k] · input[offsets[k] + column(q)],
 * for `rowBlocks` blocks of 4 output channels and all columns (rows padded to 8).
 */
export function phaseGemm(
  packed: usize,
  rowBlocks: i32,
  depth: i32,
  offsets: usize,
  input: usize,
  countZ: i32,
  countY: i32,
  paddedColumns: i32,
  strideZ: i32,
  strideY: i32,
  stepX: i32,
  panel: usize,
  product: usize,
): void {
  const tilesPerRow = paddedColumns / TILE_COLUMNS;
  const totalTiles = countZ * countY * tilesPerRow;
  const columns = totalTiles * TILE_COLUMNS;
  const tileFloats = depth * TILE_COLUMNS;
  let panelTiles = tileFloats > 0 ? PANEL_FLOATS / tileFloats : totalTiles;
  if (panelTiles < 1) panelTiles = 1;
  for (let first = 0; first < totalTiles; first += panelTiles) {
    const tiles = min(panelTiles, totalTiles - first);
    packPanel(first, tiles, tilesPerRow, countY, depth, offsets, input, strideZ, strideY, stepX, panel);
    for (let block = 0; block < rowBlocks; block++) {
      const a = packed + (<usize>(block * depth * TILE_ROWS) << 2);
      const c = product + (<usize>(block * TILE_ROWS * columns + first * TILE_COLUMNS) << 2);
      for (let t = 0; t < tiles; t++) {
        microKernel(a, panel + (<usize>(t * tileFloats) << 2), depth, c + (<usize>(t * TILE_COLUMNS) << 2), columns);
      }
    }
  }
}

/**
 * Writes `rows` channels of a phase's product, plus bias, to their strided output positions:
 * output[channel·channelSize + qz·strideZ + qy·strideY + qx·stepX] for qx < countX.
 */
export function scatterPhase(
  product: usize,
  columns: i32,
  paddedColumns: i32,
  rows: i32,
  countZ: i32,
  countY: i32,
  countX: i32,
  output: usize,
  channelSize: i32,
  strideZ: i32,
  strideY: i32,
  stepX: i32,
  bias: usize,
  hasBias: bool,
): void {
  const step = <usize>stepX << 2;
  for (let co = 0; co < rows; co++) {
    const shift = hasBias ? load<f32>(bias + (<usize>co << 2)) : <f32>0;
    const shiftVector = f32x4.splat(shift);
    for (let qz = 0; qz < countZ; qz++) {
      for (let qy = 0; qy < countY; qy++) {
        let from = product + (<usize>(co * columns + (qz * countY + qy) * paddedColumns) << 2);
        let to = output + (<usize>(co * channelSize + qz * strideZ + qy * strideY) << 2);
        let qx = 0;
        if (stepX == 1) {
          for (; qx + 4 <= countX; qx += 4) {
            v128.store(to, f32x4.add(v128.load(from), shiftVector));
            from += 16;
            to += 16;
          }
        }
        for (; qx < countX; qx++) {
          store<f32>(to, load<f32>(from) + shift);
          from += 4;
          to += step;
        }
      }
    }
  }
}
