/**
 * Mutations of seed model files: small edits a person makes while typing (truncation, flipped
 * characters, swapped tokens, duplicated or deleted lines) and hostile inputs (deep nesting,
 * huge and negative numbers, wrong types, alias bombs, 10^6-element lists, 1 MB lines, code that
 * would do harm if it were ever executed). Each mutation is a pure function of its random stream.
 */
import type { ModelFormat } from './corpus';
import { VOCABULARIES } from '../../src/core/frameworks';
import { MODULES_8_4, PARTIAL_MODULES } from '../../src/core/formats/ultralytics/modules';
import type { Seed } from './corpus';
import { generateProgram, type MetamorphicCheck } from './programs';
import type { Random } from './random';

export interface FuzzInput {
  /** The mutation(s) applied, e.g. `flip` or `multi(delete-line+huge-number)`. */
  kind: string;
  /** The seed's path: its extension selects the reader. */
  fileName: string;
  text: string;
  /** For a generated program: what must hold between it and its twin (programs.ts). */
  check?: MetamorphicCheck;
}

interface MutationContext {
  format: ModelFormat;
  random: Random;
  corpus: readonly Seed[];
}

type Mutation = (text: string, context: MutationContext) => string;

/** Written into TS/JS inputs: if the reader ever executed workspace code, this global would be set. */
export const EXECUTION_CANARY = '__convlensFuzzExecuted';

const MILLION = 1_000_000;
/** Inputs grow no larger than this (a mutation that would is skipped): above the readers' own limit. */
const MAX_INPUT_LENGTH = 6 * MILLION;

/** Numbers and non-numbers where the models have numbers. */
const HOSTILE_NUMBERS = [
  '1e308', '-1e308', '1e400', '9007199254740993', '9007199254740992', '9007199254740991', '18446744073709551616',
  '-5', '-1', '0', '-0', '0.5', '2.5', '4.0', '1e-320', '3e2', '0x10', '0o17', '0b11', '1_000', '007',
  'NaN', 'Infinity', '-Infinity', 'null', 'true', '"3"', "'4'", '[]', '{}', '[2, 2, 2, 2, 2]', '[[3]]', '[-1, 0]',
];
const YAML_NUMBERS = ['.nan', '.inf', '-.inf', '~', '!!int 1.5', '!!float 3', '!!str 3', '0x1p3', '+12', '1:20'];
const TS_NUMBERS = ['2 ** 53 + 1', '2 ** 1024', '-(2 ** 60)', 'Number.MAX_VALUE', 'Math.pow(2, 70)', '1 / 0', '0 / 0', '10n', '4 % 0', 'Math.floor(-0.5)', '3 - 3'];

/** Tokens that mean something to a reader, inserted or substituted anywhere. */
const STRUCTURE_TOKENS = ['[', ']', '{', '}', ',', ':', '-', '- ', '"', "'", '`', '#', '&a', '*a', '!', '|', '>', '?', '\n', '\t', '\\', '...', '---', '(', ')', ';', '=>', '/*', '//', '${'];
const KEY_TOKENS = [
  'type', 'name', 'from', 'expect', 'input', 'inputs', 'layers', 'framework', 'like', 'size', 'groups', 'dim', 'axis',
  'class_name', 'config', 'inbound_nodes', 'batch_input_shape', 'batch_shape', 'inputShape', 'outputPadding', 'output_size',
  'pytorch', 'keras', 'onnx', 'tensorflow', 'tfjs', 'same', 'valid', 'SAME_UPPER', 'N', '?', '__proto__', 'constructor', 'toString',
];
const LAYER_TYPES = [...new Set(Object.values(VOCABULARIES).flatMap((vocabulary) => Object.keys(vocabulary.layers)))].sort();

const ODD_CHARACTERS = ['\u0000', '\u0007', '\u001b', '\u00a0', '\u2028', '\u2029', '\ufeff', '\ud800', '\udfff', '😀', 'ß', '\r', '\t', '\u200b', 'İ'];

function randomCharacter(random: Random): string {
  if (random.chance(0.3)) return random.pick(ODD_CHARACTERS);
  if (random.chance(0.4)) return random.pick(STRUCTURE_TOKENS)[0];
  return String.fromCharCode(random.between(0x20, 0x7e));
}

function replaceAt(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end);
}

/** Tokens: words, numbers, quoted strings, single punctuation characters, whitespace runs. */
function tokenize(text: string): { start: number; end: number }[] {
  const tokens: { start: number; end: number }[] = [];
  const pattern = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_$][\w$]*|\s+|./gu;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) tokens.push({ start: match.index, end: match.index + match[0].length });
  return tokens;
}

function matches(text: string, pattern: RegExp): { start: number; end: number; text: string }[] {
  return [...text.matchAll(pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length, text: match[0] }));
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** A value of the reader's syntax as a string: a list of `count` copies of `item`. */
function flowList(count: number, item: string): string {
  return `[${new Array<string>(count).fill(item).join(', ')}]`;
}

/** Positions right after `key:` (YAML/TS) or `"key":` (JSON) — where a value starts. */
function valuePositions(text: string): { start: number; end: number }[] {
  // The look-behind keeps matches from starting inside a word: linear even on a 1 MB identifier.
  return matches(text, /(?<![\w"'])(["']?[A-Za-z_][\w]*["']?[ \t]*:[ \t]*)([^\n,}\]]*)/g).map((match) => {
    const key = /^["']?[A-Za-z_][\w]*["']?[ \t]*:[ \t]*/.exec(match.text)![0];
    return { start: match.start + key.length, end: match.end };
  });
}

/** Replaces one value (after a key) by `value`; appends it to the text when there is none. */
function replaceSomeValue(text: string, random: Random, value: string): string {
  const positions = valuePositions(text);
  if (positions.length === 0) return text + value;
  const { start, end } = random.pick(positions);
  return replaceAt(text, start, end, value);
}

/** The value a key is most interesting to attack with: a shape, a per-axis parameter, a reference. */
const ATTACKED_KEYS = /\b(input|inputs|kernel_size|kernel_shape|kernelSize|stride|strides|padding|pads|output_padding|outputPadding|dilation|filters|out_channels|from|expect|size|scale_factor|shape|inputShape|batch_input_shape|batch_shape|filter_shape|output_shape|layers)\b["']?\s*:\s*/g;

function replaceAttackedValue(text: string, random: Random, value: string): string {
  const keys = matches(text, ATTACKED_KEYS);
  if (keys.length === 0) return replaceSomeValue(text, random, value);
  const key = random.pick(keys);
  const rest = text.slice(key.end);
  // The value runs to the end of the line, or over a balanced flow/JSON bracket.
  let end = key.end + (rest.search(/\n/) < 0 ? rest.length : rest.search(/\n/));
  if (rest.startsWith('[') || rest.startsWith('{')) {
    let depth = 0;
    for (let i = 0; i < rest.length; i++) {
      if ('[{('.includes(rest[i])) depth++;
      else if (']})'.includes(rest[i]) && --depth === 0) {
        end = key.end + i + 1;
        break;
      }
    }
  } else {
    end = Math.min(end, key.end + Math.max(0, rest.search(/[,}\]\n]/)));
  }
  return replaceAt(text, key.end, end, value);
}

const truncate: Mutation = (text, { random }) => text.slice(0, random.below(text.length + 1));

const flip: Mutation = (text, { random }) => {
  let result = text;
  const count = random.between(1, 8);
  for (let i = 0; i < count && result.length > 0; i++) {
    const at = random.below(result.length);
    result = random.chance(0.3) ? replaceAt(result, at, at, randomCharacter(random)) : replaceAt(result, at, at + 1, randomCharacter(random));
  }
  return result;
};

const deleteRange: Mutation = (text, { random }) => {
  const start = random.below(text.length + 1);
  return replaceAt(text, start, Math.min(text.length, start + random.between(1, 60)), '');
};

const swapTokens: Mutation = (text, { random }) => {
  const tokens = tokenize(text).filter((token) => text.slice(token.start, token.end).trim() !== '');
  if (tokens.length < 2) return text;
  let [a, b] = [random.pick(tokens), random.pick(tokens)];
  if (a.start > b.start) [a, b] = [b, a];
  if (a.start === b.start) return text;
  return text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
};

/** The tokens of a text that are not whitespace. */
function wordTokens(text: string): { start: number; end: number }[] {
  return tokenize(text).filter((token) => text.slice(token.start, token.end).trim() !== '');
}

/** Deletes a run of one to five tokens: a missing `)`, a lost argument, half an expression. */
const deleteTokens: Mutation = (text, { random }) => {
  const tokens = wordTokens(text);
  if (tokens.length === 0) return text;
  const first = random.below(tokens.length);
  const last = Math.min(tokens.length - 1, first + random.between(0, 4));
  return replaceAt(text, tokens[first].start, tokens[last].end, '');
};

/** Writes a run of one to eight tokens twice: `model.add(model.add(`, `i++ i++`, `{{`. */
const duplicateTokens: Mutation = (text, { random }) => {
  const tokens = wordTokens(text);
  if (tokens.length === 0) return text;
  const first = random.below(tokens.length);
  const last = Math.min(tokens.length - 1, first + random.between(0, 7));
  const run = text.slice(tokens[first].start, tokens[last].end);
  return replaceAt(text, tokens[last].end, tokens[last].end, ` ${run}`);
};

/** Inserts a run of tokens of another seed of the same format at a token boundary (crossover by tokens). */
const spliceTokens: Mutation = (text, { format, random, corpus }) => {
  const donor = random.pick(corpus.filter((seed) => seed.format === format)).text;
  const donorTokens = wordTokens(donor);
  if (donorTokens.length === 0) return text;
  const first = random.below(donorTokens.length);
  const last = Math.min(donorTokens.length - 1, first + random.between(0, 30));
  const piece = donor.slice(donorTokens[first].start, donorTokens[last].end);
  const tokens = wordTokens(text);
  const at = tokens.length === 0 ? text.length : random.pick(tokens)[random.chance(0.5) ? 'start' : 'end'];
  return replaceAt(text, at, at, ` ${piece} `);
};

const replaceToken: Mutation = (text, { random }) => {
  const tokens = tokenize(text);
  if (tokens.length === 0) return text;
  const token = random.pick(tokens);
  const replacement = random.pick([...STRUCTURE_TOKENS, ...KEY_TOKENS, ...LAYER_TYPES, ...HOSTILE_NUMBERS]);
  return random.chance(0.5) ? replaceAt(text, token.start, token.end, replacement) : replaceAt(text, token.start, token.start, replacement);
};

function hostileNumber(format: ModelFormat, random: Random): string {
  const extra = format === 'yaml' ? YAML_NUMBERS : format === 'typescript' ? TS_NUMBERS : [];
  return random.pick([...HOSTILE_NUMBERS, ...extra]);
}

const hostileNumbers: Mutation = (text, { format, random }) => {
  const numbers = matches(text, /(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])/g);
  if (numbers.length === 0) return text;
  let result = text;
  const count = random.chance(0.7) ? 1 : random.between(2, 6);
  // From the end, so earlier offsets stay valid.
  const chosen = [...new Set(Array.from({ length: count }, () => random.below(numbers.length)))].sort((a, b) => b - a);
  for (const index of chosen) result = replaceAt(result, numbers[index].start, numbers[index].end, hostileNumber(format, random));
  return result;
};

/** Strings where numbers or lists belong, lists where scalars belong, and so on. */
const wrongTypes: Mutation = (text, { format, random }) => {
  const values = ['"3"', 'three', '[3, "x"]', '[3.5, 3.5]', '{a: 1}', '[]', '[[]]', 'null', 'true', '""', '[N, N]', '-3', '[1, 2, 3, 4, 5, 6, 7, 8]', '?'];
  const jsonValues = ['"3"', '[3, "x"]', '[3.5, 3.5]', '{"a": 1}', '[]', '[[]]', 'null', 'true', '""', '["N", "N"]', '-3', '[1e308, 1e308]', '[9007199254740993, 2]', '[0, 0]', '[-1, 4]'];
  const value = random.pick(format === 'json' ? jsonValues : values);
  return replaceAttackedValue(text, random, value);
};

/** Huge, negative and fractional dimensions inside shape and per-axis lists. */
const hostileShape: Mutation = (text, { format, random }) => {
  const dim = () => random.pick(['1e308', '9007199254740993', '4503599627370497', '4294967297', '-5', '0', '2.5', 'NaN', '1e20', '65536', '100000']);
  const symbol = format === 'json' ? 'null' : random.pick(['N', '?', 'B']);
  const items = [symbol, ...Array.from({ length: random.between(1, 5) }, dim)];
  if (format === 'typescript') items[0] = random.pick(['undefined', 'null', 'BATCH']);
  return replaceAttackedValue(text, random, `[${items.join(', ')}]`);
};

/** How many copies of `piece` fit in the input size limit, at most `wanted`. */
function copiesThatFit(piece: number, wanted: number): number {
  return Math.max(1, Math.min(wanted, Math.floor(MAX_INPUT_LENGTH / Math.max(1, piece))));
}

const duplicateLine: Mutation = (text, { random }) => {
  const all = lines(text);
  const at = random.below(all.length);
  const times = copiesThatFit(all[at].length, random.chance(0.8) ? 1 : random.between(2, 200));
  all.splice(at, 0, ...new Array<string>(times).fill(all[at]));
  return all.join('\n');
};

const deleteLines: Mutation = (text, { random }) => {
  const all = lines(text);
  all.splice(random.below(all.length), random.chance(0.8) ? 1 : random.between(2, 10));
  return all.join('\n');
};

const swapLines: Mutation = (text, { random }) => {
  const all = lines(text);
  const [a, b] = [random.below(all.length), random.below(all.length)];
  [all[a], all[b]] = [all[b], all[a]];
  return all.join('\n');
};

const reindent: Mutation = (text, { random }) => {
  const all = lines(text);
  const at = random.below(all.length);
  const indent = random.pick(['', ' ', '  ', '    ', '\t', '   \t', ' '.repeat(40)]);
  all[at] = indent + all[at].trimStart();
  return all.join('\n');
};

/** Copies a block of lines (often a whole layer) many times: models with thousands of layers. */
const duplicateBlock: Mutation = (text, { random }) => {
  const all = lines(text);
  const start = random.below(all.length);
  const block = all.slice(start, start + random.between(1, 12));
  const times = copiesThatFit(block.join('\n').length, random.pick([2, 10, 100, 1000, 5000]));
  all.splice(start, 0, ...Array.from({ length: times }, () => block).flat());
  return all.join('\n');
};

/** Inserts a slice of another seed of the same format (crossover). */
const splice: Mutation = (text, { format, random, corpus }) => {
  const donors = corpus.filter((seed) => seed.format === format);
  const donor = random.pick(donors).text;
  const from = random.below(donor.length);
  const piece = donor.slice(from, from + random.between(1, 400));
  const at = random.below(text.length + 1);
  return replaceAt(text, at, at, piece);
};

function nesting(format: ModelFormat, depth: number, random: Random, balanced: boolean): string {
  const [open, close] =
    format === 'typescript' ? random.pick([['[', ']'], ['(', ')'], ['{a: ', '}']]) : format === 'json' ? random.pick([['[', ']'], ['{"a": ', '}']]) : random.pick([['[', ']'], ['{a: ', '}']]);
  return open.repeat(depth) + '1' + (balanced ? close.repeat(depth) : '');
}

const deepNesting: Mutation = (text, { format, random }) => {
  const depth = random.pick([10, 100, 600, 1000, 10_000, 100_000]);
  const value = nesting(format, depth, random, random.chance(0.7));
  if (format === 'yaml' && random.chance(0.3)) {
    // Block-style nesting: `- - - - x`, the indentation grows with each level.
    return replaceSomeValue(text, random, `\n${Array.from({ length: Math.min(depth, 2000) }, (_, level) => `${' '.repeat(level * 2)}-`).join('\n')} 1`);
  }
  return replaceAttackedValue(text, random, value);
};

/** Billion laughs: nine levels of ten aliases each stand for 10^9 values. */
const aliasBomb: Mutation = (text, { random }) => {
  const levels = random.between(3, 9);
  const anchors = [`bomb0: &b0 [x, x, x, x, x, x, x, x, x, x]`];
  for (let level = 1; level < levels; level++) anchors.push(`bomb${level}: &b${level} [${new Array<string>(10).fill(`*b${level - 1}`).join(', ')}]`);
  const target = random.pick([`*b${levels - 1}`, `*b${levels - 1}`, '&self [*self]', `{<<: *b${levels - 1}}`]);
  const withBomb = `${anchors.join('\n')}\n${text}`;
  if (random.chance(0.2)) return withBomb.replace(/^layers:.*$/m, `layers: *b${levels - 1}`);
  return replaceAttackedValue(withBomb, random, target);
};

/** YAML features a safe reader must not honour: language-specific tags, custom tags, merges. */
const yamlTags: Mutation = (text, { random }) => {
  const tag = random.pick([
    '!!python/object/apply:os.system ["echo executed"]',
    '!!python/name:os.system',
    '!!js/function "function () { globalThis.x = 1 }"',
    '!custom 3',
    '!!binary aGVsbG8=',
    '!!set {a, b}',
    '!!omap [a: 1]',
    '!!timestamp 2001-12-14',
    '!<tag:yaml.org,2002:int> 3',
    '!!map {}',
    '<<: *missing',
    '&dup 3',
  ]);
  return replaceSomeValue(text, random, tag);
};

/** Code that would have effects if it were run rather than parsed. */
const tsExecution: Mutation = (text, { random }) => {
  const payload = random.pick([
    `eval("globalThis.${EXECUTION_CANARY} = 1")`,
    `new Function("globalThis.${EXECUTION_CANARY} = 1")()`,
    `(globalThis.${EXECUTION_CANARY} = 1)`,
    `require("child_process").execSync("exit 3")`,
    `process.exit(7)`,
    `import("data:text/javascript,globalThis.${EXECUTION_CANARY}=1")`,
    `(() => { while (true) {} })()`,
    `[...Array(1e9)].length`,
  ]);
  return random.chance(0.5) ? replaceAttackedValue(text, random, payload) : `${payload};\n${text}`;
};

/** Constant folding as a bomb: each const doubles the previous one (2^40 items, or cycles). */
const tsFoldingBomb: Mutation = (text, { random }) => {
  const levels = random.pick([20, 40, 64]);
  const style = random.pick(['spread', 'nested', 'object', 'cycle', 'arithmetic']);
  const declarations: string[] = [];
  if (style === 'cycle') {
    declarations.push('const cycleA = cycleB;', 'const cycleB = [...cycleA, 1];', 'const cycleC = {...cycleC};');
  } else {
    declarations.push(style === 'object' ? 'const fold0 = {a: 1, b: 2};' : 'const fold0 = [2, 2];');
    for (let level = 1; level < levels; level++) {
      const previous = `fold${level - 1}`;
      declarations.push(
        style === 'spread' ? `const fold${level} = [...${previous}, ...${previous}];`
        : style === 'nested' ? `const fold${level} = [${previous}, ${previous}];`
        : style === 'object' ? `const fold${level} = {a: ${previous}, b: ${previous}, ...${previous}};`
        : `const fold${level} = ${previous} * ${previous} + ${previous};`,
      );
    }
  }
  const last = style === 'cycle' ? random.pick(['cycleA', 'cycleB', 'cycleC']) : `fold${levels - 1}`;
  const value = random.pick([last, `${last}[3]`, `${last}.length`, `[${last}, 3]`, `{...${last}}`]);
  return `${declarations.join('\n')}\n${replaceAttackedValue(text, random, value)}`;
};

/**
 * A TF.js program in the shapes the interpreter follows (SPEC.md §1.3) — helpers, closures,
 * classes, loops, spreads, destructuring, conditions — with hostile turns drawn in: loops without
 * end, recursion without a base case, huge arrays, getters, `__proto__` keys, models handed to
 * themselves. Replaces the seed, or is appended to it.
 */
const tsProgram: Mutation = (text, { random }) => {
  const small = () => random.pick(['0', '1', '2', '3', '4', '8', '16', '-1', '0.5', '1e9', 'NaN', 'undefined', 'null', "'same'", 'n', 'i', 'size', 'opts.size', 'this.size']);
  const number = () => (random.chance(0.7) ? String(random.between(1, 64)) : small());
  const expression = (depth: number): string => {
    if (depth > 2 || random.chance(0.4)) return number();
    const a = expression(depth + 1);
    const b = expression(depth + 1);
    return random.pick([
      `${a} * ${b}`,
      `${a} + ${b}`,
      `Math.floor(${a} / ${b})`,
      `Math.max(${a}, ${b})`,
      `(${a} ?? ${b})`,
      `(${a} || ${b})`,
      `(${a} > ${b} ? ${a} : ${b})`,
      `[${a}, ${b}][${random.between(0, 2)}]`,
      `{size: ${a}, ...{size: ${b}}}.size`,
      `\`\${${a}}\`.length`,
      `[${a}, ${b}].map((v) => v * 2).reduce((x, y) => x + y, 0)`,
      `helper(${a})`,
      `new Block(${a}).size`,
      `Array.from({length: ${b}}, (_, k) => k).length`,
    ]);
  };
  const layer = () =>
    random.pick([
      `tf.layers.dense({units: ${expression(0)}})`,
      `tf.layers.conv2d({filters: ${expression(0)}, kernelSize: ${expression(1)}, padding: 'same'})`,
      `tf.layers.conv2dTranspose({filters: ${expression(0)}, kernelSize: 4, strides: ${expression(1)}, padding: 'same'})`,
      `tf.layers.flatten()`,
      `tf.layers.reshape({targetShape: [${expression(1)}, ${expression(1)}, 4]})`,
      `new Custom({units: ${expression(0)}})`,
      `inner`,
      `model`,
    ]);
  const statement = (depth: number): string => {
    const body = () => (depth > 2 ? `model.add(${layer()});` : statement(depth + 1));
    // Loops that may not end add layers rarely: a model of thousands of layers tests the engine, not the interpreter.
    const endless = () => (random.chance(0.1) ? body() : random.pick(['n++;', 'i = helper(i);', 'size = [size][0];']));
    return random.pick([
      `model.add(${layer()});`,
      `for (let i = 0; i < ${random.chance(0.8) ? random.between(0, 4) : expression(0)}; i++) { ${random.chance(0.8) ? body() : endless()} }`,
      `for (const v of [${number()}, ${number()}]) { ${body()} }`,
      `for (const k in {a: 1, __proto__: {b: 2}}) { ${body()} }`,
      `while (n ${random.pick(['>', '<', '!=='])} ${number()}) { n = Math.floor(n / 2); ${endless()} }`,
      `do { ${endless()} n--; } while (n > 0);`,
      `if (${expression(0)} > ${expression(0)}) { ${body()} } else { ${body()} }`,
      `switch (${expression(0)}) { case 1: ${body()} break; default: ${body()} }`,
      `upBlock(model, ${expression(0)});`,
      `new Block(${expression(0)}).addTo(model);`,
      `n = ${expression(0)};`,
      `({size, ...opts} = {size: ${expression(0)}, extra: [${number()}]});`,
      `try { ${body()} } catch (e) { ${body()} } finally { n++; }`,
      `const arr${depth} = new Array(${random.pick(['3', '1e9', 'n', '-1'])}).fill(${number()});`,
      `const big${depth} = [...Array(${random.pick(['4', '1e7'])}).keys()];`,
      `let s${depth} = 'x'; for (let j = 0; j < ${random.pick(['4', '40'])}; j++) s${depth} += s${depth};`,
      `forever(${number()});`,
      `const obj${depth} = {get size() { return obj${depth}.size; }}; n = obj${depth}.size;`,
      `model.add(inner); inner.add(model);`,
      `const x${depth} = tf.layers.dense({units: ${expression(0)}}).apply(${random.pick(['input', `[input, input]`, 'model', 'x'])});`,
    ]);
  };
  const lines = [
    `import * as tf from '@tensorflow/tfjs';`,
    `let n = ${number()}; let size = ${number()}; let opts = {size: ${number()}}; let i = 0;`,
    `function helper(v = ${number()}) { return v ${random.pick(['* 2', '+ helper(v - 1)', '/ 2', ''])}; }`,
    `function forever(v) { return ${random.pick(['forever(v + 1)', 'v', '[forever, v]'])}; }`,
    `function upBlock(m, filters = ${number()}) { m.add(tf.layers.conv2dTranspose({filters, kernelSize: 4, strides: 2, padding: 'same'})); }`,
    `class Block { size = ${number()}; constructor(size) { this.size = size ?? this.size; } addTo(m) { m.add(tf.layers.dense({units: this.size})); } }`,
    `class Custom extends tf.layers.Layer { computeOutputShape(s) { return s; } }`,
    `const input = tf.input({shape: [${number()}, ${number()}, 3]});`,
    `const inner = tf.sequential(); inner.add(tf.layers.dense({inputShape: [${number()}], units: ${number()}}));`,
    `const model = tf.sequential();`,
    `model.add(tf.layers.dense({inputShape: [${expression(0)}], units: ${expression(0)}}));`,
  ];
  const count = random.between(1, 8);
  for (let index = 0; index < count; index++) lines.push(statement(0));
  lines.push(random.pick([`export const net = tf.model({inputs: input, outputs: tf.layers.flatten().apply(input)});`, `model.summary();`, `export default model;`]));
  const program = lines.join('\n');
  return random.chance(0.7) ? program : `${text}\n${program}`;
};

/** Names that point at the wrong layer: self-references and cycles in `from`/`inbound_nodes`. */
const swapStrings: Mutation = (text, { random }) => {
  const strings = matches(text, /"[A-Za-z_][\w]*"|'[A-Za-z_][\w]*'|(?<=(?:name|from|like):\s*)[A-Za-z_]\w*/g);
  if (strings.length < 2) return text;
  const target = random.pick(strings);
  return replaceAt(text, target.start, target.end, random.pick(strings).text);
};

/** A list of 10^6 elements where a shape, a parameter or the layers belong. */
const hugeList: Mutation = (text, { format, random }) => {
  const count = random.pick([100_000, MILLION]);
  if (format === 'yaml' && random.chance(0.3)) {
    return text.replace(/^layers:.*$/m, `layers:\n${'  - type: ReLU\n'.repeat(count / 10)}`);
  }
  const item = random.pick(format === 'json' ? ['1', '0', '{}', '[]', '"x"'] : ['1', '0', '{}', '[]', 'N']);
  return replaceAttackedValue(text, random, flowList(count, item));
};

/** A 1 MB line: a comment, a name, a number with a million digits, a key. */
const longLine: Mutation = (text, { format, random }) => {
  const long = (char: string) => char.repeat(MILLION);
  const choice = random.below(4);
  if (choice === 0) return replaceAttackedValue(text, random, long('9'));
  if (choice === 1) return replaceSomeValue(text, random, format === 'yaml' ? long('x') : `"${long('x')}"`);
  if (choice === 2) {
    const comment = format === 'yaml' ? `# ${long('c')}\n` : format === 'json' ? long(' ') : `// ${long('c')}\n`;
    const at = random.below(text.length + 1);
    return replaceAt(text, at, at, comment);
  }
  return replaceSomeValue(text, random, `[${long('1')}]`);
};

const lineEndings: Mutation = (text, { random }) => {
  const choice = random.below(4);
  if (choice === 0) return text.replace(/\n/g, '\r\n');
  if (choice === 1) return text.replace(/\n/g, '\r');
  if (choice === 2) return `\ufeff${text}`;
  return text.replace(/ {2}/g, '\t');
};

// 8.4's library holds 8.3's and the YOLO26 modules; nn.ZeroPad2d is in both.
const ULTRALYTICS_MODULES = [...Object.keys(MODULES_8_4), ...Object.keys(PARTIAL_MODULES), 'MyBlock', 'nn.Conv2d'];
/** What a row's `from`, `n` and arguments become when people edit YOLO configs. */
const ROW_FROM = ['-1', '-2', '0', '99', '-99', '[-1, 6]', '[-1, 99]', '[-1, -1]', '[]', '[15, 18, 21]', '1.5', 'nc', 'None'];
const ROW_REPEATS = ['0', '1', '3', '9', '-1', '0.5', '1001', '1e9', 'True', 'None'];
const ROW_ARGS = ['[]', '[nc]', '[64]', '[0]', '[-64]', '[64, 3, 2]', '[64, 0, 0]', '[64, 3, 0]', '[256, 256, 2, 2]', '[64, 4, 2, 1, 0, 64]',
  '[None, 2, "nearest"]', '[None, 0.5, "bilinear"]', '[None, 3, "nearest"]', '[1]', '[1024, True]', '[64, True, 0.25]', '[nc, 32, 256]',
  '[64, 3, 2, None, 64]', '[[64, 128]]', '["x", "y"]', '[1e9]', '[1.5, 3, 2]'];

/**
 * Ultralytics rows edited as people do: `from` pointing elsewhere, repeats, another module, other
 * arguments; a fourth value per scale; a row copied or removed. Only for YOLO configs.
 */
const yoloRows: Mutation = (text, { random }) => {
  const rows = matches(text, /^(\s*- )\[(.+?), (.+?), ([\w.]+), (\[.*\])\](.*)$/gm);
  if (rows.length === 0) return text;
  const row = random.pick(rows);
  const [, indent, from, repeats, module, args, rest] = /^(\s*- )\[(.+?), (.+?), ([\w.]+), (\[.*\])\](.*)$/.exec(row.text) ?? [];
  const choice = random.below(7);
  const parts = [
    choice === 0 ? random.pick(ROW_FROM) : from,
    choice === 1 ? random.pick(ROW_REPEATS) : repeats,
    choice === 2 ? random.pick(ULTRALYTICS_MODULES) : module,
    choice === 3 ? random.pick(ROW_ARGS) : args,
  ];
  if (choice === 4) return text.replace(/^(\s+\w+: \[[\d.]+, [\d.]+, \d+)\]/m, `$1, ${random.pick(['1', '2', '0.5'])}]`);
  if (choice === 5) return replaceAt(text, row.end, row.end, `
${row.text}`);
  if (choice === 6) return replaceAt(text, row.start, Math.min(text.length, row.end + 1), '');
  return replaceAt(text, row.start, row.end, `${indent}[${parts.join(', ')}]${rest}`);
};

/** Cheap mutations, each applied with equal weight. */
const LIGHT: Record<string, Mutation> = {
  truncate,
  flip,
  'delete-range': deleteRange,
  'swap-tokens': swapTokens,
  'replace-token': replaceToken,
  'hostile-number': hostileNumbers,
  'wrong-type': wrongTypes,
  'hostile-shape': hostileShape,
  'duplicate-line': duplicateLine,
  'delete-lines': deleteLines,
  'swap-lines': swapLines,
  reindent,
  splice,
  'swap-strings': swapStrings,
  'line-endings': lineEndings,
};

/** Mutations for one format only. */
const BY_FORMAT: Record<ModelFormat, Record<string, Mutation>> = {
  yaml: { 'yaml-tags': yamlTags, 'alias-bomb': aliasBomb, 'yolo-rows': yoloRows },
  json: {},
  typescript: { 'ts-execution': tsExecution, 'ts-folding-bomb': tsFoldingBomb, 'ts-program': tsProgram },
};

/** What `--interpreter` applies to its corpus: token edits first, with the other light and TypeScript mutations. */
const INTERPRETER_MUTATIONS: Record<string, Mutation> = {
  'delete-tokens': deleteTokens,
  'duplicate-tokens': duplicateTokens,
  'splice-tokens': spliceTokens,
  'swap-tokens': swapTokens,
  'replace-token': replaceToken,
  'hostile-number': hostileNumbers,
  'delete-lines': deleteLines,
  'duplicate-line': duplicateLine,
  'swap-lines': swapLines,
  splice,
  'ts-execution': tsExecution,
};

/** Expensive mutations (large inputs), drawn with probability {@link MutateOptions.heavyShare}. */
const HEAVY: Record<string, Mutation> = {
  'deep-nesting': deepNesting,
  'duplicate-block': duplicateBlock,
  'huge-list': hugeList,
  'long-line': longLine,
};

export interface MutateOptions {
  /** The share of inputs built by the expensive mutations (0..1). */
  heavyShare: number;
  /** The share of inputs that are generated TF.js programs for the interpreter (0..1; `ts-program`). */
  programShare?: number;
}

/** One to four mutations of `pool` applied to `text`; the input they make. */
function applyMutations(text: string, fileName: string, pool: Record<string, Mutation>, context: MutationContext): FuzzInput {
  const { random } = context;
  const names = Object.keys(pool);
  const steps = random.chance(0.75) ? 1 : random.between(2, 4);
  const applied: string[] = [];
  for (let step = 0; step < steps; step++) {
    const name = random.pick(names);
    const next = pool[name](text, context);
    if (next.length > MAX_INPUT_LENGTH) continue;
    text = next;
    applied.push(name);
  }
  if (applied.length === 0) applied.push('none');
  return { kind: applied.length === 1 ? applied[0] : `multi(${applied.join('+')})`, fileName, text };
}

/** One mutated input: one to four mutations of a seed, chosen by `random`. */
export function mutate(seed: Seed, corpus: readonly Seed[], random: Random, options: MutateOptions): FuzzInput {
  if (random.chance(options.programShare ?? 0)) {
    const scripts = corpus.filter((candidate) => candidate.format === 'typescript');
    const script = random.pick(scripts);
    return { kind: 'ts-program', fileName: script.path, text: tsProgram(script.text, { format: 'typescript', random, corpus }) };
  }
  const context: MutationContext = { format: seed.format, random, corpus };
  const pool = random.chance(options.heavyShare) ? HEAVY : { ...LIGHT, ...BY_FORMAT[seed.format] };
  return applyMutations(seed.text, seed.path, pool, context);
}

/**
 * One input for the interpreter (`--interpreter`; `corpus` holds TypeScript/JavaScript only): a
 * generated program with its metamorphic check, that program broken by token edits, a hostile
 * `ts-program`, or token edits of a corpus program.
 */
export function interpreterInput(corpus: readonly Seed[], random: Random): FuzzInput {
  const context: MutationContext = { format: 'typescript', random, corpus };
  const fileName = random.pick(['generated.js', 'generated.ts', 'generated.mjs']);
  const roll = random.next();
  if (roll < 0.7) {
    const program = generateProgram(random);
    return { kind: program.kind, fileName, text: program.text, check: program.check };
  }
  if (roll < 0.8) {
    const broken = applyMutations(generateProgram(random).text, fileName, INTERPRETER_MUTATIONS, context);
    return { ...broken, kind: `program+${broken.kind}` };
  }
  const seed = random.pick(corpus);
  // Rare: most of these run into the step budget, a hundred times the cost of a generated program.
  if (roll < 0.81) return { kind: 'ts-program', fileName: seed.path, text: tsProgram(seed.text, context) };
  return applyMutations(seed.text, seed.path, INTERPRETER_MUTATIONS, context);
}

/** The systematic truncations of one seed: every position, or `limit` evenly spaced ones. */
export function truncationPoints(text: string, limit: number): number[] {
  const step = Math.max(1, Math.ceil((text.length + 1) / limit));
  const points: number[] = [];
  for (let end = 0; end <= text.length; end += step) points.push(end);
  if (points[points.length - 1] !== text.length) points.push(text.length);
  return points;
}
