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
 * Packs one group's weights for one phase as A[rowBlock][k][4], k = ci·taps + tap: the layout
 * of packWeights in src/core/kernel/plan.ts, whose fast twin this is.
 * Weights are [C_in, C_out/g, ...k] when `transposed`, else [C_out, C_in/g, ...k].
 */
export function packWeights(
  weights: usize,
  into: usize,
  inPerGroup: i32,
  outPerGroup: i32,
  transposed: bool,
  group: i32,
  kernelVolume: i32,
  taps: i32,
  kernelIndex: usize,
): void {
  const depth = inPerGroup * taps;
  for (let block = 0; block < outPerGroup; block += TILE_ROWS) {
    const end = min(block + TILE_ROWS, outPerGroup);
    for (let ci = 0; ci < inPerGroup; ci++) {
      for (let co = block; co < end; co++) {
        const filter = transposed
          ? ((group * inPerGroup + ci) * outPerGroup + co) * kernelVolume
          : ((group * outPerGroup + co) * inPerGroup + ci) * kernelVolume;
        const from = weights + (<usize>filter << 2);
        let to = into + (<usize>(block * depth + (co - block) + ci * taps * TILE_ROWS) << 2);
        for (let t = 0; t < taps; t++) {
          store<f32>(to, load<f32>(from + (<usize>load<i32>(kernelIndex + (<usize>t << 2)) << 2)));
          to += TILE_ROWS << 2;
        }
      }
    }
  }
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

/**
 * C[4 rows, 8 columns] = A-block · B-tile over the whole reduction, in registers. B comes from a
 * packed panel tile ([k][8], `direct` false) or straight from the padded input at
 * `b + offsets[k]` (`direct` true: contiguous columns, short reductions whose rows stay cached).
 */
// @ts-ignore: decorator
@inline
function microKernel(a: usize, b: usize, offsets: usize, direct: bool, depth: i32, c: usize, columns: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < depth; k++) {
    const from = direct ? b + (<usize>load<i32>(offsets + (<usize>k << 2)) << 2) : b;
    const b0 = v128.load(from);
    const b1 = v128.load(from, 16);
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
    if (!direct) b += 32;
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

/** Reductions up to this length read the input directly instead of packing panels. */
const DIRECT_DEPTH = 64;

/** The direct variant of `phaseGemm` (stepX 1, short reductions): no packing pass. */
function directGemm(
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
  product: usize,
): void {
  const columns = countZ * countY * paddedColumns;
  for (let qz = 0; qz < countZ; qz++) {
    for (let qy = 0; qy < countY; qy++) {
      const rowIn = input + (<usize>(qz * strideZ + qy * strideY) << 2);
      const rowOut = (qz * countY + qy) * paddedColumns;
      for (let block = 0; block < rowBlocks; block++) {
        const a = packed + (<usize>(block * depth * TILE_ROWS) << 2);
        const c = product + (<usize>(block * TILE_ROWS * columns + rowOut) << 2);
        for (let qx = 0; qx < paddedColumns; qx += TILE_COLUMNS) {
          microKernel(a, rowIn + (<usize>qx << 2), offsets, true, depth, c + (<usize>qx << 2), columns);
        }
      }
    }
  }
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
  if (stepX == 1 && depth <= DIRECT_DEPTH) {
    directGemm(packed, rowBlocks, depth, offsets, input, countZ, countY, paddedColumns, strideZ, strideY, product);
    return;
  }
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
        microKernel(a, panel + (<usize>(t * tileFloats) << 2), 0, false, depth, c + (<usize>(t * TILE_COLUMNS) << 2), columns);
      }
    }
  }
}

/** Fields of one phase's entry in the table `scatterGroup` reads (i32 each). */
const PHASE_PRODUCT = 0; // byte address of the phase's product [rows][columns]
const PHASE_COLUMNS = 1; // columns of the product (countZ · countY · paddedColumns)
const PHASE_COUNT_Y = 2;
const PHASE_PADDED_COLUMNS = 3;
const PHASE_COUNT_X = 4;
const PHASE_FIELDS = 5;

// @ts-ignore: decorator
@inline
function phaseField(table: usize, phase: i32, field: i32): i32 {
  return load<i32>(table + (<usize>(phase * PHASE_FIELDS + field) << 2));
}

/** Start of product row (channel co, phase position qz, qy) of one phase. */
// @ts-ignore: decorator
@inline
function phaseRow(table: usize, phase: i32, co: i32, qz: i32, qy: i32): usize {
  const columns = phaseField(table, phase, PHASE_COLUMNS);
  const countY = phaseField(table, phase, PHASE_COUNT_Y);
  const padded = phaseField(table, phase, PHASE_PADDED_COLUMNS);
  return <usize>phaseField(table, phase, PHASE_PRODUCT) + (<usize>(co * columns + (qz * countY + qy) * padded) << 2);
}

/**
 * Assembles `rows` output channels of one group from the products of all its phases, adding the
 * bias: output row (z, y) takes phase (z mod stepZ, y mod stepY, ·) and interleaves its `phasesX`
 * x-phases; every output element is written once, row by row (two x-phases: SIMD shuffles).
 */
export function scatterGroup(
  table: usize,
  rows: i32,
  outZ: i32,
  outY: i32,
  outX: i32,
  stepZ: i32,
  stepY: i32,
  phasesY: i32,
  phasesX: i32,
  output: usize,
  bias: usize,
  hasBias: bool,
): void {
  for (let co = 0; co < rows; co++) {
    const shift = hasBias ? load<f32>(bias + (<usize>co << 2)) : <f32>0;
    const shiftVector = f32x4.splat(shift);
    for (let z = 0; z < outZ; z++) {
      const qz = z / stepZ;
      for (let y = 0; y < outY; y++) {
        const qy = y / stepY;
        const first = ((z - qz * stepZ) * phasesY + (y - qy * stepY)) * phasesX;
        let to = output + (<usize>(((co * outZ + z) * outY + y) * outX) << 2);
        if (phasesX == 1) {
          let from = phaseRow(table, first, co, qz, qy);
          let x = 0;
          for (; x + 4 <= outX; x += 4) {
            v128.store(to, f32x4.add(v128.load(from), shiftVector));
            from += 16;
            to += 16;
          }
          for (; x < outX; x++) {
            store<f32>(to, load<f32>(from) + shift);
            from += 4;
            to += 4;
          }
        } else if (phasesX == 2) {
          let even = phaseRow(table, first, co, qz, qy);
          let odd = phaseRow(table, first + 1, co, qz, qy);
          let x = 0;
          for (; x + 8 <= outX; x += 8) {
            const a = f32x4.add(v128.load(even), shiftVector);
            const b = f32x4.add(v128.load(odd), shiftVector);
            v128.store(to, v128.shuffle<f32>(a, b, 0, 4, 1, 5));
            v128.store(to, v128.shuffle<f32>(a, b, 2, 6, 3, 7), 16);
            even += 16;
            odd += 16;
            to += 32;
          }
          for (; x < outX; x++) {
            const from = (x & 1) == 0 ? even : odd;
            store<f32>(to, load<f32>(from) + shift);
            if ((x & 1) == 1) {
              even += 4;
              odd += 4;
            }
            to += 4;
          }
        } else {
          for (let rx = 0; rx < phasesX; rx++) {
            let from = phaseRow(table, first + rx, co, qz, qy);
            const count = phaseField(table, first + rx, PHASE_COUNT_X);
            let at = to + (<usize>rx << 2);
            const step = <usize>phasesX << 2;
            for (let qx = 0; qx < count; qx++) {
              store<f32>(at, load<f32>(from) + shift);
              from += 4;
              at += step;
            }
          }
        }
      }
    }
  }
}
