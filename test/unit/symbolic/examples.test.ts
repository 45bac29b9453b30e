import * as assert from 'node:assert/strict';
import {
  type Assumptions,
  type SymExpr,
  type SymValue,
  SymbolicAlgebra,
  describeWitness,
  evaluate,
  formatExpression,
  formatExpressionPretty,
  isExpr,
  parseExpression,
  sameExpr,
  termCount,
} from '../../../src/core/symbolic';

// Expected values are hand-derived; each comment gives the arithmetic.

function expr(value: SymValue): SymExpr {
  assert.ok(isExpr(value), !isExpr(value) ? value.reason : '');
  return value;
}

function parsed(text: string, assumptions: Assumptions = {}): SymExpr {
  const result = parseExpression(text, new SymbolicAlgebra(assumptions));
  assert.ok(result.ok, `${text}: ${!result.ok && result.error.message}`);
  return expr(result.value);
}

const show = (text: string, assumptions: Assumptions = {}): string => formatExpression(parsed(text, assumptions));

describe('symbolic expressions: canonical forms', () => {
  const cases: [string, string][] = [
    ['floor((2*H)/2)', 'H'],
    ['floor(floor(H/2)/3)', 'floor(H/6)'],
    ['floor((floor(H/2) + 1)/3)', 'floor((H + 2)/6)'], // floor((H + 2)/2) = floor(H/2) + 1
    ['ceil(H/4)', 'ceil(H/4)'],
    ['floor((H + 3)/4)', 'ceil(H/4)'], // the one canonical form of ceil
    ['floor((H - 1)/2) + 1', 'ceil(H/2)'], // floor((H + 1)/2)
    ['floor((4*H + 1)/2)', '2*H'],
    ['floor((2*H + 1)/4)', 'floor(H/2)'], // floor((2H + 1)/4) = floor((H + 0)/2) (gcd 2)
    ['W + H', 'H + W'],
    ['3 + H - 3', 'H'],
    ['2*(H + 1) - 2', '2*H'],
    ['H - 2*H', '-H'],
    ['5 - H', '-H + 5'],
    ['min(H, H + 1)', 'H'],
    ['max(H, W, H)', 'max(H, W)'],
    ['min(min(H, W), 3)', 'min(H, W, 3)'],
    ['max(ceil(H/2), floor(H/2))', 'ceil(H/2)'],
    ['max(H + 1, W + 1)', 'max(H, W) + 1'], // shared parts move out
    ['min(H + W, 2*H + W)', 'H + W'], // W + min(H, 2H)
    ['max(max(H, W), -W - 6)', 'max(H, W)'], // -W − 6 never wins; the rest shares nothing
    ['min(H, 1)', '1'], // H ≥ 1
    ['floor(7/2)', '3'],
    ['ceil(-7/2)', '-3'],
  ];
  for (const [input, expected] of cases) it(`${input} → ${expected}`, () => assert.equal(show(input), expected));

  it('equal sizes built differently are structurally equal and survive structuredClone/JSON', () => {
    const a = parsed('floor((H - 1)/2) + 1');
    const b = parsed('ceil(H/2)');
    assert.ok(sameExpr(a, b));
    assert.deepEqual(a, b);
    assert.deepEqual(structuredClone(a), a);
    assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
  });
});

describe('symbolic expressions: assumptions', () => {
  const multiple32: Assumptions = { H: { multipleOf: 32, min: 64 } };
  const cases: [string, string][] = [
    ['floor((H - 1)/2) + 1', 'H/2'], // H = 32q: floor((32q − 1)/2) + 1 = 16q
    ['ceil(H/64)', 'ceil(H/64)'], // q odd or even: not exact
    ['floor(H/4)*3', '3*H/4'],
    ['H/2 + H/4', '3*H/4'],
    ['floor((H/2 + 1)/32)', 'floor(H/64)'], // 16q + 1 never crosses a multiple of 32
    ['floor((H/2 + 1)/3)', '5*H/32 + floor((H + 32)/96)'], // 16q = 15q + q; the floor scaled to integer coefficients
    ['max(H, 64)', 'H'], // H ≥ 64
    ['min(H, 63)', '63'],
  ];
  for (const [input, expected] of cases) it(`${input} → ${expected} with H a multiple of 32, at least 64`, () => assert.equal(show(input, multiple32), expected));

  it('Ultralytics-style: five stride-2 convs of a multiple of 32 give H/32', () => {
    const algebra = new SymbolicAlgebra({ H: { multipleOf: 32 } });
    let size: SymValue = algebra.symbol('H');
    for (let i = 0; i < 5; i++) size = algebra.add(algebra.floorDiv(algebra.sub(size, 1), 2), 1); // k3 s2 p1
    assert.equal(formatExpression(expr(size)), 'H/32');
  });
});

describe('symbolic expressions: decisions in the author\'s terms', () => {
  it('a U-Net skip connection lines up only when H is a multiple of 16', () => {
    const algebra = new SymbolicAlgebra();
    let size: SymValue = algebra.symbol('H');
    for (let i = 0; i < 4; i++) size = algebra.floorDiv(size, 2); // MaxPool2d(2)
    for (let i = 0; i < 4; i++) size = algebra.mul(size, 2); // ConvTranspose2d(k2, s2)
    const comparison = algebra.equalWhen(expr(size), algebra.symbol('H'));
    assert.equal(comparison.kind, 'sometimes');
    if (comparison.kind !== 'sometimes') return;
    assert.equal(comparison.condition?.text, 'H is a multiple of 16');
    assert.deepEqual(comparison.condition?.assume, { H: { multipleOf: 16 } });
    // 100 = 6·16 + 4: 16·floor(100/16) = 96.
    assert.equal(describeWitness(comparison.failing), 'H = 100: 96 vs 100');
    assert.equal(describeWitness(comparison.holding), 'H = 112: 112 vs 112');
    // With the assumption, it holds for every H.
    const assumed = new SymbolicAlgebra(comparison.condition?.assume);
    let again: SymValue = assumed.symbol('H');
    for (let i = 0; i < 4; i++) again = assumed.floorDiv(again, 2);
    for (let i = 0; i < 4; i++) again = assumed.mul(again, 2);
    assert.equal(assumed.equalWhen(expr(again), assumed.symbol('H')).kind, 'always');
    assert.equal(formatExpression(expr(again)), 'H');
  });

  it('residue conditions other than divisibility, on two symbols', () => {
    const algebra = new SymbolicAlgebra();
    // The difference is 2·[H mod 4 = 3] − [W odd]: zero exactly when H mod 4 ≠ 3 and W is even.
    const left = expr(algebra.add(parsed('2*floor((H + 1)/4)'), parsed('2*floor(W/2)')));
    const right = expr(algebra.add(parsed('2*floor(H/4)'), parsed('W')));
    const comparison = algebra.equalWhen(left, right);
    assert.equal(comparison.kind, 'sometimes');
    if (comparison.kind !== 'sometimes') return;
    assert.equal(comparison.condition?.text, 'H mod 4 is 0 or 1 or 2 and W is even');
    assert.equal(comparison.condition?.assume, undefined);
  });

  it('conditions that are a minimum: max(H, 8) = H when H ≥ 8; H − 2·floor(H/2) ≥ 1 when H is odd', () => {
    const algebra = new SymbolicAlgebra({ H: { multipleOf: 2 }, W: { min: 3 } });
    const comparison = algebra.equalWhen(parsed('max(H, 8)', { H: { multipleOf: 2 } }), algebra.symbol('H'));
    assert.equal(comparison.kind === 'sometimes' && comparison.condition?.text, 'H ≥ 8');
    assert.deepEqual(comparison.kind === 'sometimes' && comparison.condition?.assume, { H: { multipleOf: 2, min: 8 } });
    const odd = new SymbolicAlgebra().atLeastWhen(parsed('H - 2*floor(H/2)'), 1);
    assert.equal(odd.kind === 'sometimes' && odd.condition?.text, 'H is odd');
    const wide = algebra.atLeastWhen(expr(algebra.sub(algebra.symbol('W'), 5)), 1);
    assert.equal(wide.kind === 'sometimes' && wide.condition?.text, 'W ≥ 6');
    assert.deepEqual(wide.kind === 'sometimes' && wide.condition?.assume, { W: { min: 6 } });
  });

  it('never equal, with a witness; always at least 1, or the smallest failing size', () => {
    const algebra = new SymbolicAlgebra();
    const H = algebra.symbol('H');
    assert.equal(algebra.neverEqual(expr(algebra.mul(H, 2)), expr(algebra.sub(algebra.mul(H, 2), 1))).kind, 'yes');
    const verdict = algebra.neverEqual(expr(algebra.mul(H, 2)), expr(algebra.add(H, 10)));
    assert.equal(verdict.kind, 'no');
    if (verdict.kind === 'no') assert.equal(describeWitness(verdict.witness), 'H = 10: 20 vs 20');
    // Conv k7 s2 p0: floor((H − 7)/2) + 1 ≥ 1 fails below H = 7.
    const conv = expr(algebra.add(algebra.floorDiv(algebra.sub(H, 7), 2), 1));
    const small = algebra.alwaysAtLeast(conv, 1);
    assert.equal(small.kind, 'no');
    if (small.kind === 'no') assert.equal(describeWitness(small.witness), 'H = 2: -2 vs 1'); // floor(-5/2) + 1
    const condition = algebra.atLeastWhen(conv, 1);
    assert.equal(condition.kind, 'sometimes');
    if (condition.kind === 'sometimes') {
      assert.equal(condition.condition?.text, 'H ≥ 7');
      assert.deepEqual(condition.condition?.assume, { H: { min: 7 } });
    }
    const large = new SymbolicAlgebra({ H: { min: 7 } });
    assert.equal(large.alwaysAtLeast(expr(large.add(large.floorDiv(large.sub(large.symbol('H'), 7), 2), 1)), 1).kind, 'yes');
    // A shrinking size is below 1 somewhere: 10 − H at H = 10.
    const falling = algebra.alwaysAtLeast(expr(algebra.sub(10, H)), 1);
    assert.equal(falling.kind, 'no');
    if (falling.kind === 'no') assert.ok(falling.witness.left < 1);
  });

  it('cannot decide beyond the counted limits, and says so', () => {
    const algebra = new SymbolicAlgebra({}, { analysis: { maxPoints: 100, maxPeriod: 4096, maxSearches: 1000 } });
    // Periods 77 in H and in W: 5,929 cases.
    const comparison = algebra.equalWhen(parsed('floor(H/7) + floor(W/11)'), parsed('floor(H/11) + floor(W/7)'));
    assert.deepEqual(comparison, { kind: 'undecided', reason: 'more than 100 cases to compare' });
  });
});

describe('symbolic expressions: defines, budget, evaluation', () => {
  it('--define makes a size concrete; values the assumptions exclude are refused', () => {
    const algebra = new SymbolicAlgebra({ H: { multipleOf: 32 } });
    const size = parsed('floor((H - 1)/2) + 1 + W', { H: { multipleOf: 32 } });
    assert.equal(formatExpression(expr(algebra.substitute(size, { H: 640 }))), 'W + 320');
    assert.deepEqual(algebra.substitute(size, { H: 640, W: 3 }), { kind: 'expr', terms: [], constant: 323 });
    assert.deepEqual(algebra.substitute(size, { H: 100 }), { kind: 'unknown', reason: 'H = 100 is not a multiple of 32, as assumed' });
    assert.equal(evaluate(size, { H: 640 }), undefined); // W has no value
    assert.equal(evaluate(size, { H: 100, W: 1 }), undefined); // 100 is not a multiple of H's unit
    assert.equal(evaluate(size, { H: 64, W: 1 }), 33);
  });

  it('an expression beyond the term budget is unknown with the reason, and stays unknown', () => {
    const algebra = new SymbolicAlgebra({}, { termBudget: 4 });
    const wide = algebra.add(algebra.add(algebra.symbol('A'), algebra.symbol('B')), algebra.add(algebra.symbol('C'), algebra.symbol('D')));
    assert.equal(termCount(expr(wide)), 4);
    const over = algebra.add(wide, algebra.symbol('E'));
    assert.deepEqual(over, { kind: 'unknown', reason: 'the size expression grew beyond 4 terms' });
    assert.deepEqual(algebra.floorDiv(algebra.mul(over, 2), 3), over);
  });

  it('a coefficient beyond 2^53 is unknown, never rounded', () => {
    const algebra = new SymbolicAlgebra();
    let size: SymValue = algebra.symbol('H');
    for (let i = 0; i < 60; i++) size = algebra.mul(size, 2);
    assert.deepEqual(size, { kind: 'unknown', reason: 'the size expression has a coefficient beyond 2^53' });
  });

  it('values beyond 2^53 are never rounded: evaluation gives undefined, decisions are undecided', () => {
    const algebra = new SymbolicAlgebra();
    const huge = expr(algebra.mul(algebra.symbol('H'), 2 ** 50));
    assert.equal(evaluate(huge, { H: 7 }), 7 * 2 ** 50);
    assert.equal(evaluate(huge, { H: 9 }), undefined); // 9·2^50 > 2^53
    const tiny = expr(algebra.floorDiv(algebra.symbol('H'), 2 ** 50));
    assert.deepEqual(algebra.equalWhen(tiny, expr(algebra.floorDiv(algebra.symbol('H'), 2 ** 49))), { kind: 'undecided', reason: 'the period in H exceeds 4096' });
    assert.deepEqual(algebra.alwaysAtLeast(expr(algebra.add(huge, tiny)), 1), { kind: 'undecided', reason: 'the values in H exceed 2^53' });
  });

  it('a product of two symbolic sizes is unknown (Flatten of H·W), by a constant it is linear', () => {
    const algebra = new SymbolicAlgebra();
    assert.deepEqual(algebra.mul(algebra.symbol('H'), algebra.symbol('W')), { kind: 'unknown', reason: 'a product of two symbolic sizes is not linear' });
    assert.equal(formatExpression(expr(algebra.mul(64, algebra.symbol('H')))), '64*H');
  });
});

describe('symbolic expressions: printer and parser', () => {
  const pretty: [string, string][] = [
    ['ceil(W/2)', '⌈W/2⌉'],
    ['2*H - 1', '2H − 1'],
    ['floor((H + 1)/3)', '⌊(H + 1)/3⌋'],
    ['floor((H - 1)/3) + 1', '⌈H/3⌉'], // floor((H + 2)/3)
    ['3*floor(H/2)', '3·⌊H/2⌋'],
    ['min(H, W)', 'min(H, W)'],
  ];
  for (const [plain, glyphs] of pretty) {
    it(`${plain} is shown as ${glyphs} in the editor, and both parse`, () => {
      assert.equal(formatExpressionPretty(parsed(plain)), glyphs);
      assert.ok(sameExpr(parsed(glyphs), parsed(plain)));
    });
  }

  it('parses the SPEC examples of expect and input', () => {
    assert.equal(show('H/2', { H: { multipleOf: 2 } }), 'H/2');
    assert.equal(show('N'), 'N');
    assert.equal(show('64'), '64');
    assert.equal(show('2 * (W + 1)'), '2*W + 2');
  });

  it('an inexact division rounds down and is reported with its position', () => {
    const result = parseExpression('N + H/2', new SymbolicAlgebra());
    assert.ok(result.ok);
    assert.equal(formatExpression(expr(result.value)), 'N + floor(H/2)');
    assert.deepEqual(result.inexact, [{ offset: 4, length: 3, reason: 'the division by 2 is not exact for every allowed value (only when H is even)' }]);
  });

  const errors: [string, string, number, number][] = [
    ['H * W', 'a size can only be multiplied by an integer', 0, 5],
    ['H / W', 'a size can only be divided by an integer', 4, 1],
    ['H / 0', 'the divisor must be a positive integer', 4, 1],
    ['floor(H/2', "expected ')' at the end", 9, 1],
    ['min(H)', 'min takes at least two arguments', 0, 6],
    ['floor(H, 2)', 'floor takes one argument', 0, 11],
    ['H + ', 'unexpected end of the expression', 4, 1],
    ['H $ 2', "unexpected character '$'", 2, 1],
    ['H 2', "unexpected '2'", 2, 1],
    ['99999999999999999999', 'the number is too large', 0, 20],
    ['2 * Infinity', 'Infinity is not a size', 4, 8],
  ];
  for (const [text, message, offset, length] of errors) {
    it(`reports "${message}" at ${offset} in ${text}`, () => {
      assert.deepEqual(parseExpression(text, new SymbolicAlgebra()), { ok: false, error: { message, offset, length } });
    });
  }
});
