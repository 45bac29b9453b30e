// Symbolic sizes (issue 15): how expressions grow along deep models, and what the symbolic
// per-axis arithmetic of a 2,000-layer model costs next to the bare YAML parse of its text
// (SPEC §6 allows the whole analysis 1.5× the parse). Both run in this one process.
import { parseDocument } from 'yaml';
import { importBundle } from './benchSupport.mjs';

const LAYERS = Number(process.env.LAYERS ?? 2000);

const sym = await importBundle('symbolicBench', `export * from './src/core/symbolic/index';`);
const conv = (k, s, p) => ({ kernel: k, stride: s, padBegin: p, padEnd: p, dilation: 1 });

/** Runs `steps` layer functions from H and reports the size (terms) and the text along the way. */
function growth(title, algebra, step, count, every) {
  let size = algebra.symbol('H');
  const rows = [];
  for (let i = 1; i <= count; i++) {
    size = step(algebra, size, i);
    if (i % every === 0 || i === count || size.kind === 'unknown') {
      const text = size.kind === 'unknown' ? `? (${size.reason})` : sym.formatExpression(size);
      rows.push(`  after ${String(i).padStart(4)}: ${size.kind === 'unknown' ? '-' : sym.termCount(size)} terms  ${text.length > 90 ? text.slice(0, 87) + '...' : text}`);
      if (size.kind === 'unknown') break;
    }
  }
  console.log(`${title}\n${rows.join('\n')}`);
}

const plain = new sym.SymbolicAlgebra();
const multiple32 = new sym.SymbolicAlgebra({ H: { multipleOf: 32 } });
growth('stride-2 convs (k3 s2 p1), H free:', plain, (a, x) => sym.convOutputExpr(a, x, conv(3, 2, 1)), 60, 10);
growth('stride-2 transposed convs (k4 s2 p1):', plain, (a, x) => sym.transposedConvOutputExpr(a, x, conv(4, 2, 1), 0), 60, 10);
growth('encoder/decoder pairs (conv k3 s2 p1, then transposed k4 s2 p1), H free:', plain, (a, x, i) =>
  i % 2 ? sym.convOutputExpr(a, x, conv(3, 2, 1)) : sym.transposedConvOutputExpr(a, x, conv(4, 2, 1), 0), 2000, 500);
growth('alternating strides 2 and 3 (k3, p1), H free:', plain, (a, x, i) => sym.convOutputExpr(a, x, conv(3, i % 2 ? 2 : 3, 1)), 40, 5);
growth('strides 3 down, 2 up (conv k3 s3 p1, transposed k4 s2 p1), H free:', plain, (a, x, i) =>
  i % 2 ? sym.convOutputExpr(a, x, conv(3, 3, 1)) : sym.transposedConvOutputExpr(a, x, conv(4, 2, 1), 0), 40, 5);
growth('ceil_mode max pools (k3 s2 p1), H free:', plain, (a, x) => sym.convOutputExpr(a, x, conv(3, 2, 1), true), 40, 10);
growth('ceil_mode max pools (k2 s2 p0, as in SqueezeNet), H free:', plain, (a, x) => sym.convOutputExpr(a, x, conv(2, 2, 0), true), 40, 10);
growth('stride-2 convs, H a multiple of 32:', multiple32, (a, x) => sym.convOutputExpr(a, x, conv(3, 2, 1)), 8, 1);

// Cost: the analysis bench's block (conv s2, BN, ReLU, transposed conv s2, Add with the block's
// input) on two symbolic spatial axes, including the Add's exact comparison, against the bare parse.
function modelText(layerCount) {
  const lines = ['name: bench', 'framework: pytorch', 'input: [N, 16, H, W]', 'layers:'];
  const block = [
    ['Conv2d', 'out_channels: 32', 'kernel_size: 3', 'stride: 2', 'padding: 1'],
    ['BatchNorm2d'],
    ['ReLU'],
    ['ConvTranspose2d', 'out_channels: 16', 'kernel_size: 4', 'stride: 2', 'padding: 1', 'output_padding: 0'],
    ['Add', 'from: [-1, -5]'],
  ];
  for (let i = 0; i < layerCount; i++) {
    const [type, ...params] = block[i % block.length];
    lines.push(`  - type: ${type}`, `    name: l${i}`, ...params.map((param) => `    ${param}`));
  }
  return lines.join('\n') + '\n';
}

function symbolicAxes(layerCount) {
  const algebra = new sym.SymbolicAlgebra();
  let axes = [algebra.symbol('H'), algebra.symbol('W')];
  let blockInput = axes;
  let conditions = 0;
  for (let i = 0; i < layerCount; i++) {
    switch (i % 5) {
      case 0:
        blockInput = axes;
        axes = axes.map((x) => sym.convOutputExpr(algebra, x, conv(3, 2, 1)));
        break;
      case 3:
        axes = axes.map((x) => sym.transposedConvOutputExpr(algebra, x, conv(4, 2, 1), 0));
        break;
      case 4:
        for (let axis = 0; axis < 2; axis++) if (algebra.equalWhen(axes[axis], blockInput[axis]).kind === 'sometimes') conditions += 1;
        break;
    }
  }
  return { axes, conditions };
}

const text = modelText(LAYERS);
const time = (run, repeats) => {
  run();
  const start = performance.now();
  for (let i = 0; i < repeats; i++) run();
  return (performance.now() - start) / repeats;
};
const parseMs = time(() => parseDocument(text), 20);
const symbolicMs = time(() => symbolicAxes(LAYERS), 20);
const { axes, conditions } = symbolicAxes(LAYERS);
console.log(`\n${LAYERS}-layer encoder/decoder model, H and W symbolic:`);
console.log(`  final sizes: ${axes.map((x) => sym.formatExpression(x)).join(', ')}; conditional Adds: ${conditions} axis checks`);
console.log(`  bare yaml parseDocument: ${parseMs.toFixed(2)} ms; symbolic axis arithmetic + Add checks: ${symbolicMs.toFixed(2)} ms (${((symbolicMs / parseMs) * 100).toFixed(0)}% of the parse)`);
