/**
 * Random size computations for the symbolic property tests: a program is a tree of the
 * operations the shape rules use, evaluated two ways — by the algebra under test, and here with
 * plain JS integer arithmetic written independently of it.
 */
import { seededDraws, type SeededDraws } from '../../../src/shared/seededRandom.mjs';
import type { Assumptions, Operand, SymValue, SymbolicAlgebra } from '../../../src/core/symbolic';

/** A deterministic stream of draws, so a failing case can be replayed from its seed. */
export const randomSource = seededDraws;

export type Random = SeededDraws;

export type Program =
  | { op: 'symbol'; name: string }
  | { op: 'constant'; value: number }
  | { op: 'add' | 'sub' | 'min' | 'max'; left: Program; right: Program }
  | { op: 'mul'; arg: Program; factor: number }
  | { op: 'floor' | 'ceil'; arg: Program; divisor: number };

export const symbolNames = ['H', 'W'];

/**
 * A random program of at most `depth` levels over `symbols`. With `axisExtrema`, the arguments of
 * each min/max mention one symbol, as in the shape rules (ceil_mode pooling works per axis).
 */
export function randomProgram(random: Random, depth: number, symbols: readonly string[] = symbolNames, axisExtrema = false): Program {
  if (depth === 0 || random.chance(0.25)) {
    return random.chance(0.7) ? { op: 'symbol', name: random.pick(symbols) } : { op: 'constant', value: random.int(-6, 6) };
  }
  const kind = random.pick(['add', 'sub', 'mul', 'floor', 'floor', 'ceil', 'ceil', 'min', 'max'] as const);
  switch (kind) {
    case 'mul':
      return { op: 'mul', arg: randomProgram(random, depth - 1, symbols, axisExtrema), factor: random.int(-3, 4) };
    case 'floor':
    case 'ceil':
      return { op: kind, arg: randomProgram(random, depth - 1, symbols, axisExtrema), divisor: random.int(1, 6) };
    default: {
      const operandSymbols = axisExtrema && (kind === 'min' || kind === 'max') ? [random.pick(symbols)] : symbols;
      return { op: kind, left: randomProgram(random, depth - 1, operandSymbols, axisExtrema), right: randomProgram(random, depth - 1, operandSymbols, axisExtrema) };
    }
  }
}

/** The program's value for concrete symbol values, in plain integer arithmetic (-0 read as 0). */
export function concreteValue(program: Program, values: Readonly<Record<string, number>>): number {
  return computed(program, values) + 0;
}

function computed(program: Program, values: Readonly<Record<string, number>>): number {
  const concreteValue = computed;
  switch (program.op) {
    case 'symbol':
      return values[program.name];
    case 'constant':
      return program.value;
    case 'add':
      return concreteValue(program.left, values) + concreteValue(program.right, values);
    case 'sub':
      return concreteValue(program.left, values) - concreteValue(program.right, values);
    case 'min':
      return Math.min(concreteValue(program.left, values), concreteValue(program.right, values));
    case 'max':
      return Math.max(concreteValue(program.left, values), concreteValue(program.right, values));
    case 'mul':
      return concreteValue(program.arg, values) * program.factor;
    case 'floor':
      return Math.floor(concreteValue(program.arg, values) / program.divisor);
    case 'ceil':
      return Math.ceil(concreteValue(program.arg, values) / program.divisor);
  }
}

/** The same program computed by the algebra. */
export function symbolicValue(program: Program, algebra: SymbolicAlgebra): SymValue {
  const sub = (p: Program): Operand => symbolicValue(p, algebra);
  switch (program.op) {
    case 'symbol':
      return algebra.symbol(program.name);
    case 'constant':
      return algebra.add(program.value, 0);
    case 'add':
      return algebra.add(sub(program.left), sub(program.right));
    case 'sub':
      return algebra.sub(sub(program.left), sub(program.right));
    case 'min':
      return algebra.min(sub(program.left), sub(program.right));
    case 'max':
      return algebra.max(sub(program.left), sub(program.right));
    case 'mul':
      return algebra.mul(sub(program.arg), program.factor);
    case 'floor':
      return algebra.floorDiv(sub(program.arg), program.divisor);
    case 'ceil':
      return algebra.ceilDiv(sub(program.arg), program.divisor);
  }
}

/** Random assumptions on H and W: sometimes none, sometimes a multiple, sometimes a minimum. */
export function randomAssumptions(random: Random): Assumptions {
  const assumptions: Record<string, { multipleOf?: number; min?: number }> = {};
  for (const name of symbolNames) {
    if (random.chance(0.5)) continue;
    const multipleOf = random.chance(0.6) ? random.pick([2, 3, 4, 8, 16, 32]) : undefined;
    const min = random.chance(0.5) ? random.int(1, 70) : undefined;
    assumptions[name] = { ...(multipleOf ? { multipleOf } : {}), ...(min ? { min } : {}) };
  }
  return assumptions;
}

/** The allowed values of a symbol, ascending, `count` of them (brute force's range). */
export function allowedValues(assumptions: Assumptions, name: string, count: number): number[] {
  const { multipleOf = 1, min = 1 } = assumptions[name] ?? {};
  const first = Math.max(1, Math.ceil(min / multipleOf)) * multipleOf;
  return Array.from({ length: count }, (_, i) => first + i * multipleOf);
}

/** The lowest allowed value of every symbol, then `values` (for witnesses where a symbol cancels out). */
export function completed(assumptions: Assumptions, values: Readonly<Record<string, number>>): Record<string, number> {
  return { ...Object.fromEntries(symbolNames.map((name) => [name, allowedValues(assumptions, name, 1)[0]])), ...values };
}

/** Every combination of the allowed values of H and W (the first `count` of each). */
export function allowedPoints(assumptions: Assumptions, count: number): Record<string, number>[] {
  const points: Record<string, number>[] = [];
  for (const H of allowedValues(assumptions, 'H', count)) for (const W of allowedValues(assumptions, 'W', count)) points.push({ H, W });
  return points;
}
