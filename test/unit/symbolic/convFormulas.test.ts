import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { convOutputSize, samePaddingConv, transposedConvOutputSize, validConvOutputSize } from '../../../src/core/convArithmetic';
import {
  type SymValue,
  SymbolicAlgebra,
  convOutputExpr,
  evaluate,
  formatExpression,
  isExpr,
  outputPaddingChoices,
  sameConvOutputExpr,
  transposedConvOutputExpr,
  validConvOutputExpr,
} from '../../../src/core/symbolic';
import { randomSource } from './randomPrograms';

// Expected values: PyTorch 1.13's own output shapes (test/fixtures/pytorch/shapes.json), and the
// concrete engine's arithmetic, which those fixtures pin down.

interface FixtureCase {
  id: string;
  layer: string;
  input: number[];
  params: Record<string, unknown>;
  output?: number[];
}

const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../test/fixtures/pytorch/shapes.json'), 'utf8')) as { cases: FixtureCase[] };

function perAxis(value: unknown, rank: number, fallback: number): number[] {
  if (value === undefined) return Array(rank).fill(fallback);
  return Array.isArray(value) ? (value as number[]) : Array(rank).fill(value as number);
}

function concreteOf(value: SymValue, where: string): number {
  assert.ok(isExpr(value), `${where}: ${!isExpr(value) && value.reason}`);
  assert.deepEqual(value.terms, [], `${where}: substitution leaves ${formatExpression(value)}`);
  return value.constant;
}

describe('symbolic conv formulas', () => {
  it('reproduce PyTorch output sizes of the fixtures after substituting the input size', () => {
    const algebra = new SymbolicAlgebra();
    const X = algebra.symbol('X');
    let checked = 0;
    for (const fixture of fixtures.cases) {
      const match = /^(Conv|ConvTranspose|MaxPool|AvgPool)(\d)d$/.exec(fixture.layer);
      if (!match || !fixture.output || fixture.params.output_size !== undefined) continue;
      const [, kind, rankText] = match;
      const rank = Number(rankText);
      const { params } = fixture;
      const pooling = kind.endsWith('Pool');
      const kernels = perAxis(params.kernel_size, rank, 1);
      const strides = pooling && params.stride === undefined ? kernels : perAxis(params.stride, rank, 1);
      const dilations = perAxis(params.dilation, rank, 1);
      const outputPaddings = perAxis(params.output_padding, rank, 0);
      for (let axis = 0; axis < rank; axis++) {
        const kernel = kernels[axis];
        const dilation = dilations[axis];
        let padBegin: number;
        let padEnd: number;
        if (params.padding === 'same') {
          padBegin = Math.floor((dilation * (kernel - 1)) / 2);
          padEnd = dilation * (kernel - 1) - padBegin;
        } else if (params.padding === 'valid') padBegin = padEnd = 0;
        else padBegin = padEnd = perAxis(params.padding, rank, 0)[axis];
        const window = { kernel, stride: strides[axis], padBegin, padEnd, dilation };
        const expr =
          kind === 'ConvTranspose'
            ? transposedConvOutputExpr(algebra, X, window, outputPaddings[axis])
            : convOutputExpr(algebra, X, window, params.ceil_mode === true);
        const input = fixture.input[fixture.input.length - rank + axis];
        const where = `${fixture.id} axis ${axis}`;
        assert.equal(concreteOf(algebra.substitute(expr, { X: input }), where), fixture.output[fixture.output.length - rank + axis], where);
        checked += 1;
      }
    }
    assert.ok(checked > 4000, `only ${checked} axes checked`);
  });

  it('equal the concrete engine for every input size from 1 to 300 (150 random windows)', () => {
    const random = randomSource(7);
    const algebra = new SymbolicAlgebra();
    const X = algebra.symbol('X');
    for (let n = 0; n < 150; n++) {
      const kernel = random.int(1, 7);
      const stride = random.int(1, 5);
      const dilation = random.int(1, 3);
      const padBegin = random.int(0, Math.floor(kernel / 2));
      const padEnd = random.chance(0.7) ? padBegin : random.int(0, kernel);
      const outputPadding = random.int(0, Math.max(stride, dilation) - 1);
      const window = { kernel, stride, padBegin, padEnd, dilation };
      const forms = {
        conv: [convOutputExpr(algebra, X, window), (i: number) => convOutputSize(i, kernel, stride, padBegin, padEnd, dilation)],
        ceilMode: [convOutputExpr(algebra, X, window, true), (i: number) => convOutputSize(i, kernel, stride, padBegin, padEnd, dilation, true)],
        transposed: [transposedConvOutputExpr(algebra, X, window, outputPadding), (i: number) => transposedConvOutputSize(i, kernel, stride, padBegin, padEnd, dilation, outputPadding)],
        same: [sameConvOutputExpr(algebra, X, stride), (i: number) => samePaddingConv(i, kernel, stride, dilation).output],
        valid: [validConvOutputExpr(algebra, X, window), (i: number) => validConvOutputSize(i, kernel, stride, dilation)],
      } as const;
      for (const [name, [expr, concrete]] of Object.entries(forms)) {
        assert.ok(isExpr(expr), name);
        for (let i = 1; i <= 300; i++) {
          if (evaluate(expr, { X: i }) !== concrete(i) + 0) assert.fail(`${name} ${JSON.stringify(window)} at ${i}: ${formatExpression(expr)}`);
        }
      }
    }
  });

  it('simplify under assumptions: a stride-2 conv of a multiple of 32 is exactly H/2', () => {
    const algebra = new SymbolicAlgebra({ H: { multipleOf: 32 } });
    const half = convOutputExpr(algebra, algebra.symbol('H'), { kernel: 3, stride: 2, padBegin: 1, padEnd: 1, dilation: 1 });
    assert.ok(isExpr(half));
    assert.equal(formatExpression(half), 'H/2');
    const back = transposedConvOutputExpr(algebra, half, { kernel: 4, stride: 2, padBegin: 1, padEnd: 1, dilation: 1 }, 0);
    assert.ok(isExpr(back));
    assert.equal(formatExpression(back), 'H');
  });

  it('ceil_mode pooling keeps the last window inside the input (PyTorch rule, hand-derived)', () => {
    // k=2, s=2, p=0: ceil((H − 2)/2) + 1 = ceil(H/2); the last window always starts inside.
    const algebra = new SymbolicAlgebra();
    const H = algebra.symbol('H');
    const pooled = convOutputExpr(algebra, H, { kernel: 2, stride: 2, padBegin: 0, padEnd: 0, dilation: 1 }, true);
    assert.ok(isExpr(pooled));
    assert.equal(formatExpression(pooled), 'ceil(H/2)');
    // k=3, s=2, p=1: ceil(H/2) + 1 would start a window in the end padding for even H;
    // the rule drops it: floor(H/2) + 1 (H=4 → 3, H=5 → 3).
    const padded = convOutputExpr(algebra, H, { kernel: 3, stride: 2, padBegin: 1, padEnd: 1, dilation: 1 }, true);
    assert.ok(isExpr(padded));
    assert.equal(formatExpression(padded), 'floor(H/2) + 1');
  });

  it('output_padding: which value fits which H (U-Net decoder after a k3 s2 p1 encoder)', () => {
    // Encoder: ceil(H/2). Decoder k3 s2 p1: 2·ceil(H/2) − 1 + op — H exactly when op = 0 for odd H, op = 1 for even H.
    const algebra = new SymbolicAlgebra();
    const H = algebra.symbol('H');
    const window = { kernel: 3, stride: 2, padBegin: 1, padEnd: 1, dilation: 1 };
    const encoded = convOutputExpr(algebra, H, window);
    assert.ok(isExpr(encoded));
    const choices = outputPaddingChoices(algebra, encoded, window, 2, H);
    assert.deepEqual(
      choices.map(({ outputPadding, comparison }) => `${outputPadding}: ${comparison.kind === 'sometimes' ? comparison.condition?.text : comparison.kind}`),
      ['0: H is odd', '1: H is even'],
    );
    // With H even by assumption, output_padding 1 is right for every H, 0 for none.
    const even = new SymbolicAlgebra({ H: { multipleOf: 2 } });
    const evenEncoded = convOutputExpr(even, even.symbol('H'), window);
    assert.ok(isExpr(evenEncoded));
    assert.deepEqual(
      outputPaddingChoices(even, evenEncoded, window, 2, even.symbol('H')).map(({ comparison }) => comparison.kind),
      ['never', 'always'],
    );
  });
});
