import * as assert from 'node:assert/strict';
import {
  type Comparison,
  type ConditionClause,
  type SymExpr,
  SymbolicAlgebra,
  evaluate,
  exprKey,
  formatExpression,
  formatExpressionPretty,
  isExpr,
  parseExpression,
  termCount,
} from '../../../src/core/symbolic';
import { type Program, allowedPoints, completed, concreteValue, randomAssumptions, randomProgram, randomSource, symbolicValue } from './randomPrograms';

// Expected values come from `concreteValue` (plain integer arithmetic, independent of the algebra)
// and from brute force over the first allowed values of each symbol.

const programs = 400;
const bruteForceRange = 40; // values per symbol: 40 × 40 points per case

function built(program: Program, algebra: SymbolicAlgebra): SymExpr | undefined {
  const value = symbolicValue(program, algebra);
  return isExpr(value) ? value : undefined;
}

describe('symbolic algebra: properties on random programs', () => {
  it('every operation equals plain integer arithmetic for every allowed value tried', () => {
    let checked = 0;
    let tooLarge = 0;
    for (let seed = 1; seed <= programs; seed++) {
      const random = randomSource(seed);
      const assumptions = randomAssumptions(random);
      const algebra = new SymbolicAlgebra(assumptions);
      const program = randomProgram(random, 5);
      const expr = built(program, algebra);
      if (!expr) {
        tooLarge += 1;
        continue;
      }
      for (const values of allowedPoints(assumptions, 15)) {
        const actual = evaluate(expr, values);
        // The message is built only on failure: printing thousands of times would dominate the run.
        if (actual !== concreteValue(program, values)) assert.fail(`seed ${seed}: ${formatExpression(expr)} at ${JSON.stringify(values)} gives ${actual}`);
        checked += 1;
      }
    }
    assert.ok(checked > 50000, `only ${checked} values checked`);
    assert.ok(tooLarge < programs / 20, `${tooLarge} programs exceeded the budget`);
  });

  it('printing and parsing back gives the same canonical expression (plain and pretty)', () => {
    for (let seed = 1; seed <= programs; seed++) {
      const random = randomSource(seed);
      const algebra = new SymbolicAlgebra(randomAssumptions(random));
      const expr = built(randomProgram(random, 5), algebra);
      if (!expr) continue;
      for (const text of [formatExpression(expr), formatExpressionPretty(expr)]) {
        const parsed = parseExpression(text, algebra);
        assert.ok(parsed.ok, `seed ${seed}: ${text} did not parse: ${JSON.stringify(!parsed.ok && parsed.error)}`);
        assert.deepEqual(parsed.inexact, [], `seed ${seed}: ${text} printed an inexact division`);
        assert.ok(isExpr(parsed.value));
        assert.equal(exprKey(parsed.value), exprKey(expr), `seed ${seed}: ${text}`);
      }
    }
  });

  it('equal computations built in different orders compare equal structurally', () => {
    for (let seed = 1; seed <= programs; seed++) {
      const random = randomSource(seed);
      const algebra = new SymbolicAlgebra(randomAssumptions(random));
      const a = built(randomProgram(random, 3), algebra);
      const b = built(randomProgram(random, 3), algebra);
      const c = built(randomProgram(random, 3), algebra);
      if (!a || !b || !c) continue;
      const left = algebra.add(algebra.add(a, b), c);
      const right = algebra.add(c, algebra.add(b, a));
      assert.ok(isExpr(left) && isExpr(right));
      assert.equal(exprKey(left), exprKey(right), `seed ${seed}`);
      const scaled = algebra.floorDiv(algebra.mul(a, 6), 3);
      assert.ok(isExpr(scaled));
      assert.equal(exprKey(scaled), exprKey(algebra.mul(a, 2) as SymExpr), `seed ${seed}: floor(6a/3) = 2a`);
      // floor(floor(a/2)/3) and floor(a/6): the same expression when a has no floors of its own,
      // else possibly two forms of one value (relations between floor atoms are not normalised).
      const nested = algebra.floorDiv(algebra.floorDiv(a, 2), 3);
      const direct = algebra.floorDiv(a, 6);
      assert.ok(isExpr(nested) && isExpr(direct));
      if (a.terms.every((term) => term.atom.kind === 'symbol')) assert.equal(exprKey(nested), exprKey(direct), `seed ${seed}: floor(floor(a/2)/3) = floor(a/6)`);
      else assert.notEqual(algebra.equalWhen(nested, direct).kind, 'never', `seed ${seed}`);
      assert.equal(exprKey(algebra.ceilDiv(a, 4) as SymExpr), exprKey(algebra.floorDiv(algebra.add(a, 3), 4) as SymExpr), `seed ${seed}: ceil(a/4)`);
      assert.deepEqual(structuredClone(left), left);
      assert.deepEqual(JSON.parse(JSON.stringify(left)), left);
    }
  });

  it('substituting some symbols, then the others, agrees with evaluation', () => {
    for (let seed = 1; seed <= programs; seed++) {
      const random = randomSource(seed);
      const assumptions = randomAssumptions(random);
      const algebra = new SymbolicAlgebra(assumptions);
      const program = randomProgram(random, 5);
      const expr = built(program, algebra);
      if (!expr) continue;
      for (const values of allowedPoints(assumptions, 4)) {
        const partial = algebra.substitute(expr, { H: values.H });
        assert.ok(isExpr(partial));
        if (evaluate(partial, values) !== concreteValue(program, values)) assert.fail(`seed ${seed}: ${formatExpression(partial)} at ${JSON.stringify(values)}`);
        const full = algebra.substitute(partial, { W: values.W });
        assert.ok(isExpr(full));
        assert.deepEqual(full.terms, [], `seed ${seed}: substituting every symbol leaves a constant`);
        assert.equal(full.constant, concreteValue(program, values));
      }
    }
  });
});

/** Brute force of `a = b` over the first allowed values. */
function bruteForce(program: { a: Program; b: Program }, assumptions: ReturnType<typeof randomAssumptions>): { equal: Record<string, number>[]; unequal: Record<string, number>[] } {
  const equal: Record<string, number>[] = [];
  const unequal: Record<string, number>[] = [];
  for (const values of allowedPoints(assumptions, bruteForceRange)) {
    (concreteValue(program.a, values) === concreteValue(program.b, values) ? equal : unequal).push(values);
  }
  return { equal, unequal };
}

function holdsAt(clauses: readonly ConditionClause[], values: Record<string, number>): boolean {
  return clauses.every((clause) => (clause.kind === 'residue' ? clause.residues.includes(values[clause.symbol] % clause.modulus) : values[clause.symbol] >= clause.value));
}

/** Compares random pairs with `equalWhen` and checks every answer against brute force; returns the tally. */
function compareWithBruteForce(seedOffset: number, axisExtrema: boolean): Record<Comparison['kind'] | 'conditions', number> {
  const tally = { always: 0, never: 0, sometimes: 0, conditions: 0, undecided: 0 };
  for (let seed = 1; seed <= programs; seed++) {
    const random = randomSource(seed + seedOffset);
    const assumptions = randomAssumptions(random);
    const algebra = new SymbolicAlgebra(assumptions);
    // Pairs that are often close, as a U-Net skip connection is: a size and its round trip
    // down and up by a factor (equal only for some values).
    const a = randomProgram(random, 4, undefined, axisExtrema);
    const factor = random.int(2, 8);
    const b: Program = random.chance(0.4)
      ? randomProgram(random, 4, undefined, axisExtrema)
      : { op: 'mul', arg: { op: random.pick(['floor', 'ceil'] as const), arg: a, divisor: factor }, factor };
    const left = built(a, algebra);
    const right = built(b, algebra);
    if (!left || !right) continue;
    const result = algebra.equalWhen(left, right);
    const truth = bruteForce({ a, b }, assumptions);
    const where = (): string => `seed ${seed}: ${formatExpression(left)} vs ${formatExpression(right)} under ${JSON.stringify(assumptions)}`;
    tally[result.kind] += 1;
    switch (result.kind) {
      case 'always':
        assert.deepEqual(truth.unequal, [], where());
        break;
      case 'never':
        assert.deepEqual(truth.equal, [], where());
        assert.notEqual(concreteValue(a, completed(assumptions, result.witness.values)), concreteValue(b, completed(assumptions, result.witness.values)), where());
        break;
      case 'sometimes':
        assert.equal(result.failing.left, concreteValue(a, completed(assumptions, result.failing.values)), where());
        assert.equal(result.failing.right, concreteValue(b, completed(assumptions, result.failing.values)), where());
        assert.notEqual(result.failing.left, result.failing.right, where());
        assert.equal(concreteValue(a, completed(assumptions, result.holding.values)), concreteValue(b, completed(assumptions, result.holding.values)), where());
        if (result.condition) {
          tally.conditions += 1;
          for (const values of truth.equal) if (!holdsAt(result.condition.clauses, values)) assert.fail(`${where()}: ${result.condition.text} fails at ${JSON.stringify(values)}`);
          for (const values of truth.unequal) if (holdsAt(result.condition.clauses, values)) assert.fail(`${where()}: ${result.condition.text} holds at ${JSON.stringify(values)}`);
        }
        break;
      case 'undecided':
        break;
    }
  }
  return tally;
}

describe('symbolic algebra: decisions agree with brute force', () => {
  it('equalWhen: always / never / sometimes with correct witnesses and exact conditions', () => {
    const tally = compareWithBruteForce(100000, true);
    assert.ok(tally.always > 20 && tally.never > 20 && tally.sometimes > 100 && tally.conditions > 100, JSON.stringify(tally));
    assert.equal(tally.undecided, 0, JSON.stringify(tally));
  });

  it('equalWhen with a min/max over both symbols: undecided allowed, every decision right', () => {
    const tally = compareWithBruteForce(400000, false);
    assert.ok(tally.undecided < programs / 4, JSON.stringify(tally));
  });

  it('atLeastWhen and alwaysAtLeast: every answer, witness and minimum condition agrees with brute force', () => {
    const tally = { always: 0, never: 0, sometimes: 0, conditions: 0, undecided: 0 };
    for (let seed = 1; seed <= programs; seed++) {
      const random = randomSource(seed + 200000);
      const assumptions = randomAssumptions(random);
      const algebra = new SymbolicAlgebra(assumptions);
      // One symbol half of the time, as one spatial axis of a conv stack is.
      const program = randomProgram(random, 4, random.chance(0.5) ? ['H'] : undefined, true);
      const expr = built(program, algebra);
      if (!expr) continue;
      const bound = random.int(-3, 12);
      const result = algebra.atLeastWhen(expr, bound);
      const verdict = algebra.alwaysAtLeast(expr, bound);
      tally[result.kind] += 1;
      const where = (): string => `seed ${seed}: ${formatExpression(expr)} ≥ ${bound} under ${JSON.stringify(assumptions)}`;
      const points = allowedPoints(assumptions, bruteForceRange);
      const passes = (values: Record<string, number>): boolean => concreteValue(program, values) >= bound;
      assert.equal(verdict.kind, { always: 'yes', never: 'no', sometimes: 'no', undecided: 'undecided' }[result.kind], where());
      if (result.kind === 'always') for (const values of points) if (!passes(values)) assert.fail(`${where()} fails at ${JSON.stringify(values)}`);
      if (result.kind === 'never') for (const values of points) if (passes(values)) assert.fail(`${where()} holds at ${JSON.stringify(values)}`);
      if (result.kind === 'never' || result.kind === 'sometimes') {
        const failing = result.kind === 'never' ? result.witness : result.failing;
        assert.equal(failing.left, concreteValue(program, completed(assumptions, failing.values)), where());
        assert.ok(failing.left < bound, where());
        assert.deepEqual(verdict, { kind: 'no', witness: failing }, where());
      }
      if (result.kind === 'sometimes') {
        assert.ok(passes(completed(assumptions, result.holding.values)), where());
        if (result.condition) {
          tally.conditions += 1;
          for (const values of points) if (holdsAt(result.condition.clauses, values) !== passes(values)) assert.fail(`${where()}: ${result.condition.text} wrong at ${JSON.stringify(values)}`);
        }
      }
    }
    assert.ok(tally.always > 50 && tally.sometimes > 50 && tally.conditions > 30 && tally.undecided === 0, JSON.stringify(tally));
  });

  it('min/max pruning never changes a value, and expressions stay within the budget', () => {
    let largest = 0;
    for (let seed = 1; seed <= programs; seed++) {
      const random = randomSource(seed + 300000);
      const assumptions = randomAssumptions(random);
      const algebra = new SymbolicAlgebra(assumptions);
      const a = randomProgram(random, 3);
      const b = randomProgram(random, 3);
      const program: Program = { op: random.pick(['min', 'max'] as const), left: a, right: b };
      const expr = built(program, algebra);
      if (!expr) continue;
      largest = Math.max(largest, termCount(expr));
      for (const values of allowedPoints(assumptions, 10)) assert.equal(evaluate(expr, values), concreteValue(program, values), `seed ${seed}`);
    }
    assert.ok(largest <= 64);
  });
});
