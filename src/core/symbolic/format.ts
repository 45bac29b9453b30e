/**
 * Printing symbolic sizes in the author's terms: the SPEC §1.6 syntax for CLI JSON and text
 * (`H/2`, `2*H - 1`, `ceil(W/2)`, `min(a, b)`) and a pretty form for the editor (`⌈W/2⌉`, `2H`).
 * A symbol counted in units of its `multipleOf` prints as the exact fraction of the symbol
 * (`16·(H/32)` → `H/2`), which the assumption makes an integer.
 */
import { type Atom, type SymExpr, type Term, gcd, lcm } from './expression';

/** `plain`: SPEC §1.6 syntax (parseable); `pretty`: editor glyphs. */
export type ExpressionStyle = 'plain' | 'pretty';

/** An expression in the SPEC §1.6 syntax, e.g. `floor((H - 1)/3) + 1`, `H/2`. */
export function formatExpression(expr: SymExpr): string {
  return printLinear(expr, 'plain');
}

/** An expression for the editor: `⌈H/2⌉`, `2H − 1`, `⌊(H + 1)/3⌋`. */
export function formatExpressionPretty(expr: SymExpr): string {
  return printLinear(expr, 'pretty');
}

/** The factor that makes every direct symbol coefficient of `expr` an integer in the author's terms. */
function unitDenominator(expr: SymExpr): number {
  let denominator = 1;
  for (const { coefficient, atom } of expr.terms) {
    if (atom.kind === 'symbol') denominator = lcm(denominator, atom.multipleOf / gcd(coefficient, atom.multipleOf));
  }
  return denominator;
}

function printLinear(expr: SymExpr, style: ExpressionStyle, scale = 1): string {
  const minus = style === 'pretty' ? '−' : '-';
  let text = '';
  // Positive terms first, then negative ones: two passes rather than two filtered copies (a hot path).
  for (let pass = 0; pass < 2; pass++) {
    for (const term of expr.terms) {
      if (pass === 0 ? term.coefficient <= 0 : term.coefficient >= 0) continue;
      const printed = printTerm(term, style, scale);
      const negative = printed.startsWith('-');
      const magnitude = negative ? printed.slice(1) : printed;
      text += text === '' ? (negative ? minus : '') + magnitude : ` ${negative ? minus : '+'} ${magnitude}`;
    }
  }
  const constant = expr.constant * scale;
  if (text === '') return constant < 0 ? `${minus}${-constant}` : `${constant}`;
  if (constant !== 0) text += ` ${constant < 0 ? minus : '+'} ${Math.abs(constant)}`;
  return text;
}

/** One term, with a leading `-` when negative (the caller turns it into an operator). */
function printTerm({ coefficient, atom }: Term, style: ExpressionStyle, scale: number): string {
  const times = style === 'pretty' ? '' : '*';
  if (atom.kind === 'symbol') {
    // coefficient·scale·(name/multipleOf) as a reduced fraction of the symbol.
    const numerator = coefficient * scale;
    const common = gcd(numerator, atom.multipleOf);
    const top = numerator / common;
    const bottom = atom.multipleOf / common;
    const sign = top < 0 ? '-' : '';
    const magnitude = Math.abs(top);
    const head = magnitude === 1 ? atom.name : `${magnitude}${times}${atom.name}`;
    return sign + (bottom === 1 ? head : `${head}/${bottom}`);
  }
  const factor = coefficient * scale;
  const printed = printAtom(atom, style);
  if (factor === 1) return printed;
  if (factor === -1) return `-${printed}`;
  return `${factor}${style === 'pretty' ? '·' : '*'}${printed}`;
}

function printAtom(atom: Atom, style: ExpressionStyle): string {
  if (atom.kind === 'symbol') return printTerm({ coefficient: 1, atom }, style, 1);
  if (atom.kind !== 'floor') return `${atom.kind}(${atom.args.map((arg) => printLinear(arg, style)).join(', ')})`;
  const { numerator, divisor } = atom;
  // floor((A + c)/k) = ceil((A + c − k + 1)/k) for integer A; print the form with the smaller constant.
  const ceilConstant = numerator.constant - divisor + 1;
  const asCeil = Math.abs(ceilConstant) < Math.abs(numerator.constant);
  const shown: SymExpr = asCeil ? { ...numerator, constant: ceilConstant } : numerator;
  // Scale numerator and divisor so that every symbol prints with an integer coefficient.
  const scale = unitDenominator(shown);
  const top = printLinear(shown, style, scale);
  const single = shown.terms.length === 1 && shown.constant === 0 && !/^[-−]/.test(top);
  const quotient = `${single ? top : `(${top})`}/${divisor * scale}`;
  if (style === 'pretty') return asCeil ? `⌈${quotient}⌉` : `⌊${quotient}⌋`;
  return `${asCeil ? 'ceil' : 'floor'}(${quotient})`;
}
