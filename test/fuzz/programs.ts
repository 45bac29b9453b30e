/**
 * Generated TF.js programs for the interpreter (SPEC.md §1.3): a random plan of layers, written
 * once as the plainest program (literal configs, one `model.add` per layer) and once through the
 * forms real model code takes — constants and option objects, helpers with defaults, closures,
 * classes with fields, getters and arrow fields, every kind of loop, recursion, destructuring,
 * spread, `Object.assign`, `??`/`||`, template strings, `Math.*` and array methods, switch,
 * try/catch. Both must give the same shapes (a metamorphic check: the truth is the plain
 * program's). Variants add a layer under a condition nobody can decide, hand the model to a call
 * the interpreter does not follow, or run hostile code (endless loops, recursion without a base
 * case, huge arrays and strings) after the first layers; then what must hold is known too.
 * Every program is a pure function of its random stream.
 */
import { Random } from './random';

/** What must hold between a generated program and its twin, or of the program alone. */
export type Relation =
  /** The twin (the same plan, written plainly) gives the same layers with the same shapes. */
  | { kind: 'same-shapes' }
  /**
   * The twin adds a layer under an undecidable condition (or hands the model to a call nobody
   * follows) after layer `from`: the layers before it are the program's, and no layer from it
   * on has a fully known output.
   */
  | { kind: 'unknown-after'; from: number }
  /** Hostile code runs after the first layers: a diagnostic must say where interpretation stopped. */
  | { kind: 'budget-reported' };

export interface MetamorphicCheck {
  relation: Relation;
  /** The program to compare with (absent for `budget-reported`). */
  twin?: string;
  /** What the twin changed, for the failure message. */
  what: string;
}

export interface GeneratedProgram {
  kind: string;
  text: string;
  check?: MetamorphicCheck;
}

type Literal = number | string | boolean | number[];

interface LayerPlan {
  factory: string;
  params: [string, Literal][];
}

const IMAGE_SIZES = [4, 8, 12, 16, 28, 32, 64];

/** A sequential model that TF.js would build: an image stack then maybe a dense head, or a dense stack. */
function planLayers(random: Random): LayerPlan[] {
  const layers: LayerPlan[] = [];
  const count = random.between(2, 9);
  if (random.chance(0.7)) {
    const inputShape = [random.pick(IMAGE_SIZES), random.pick(IMAGE_SIZES), random.pick([1, 3, 4])];
    for (let index = 0; index < count; index++) {
      const factory = random.pick(['conv2d', 'conv2d', 'conv2dTranspose', 'maxPooling2d', 'batchNormalization', 'upSampling2d', 'activation', 'dropout', 'zeroPadding2d']);
      const params: [string, Literal][] = [];
      if (factory === 'conv2d' || factory === 'conv2dTranspose') {
        params.push(['filters', random.pick([1, 3, 8, 16, 24, 32, 64])]);
        params.push(['kernelSize', random.chance(0.8) ? random.pick([1, 2, 3, 4, 5]) : [random.between(1, 3), random.between(1, 3)]]);
        if (random.chance(0.7)) params.push(['strides', random.pick([1, 2])]);
        if (random.chance(0.7)) params.push(['padding', random.pick(['same', 'valid'])]);
        if (random.chance(0.3)) params.push(['activation', random.pick(['relu', 'tanh', 'sigmoid'])]);
        if (random.chance(0.2)) params.push(['useBias', random.chance(0.5)]);
      } else if (factory === 'maxPooling2d') {
        params.push(['poolSize', random.pick([2, 3])]);
        if (random.chance(0.5)) params.push(['strides', random.pick([1, 2])]);
        if (random.chance(0.3)) params.push(['padding', random.pick(['same', 'valid'])]);
      } else if (factory === 'upSampling2d') {
        params.push(['size', random.chance(0.7) ? [2, 2] : [random.between(1, 3), random.between(1, 3)]]);
      } else if (factory === 'activation') {
        params.push(['activation', random.pick(['relu', 'tanh', 'sigmoid', 'softmax'])]);
      } else if (factory === 'dropout') {
        params.push(['rate', random.pick([0.1, 0.25, 0.5])]);
      } else if (factory === 'zeroPadding2d') {
        params.push(['padding', random.pick([1, 2])]);
      }
      layers.push({ factory, params });
    }
    if (random.chance(0.5)) {
      layers.push({ factory: 'flatten', params: [] });
      layers.push({ factory: 'dense', params: [['units', random.pick([1, 10, 64, 128])]] });
    }
    layers[0].params.unshift(['inputShape', inputShape]);
  } else {
    for (let index = 0; index < count; index++) {
      const factory = random.pick(['dense', 'dense', 'dense', 'dropout', 'activation', 'batchNormalization']);
      const params: [string, Literal][] = [];
      if (factory === 'dense') {
        params.push(['units', random.pick([1, 2, 10, 32, 64, 100, 256])]);
        if (random.chance(0.4)) params.push(['activation', random.pick(['relu', 'tanh', 'sigmoid', 'softmax'])]);
      } else if (factory === 'dropout') params.push(['rate', random.pick([0.1, 0.2, 0.5])]);
      else if (factory === 'activation') params.push(['activation', random.pick(['relu', 'elu', 'selu'])]);
      layers.push({ factory, params });
    }
    layers[0].params.unshift(['inputShape', [random.pick([1, 4, 10, 784, 1000])]]);
  }
  return layers;
}

/**
 * Writes values, configs and statements, either plainly or through the forms of real code.
 * Declarations a form needs go into {@link prelude}, before the model is made.
 */
class Writer {
  readonly prelude: string[] = [];
  private names = 0;

  constructor(
    readonly random: Random,
    readonly plain: boolean,
  ) {}

  fresh(prefix: string): string {
    return `${prefix}${this.names++}`;
  }

  value(value: Literal, depth = 0): string {
    if (this.plain || depth > 2 || this.random.chance(0.35)) return literal(value);
    let written: string;
    if (typeof value === 'number') written = this.number(value, depth + 1);
    else if (typeof value === 'string') written = this.string(value, depth + 1);
    else if (typeof value === 'boolean') written = this.random.pick([String(value), `!${!value}`, value ? '1 > 0' : '1 < 0', `Boolean(${value ? 1 : 0})`]);
    else written = this.array(value, depth + 1);
    // Parenthesised, so that a form keeps its value inside another (`a ? b : c` in `x + ...`).
    return /^[\w$.]+$/.test(written) ? written : `(${written})`;
  }

  /** A number through one of the forms that compute it. */
  private number(n: number, depth: number): string {
    const random = this.random;
    const inner = (v: number) => this.value(v, depth);
    const forms: (() => string)[] = [
      () => this.declare(`const`, inner(n)),
      () => {
        const name = this.fresh('cfg');
        this.prelude.push(`const ${name} = {other: 1, v: ${inner(n)}};`);
        return random.pick([`${name}.v`, `${name}['v']`, `{...${name}, w: 2}.v`, `Object.assign({}, ${name}, {w: 3}).v`, `${name}?.v`]);
      },
      () => random.pick([`(undefined ?? ${inner(n)})`, `(null ?? ${inner(n)})`, `(0 || ${inner(n)})`, `(true && ${inner(n)})`, `('' || ${inner(n)})`]),
      () => `(${random.between(1, 9)} > ${random.between(-9, 0)} ? ${inner(n)} : ${random.between(100, 200)})`,
      () => `[${random.between(0, 9)}, ${inner(n)}, ${random.between(0, 9)}][1]`,
      () => `Number(\`\${${inner(n)}}\`)`,
      () => {
        const name = this.fresh('identity');
        this.prelude.push(random.pick([`function ${name}(x, unused = 7) { return x; }`, `const ${name} = (x) => x;`, `const ${name} = function (x) { return x; };`]));
        return `${name}(${inner(n)})`;
      },
      () => {
        const name = this.fresh('K');
        this.prelude.push(
          random.pick([
            `class ${name} { v = ${inner(n)}; }`,
            `class ${name} { constructor(v = ${inner(n)}) { this.v = v; } }`,
            `class ${name} { _v = ${inner(n)}; get v() { return this._v; } }`,
            `class ${name} { static base = ${inner(n)}; v = ${name}.base; }`,
            `class Base${name} { v = 0; } class ${name} extends Base${name} { constructor() { super(); this.v = ${inner(n)}; } }`,
          ]),
        );
        return `new ${name}().v`;
      },
      () => `({get v() { return ${inner(n)}; }}).v`,
      () => {
        const name = this.fresh('d');
        this.prelude.push(random.pick([`const {v: ${name} = ${inner(n)}} = {};`, `const [, ${name}] = [0, ${inner(n)}];`, `const {a: {b: ${name}}} = {a: {b: ${inner(n)}}};`, `const [${name} = ${inner(n)}] = [];`]));
        return name;
      },
      () => {
        const name = this.fresh('v');
        this.prelude.push(`let ${name} = 0;`, `${name} = ${inner(n)};`);
        return name;
      },
      () => `({__proto__: null, constructor: ${inner(n)}}).constructor`,
      () => `({__proto__: {v: ${random.between(100, 200)}}, v: ${inner(n)}}).v`,
    ];
    if (Number.isInteger(n) && n >= 0) {
      const split = random.between(0, n);
      forms.push(
        () => `${inner(split)} + ${inner(n - split)}`,
        () => `Math.floor(${inner(2 * n + 1)} / 2)`,
        () => `Math.max(${inner(n)}, ${random.between(-5, n)})`,
        () => `Math.min(${inner(n)}, ${n + random.between(0, 9)})`,
        () => `Math.round(${n} + 0.25)`,
        () => `Math.abs(-${inner(n)})`,
        () => `Math.sqrt(${n * n})`,
        () => (n <= 300 ? `[${new Array<string>(n).fill('0').join(', ')}].length` : literal(n)),
        () => `Array(${inner(n)}).fill(0).length`,
        () => `Array.from({length: ${inner(n)}}, (_, k) => k).length`,
        () => `[...Array(${inner(n)}).keys()].length`,
        () => (n <= 300 ? `'${'x'.repeat(n)}'.length` : literal(n)),
        () => `\`\${'ab'.repeat(${inner(n)})}\`.length / 2`,
        () => `parseInt('${n}', 10)`,
        () => `[1, 2, 3].map((x) => x * ${inner(n)})[0]`,
        () => `[${inner(n)}, 1].reduce((a, b) => a * b, 1)`,
        () => `[3, ${inner(n)}, 1].filter((x) => x >= 0).length === 3 ? ${inner(n)} : -1`,
        () => {
          const name = this.fresh('count');
          const bound = Math.min(n, 200);
          const rest = n - bound;
          this.prelude.push(
            random.pick([
              `let ${name} = ${rest}; for (let i = 0; i < ${bound}; i++) ${name}++;`,
              `let ${name} = ${rest}; { let i = 0; while (i < ${bound}) { ${name} += 1; i++; } }`,
              `let ${name} = ${rest}; for (const _ of Array(${bound}).fill(1)) ${name}++;`,
              `let ${name} = ${rest}; for (const k in Array(${bound}).fill(0)) ${name}++;`,
              `let ${name} = ${rest}; outer: for (let i = 0; ; i++) { if (i >= ${bound}) break outer; ${name}++; }`,
              `let ${name} = ${rest}; for (let i = 0; i < ${bound} * 2; i++) { if (i % 2) continue; ${name}++; }`,
            ]),
          );
          return name;
        },
        () => {
          if (n > 40) return literal(n);
          const name = this.fresh('rec');
          this.prelude.push(random.pick([`function ${name}(x) { return x <= 0 ? 0 : 1 + ${name}(x - 1); }`, `const ${name} = (x, acc = 0) => (x === 0 ? acc : ${name}(x - 1, acc + 1));`]));
          return `${name}(${inner(n)})`;
        },
        () => {
          const name = this.fresh('times');
          this.prelude.push(`function ${name}(k) { return (x) => x * k; }`);
          return `${name}(1)(${inner(n)})`;
        },
        () => {
          const name = this.fresh('scale');
          this.prelude.push(`function ${name}({base = ${inner(n)}, mult = 1} = {}) { return base * mult; }`);
          return random.pick([`${name}()`, `${name}({})`, `${name}({mult: 1})`, `${name}({base: ${inner(n)}})`]);
        },
        () => `${random.pick(['Math.trunc', 'Math.ceil'])}(${n})`,
        () => `(${inner(n)} | 0)`,
      );
      if (n > 0 && (n & (n - 1)) === 0) forms.push(() => `2 ** ${Math.log2(n)}`, () => `Math.pow(2, ${inner(Math.log2(n))})`, () => `(1 << ${Math.log2(n)})`);
      if (n > 0 && n % 2 === 0) forms.push(() => `${inner(n / 2)} * 2`, () => `${inner(2 * n)} / 2`);
    }
    return random.pick(forms)();
  }

  private string(text: string, depth: number): string {
    const random = this.random;
    const inner = (v: string) => this.value(v, depth);
    const cut = random.between(0, text.length);
    const forms: (() => string)[] = [
      () => this.declare('const', inner(text)),
      () => `\`${text.slice(0, cut)}\${${inner(text.slice(cut))}}\``,
      () => `${inner(text.slice(0, cut))} + ${inner(text.slice(cut))}`,
      () => `['x', ${inner(text)}][1]`,
      () => (text === text.toLowerCase() ? `'${text.toUpperCase()}'.toLowerCase()` : `'${text}'.toString()`),
      () => `(undefined ?? ${inner(text)})`,
      () => `('' || ${inner(text)})`,
      () => `'__${text}'.slice(2)`,
      () => `['${text}'].join('')`,
      () => `{kind: ${inner(text)}}.kind`,
      () => `String(${inner(text)})`,
      () => `'${text}'.split('').join('')`,
      () => `'${text}'.trim()`,
    ];
    return random.pick(forms)();
  }

  private array(items: number[], depth: number): string {
    const random = this.random;
    const elements = items.map((item) => this.value(item, depth));
    const forms: (() => string)[] = [
      () => `[${elements.join(', ')}]`,
      () => this.declare('const', `[${elements.join(', ')}]`),
      () => `[${elements.join(', ')}].map((x) => x)`,
      () => `[${elements.join(', ')}].slice()`,
      () => `[...[${elements.slice(0, 1).join(', ')}], ...[${elements.slice(1).join(', ')}]]`,
      () => `[${elements.slice(0, 1).join(', ')}].concat([${elements.slice(1).join(', ')}])`,
      () => `[${elements.join(', ')}, 99].slice(0, ${items.length})`,
      () => `Array.of(${elements.join(', ')})`,
      () => `[${elements.join(', ')}].filter(() => true)`,
    ];
    if (items.every((item) => item === items[0])) forms.push(() => `Array(${items.length}).fill(${elements[0]})`, () => `new Array(${items.length}).fill(${elements[0]})`);
    return random.pick(forms)();
  }

  /** A binding in the prelude holding `expression`; its name. */
  private declare(keyword: 'const' | 'let', expression: string): string {
    const name = this.fresh('c');
    this.prelude.push(`${keyword} ${name} = ${expression};`);
    return name;
  }

  /** A layer's config object (`{}` for none) through literal, spread, `Object.assign`, an IIFE or a helper with defaults. */
  config(params: [string, Literal][]): string {
    const random = this.random;
    const pairs = params.map(([key, value]) => [key, this.value(value)] as const);
    const literalObject = (entries: readonly (readonly [string, string])[]) => `{${entries.map(([key, value]) => `${key}: ${value}`).join(', ')}}`;
    if (this.plain || pairs.length === 0 || random.chance(0.3)) return literalObject(pairs);
    const split = random.between(0, pairs.length);
    const [base, own] = [pairs.slice(0, split), pairs.slice(split)];
    const overridden = own.length > 0 ? [...base, [own[0][0], this.value(overridingValue(params[split][1]))] as const] : base;
    const forms: (() => string)[] = [
      () => {
        const name = this.fresh('defaults');
        this.prelude.push(`const ${name} = ${literalObject(overridden)};`);
        return `{...${name}, ${own.map(([key, value]) => `${key}: ${value}`).join(', ')}}`;
      },
      () => {
        const name = this.fresh('defaults');
        this.prelude.push(`const ${name} = ${literalObject(overridden)};`);
        return `Object.assign({}, ${name}, ${literalObject(own)})`;
      },
      () => `(() => { const c = {}; ${pairs.map(([key, value]) => `c.${key} = ${value};`).join(' ')} return c; })()`,
      () => `(() => { const c = {}; ${pairs.map(([key, value]) => `c['${key}'] = ${value};`).join(' ')} return c; })()`,
      () => {
        const name = this.fresh('options');
        const keys = pairs.map(([key]) => key);
        this.prelude.push(`function ${name}({${pairs.map(([key, value]) => `${key} = ${value}`).join(', ')}} = {}) { return {${keys.join(', ')}}; }`);
        return random.pick([`${name}()`, `${name}({})`, `${name}(${literalObject(own)})`]);
      },
      () => {
        const name = this.fresh('withDefaults');
        this.prelude.push(`function ${name}(opts) { return {${pairs.map(([key, value]) => `${key}: opts.${key} ?? ${value}`).join(', ')}}; }`);
        return `${name}(${literalObject(own)})`;
      },
      () => {
        const names = pairs.map(([key, value]) => {
          const name = this.fresh(key);
          this.prelude.push(`const ${name} = ${value};`);
          return [key, name] as const;
        });
        return `{${names.map(([key, name]) => `${key}: ${name}`).join(', ')}}`;
      },
      () => `{${pairs.map(([key, value]) => `['${key}']: ${value}`).join(', ')}}`,
      () => `{${pairs.map(([key, value]) => `${key}: ${value}`).join(', ')}, ...{}}`,
      () => `{...${literalObject(overridden)}, ...${literalObject(own)}}`,
    ];
    return random.pick(forms)();
  }
}

function literal(value: Literal): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  return String(value);
}

/** A value of the same kind that a later spread must override. */
function overridingValue(value: Literal): Literal {
  if (typeof value === 'number') return value + 7;
  if (typeof value === 'string') return `${value}x`;
  if (typeof value === 'boolean') return !value;
  return value.map((item) => item + 1);
}

/** One layer as a descriptor `{type, cfg}`, the form loops and helpers take. */
function descriptor(writer: Writer, layer: LayerPlan): string {
  return `{type: ${writer.value(layer.factory)}, cfg: ${writer.config(layer.params)}}`;
}

/** How layers are made from a descriptor `d` (by name, or through a dispatch table). */
function make(writer: Writer, d: string): string {
  return writer.random.chance(0.8) ? `tf.layers[${d}.type](${d}.cfg)` : `({conv: tf.layers})['conv'][${d}.type](${d}.cfg)`;
}

/** The statements that add one segment of layers to `model`, in one of the forms model code takes. */
function segment(writer: Writer, layers: LayerPlan[]): string[] {
  const random = writer.random;
  if (writer.plain) return layers.map((layer) => `model.add(tf.layers.${layer.factory}(${writer.config(layer.params)}));`);
  const list = writer.fresh('seg');
  const declareList = () => `const ${list} = [${layers.map((layer) => descriptor(writer, layer)).join(', ')}];`;
  const forms: (() => string[])[] = [
    () => layers.map((layer) => `model.add(tf.layers.${layer.factory}(${writer.config(layer.params)}));`),
    () =>
      layers.flatMap((layer) => {
        const name = writer.fresh('layer');
        return [`const ${name} = tf.layers.${layer.factory}(${writer.config(layer.params)});`, `model.add(${name});`];
      }),
    () => {
      const helper = writer.fresh('addLayer');
      writer.prelude.push(random.pick([`function ${helper}(m, d) { m.add(${make(writer, 'd')}); return m; }`, `const ${helper} = (m, d) => m.add(${make(writer, 'd')});`]));
      return layers.map((layer) => `${helper}(model, ${descriptor(writer, layer)});`);
    },
    () => {
      const helper = writer.fresh('block');
      writer.prelude.push(`function ${helper}(m, d, extra = {}) { m.add(tf.layers[d.type]({...d.cfg, ...extra})); }`);
      return layers.map((layer) => `${helper}.call(null, model, ${descriptor(writer, layer)});`);
    },
    () => [declareList(), `for (const d of ${list}) model.add(${make(writer, 'd')});`],
    () => [declareList(), `for (let i = 0; i < ${list}.length; ${random.pick(['i++', '++i', 'i += 1', 'i = i + 1'])}) { model.add(${make(writer, `${list}[i]`)}); }`],
    () => [declareList(), `{ let j = 0; while (j < ${list}.length) { model.add(${make(writer, `${list}[j]`)}); j++; } }`],
    () => [declareList(), `{ let j = 0; do { const d = ${list}[j]; model.add(${make(writer, 'd')}); j += 1; } while (j < ${list}.length); }`],
    () => [declareList(), `${list}.forEach((d) => { model.add(${make(writer, 'd')}); });`],
    () => [declareList(), `for (const layer of ${list}.map((d) => ${make(writer, 'd')})) model.add(layer);`],
    () => [declareList(), `for (const k in ${list}) model.add(${make(writer, `${list}[k]`)});`],
    () => [declareList(), `for (const {type, cfg} of ${list}) model.add(tf.layers[type](cfg));`],
    () => [declareList(), `for (const [type, cfg] of ${list}.map((d) => [d.type, d.cfg])) model.add(tf.layers[type](cfg));`],
    () => {
      const helper = writer.fresh('addFrom');
      writer.prelude.push(`function ${helper}(m, ds, i = 0) { if (i >= ds.length) return m; m.add(${make(writer, 'ds[i]')}); return ${helper}(m, ds, i + 1); }`);
      return [declareList(), `${helper}(model, ${list});`];
    },
    () => {
      const helper = writer.fresh('addAll');
      writer.prelude.push(`function ${helper}(m, ...ds) { for (const d of ds) m.add(${make(writer, 'd')}); }`);
      return [declareList(), `${helper}(model, ...${list});`];
    },
    () => {
      const cls = writer.fresh('Builder');
      writer.prelude.push(`class ${cls} { constructor(m) { this.m = m; } add(d) { this.m.add(${make(writer, 'd')}); return this; } }`);
      return [`new ${cls}(model)${layers.map((layer) => `.add(${descriptor(writer, layer)})`).join('')};`];
    },
    () => {
      const cls = writer.fresh('Adder');
      const instance = writer.fresh('adder');
      writer.prelude.push(`class ${cls} { count = 0; push = (m, d) => { m.add(${make(writer, 'd')}); this.count++; }; }`);
      return [`const ${instance} = new ${cls}();`, ...layers.map((layer) => `${instance}.push(model, ${descriptor(writer, layer)});`)];
    },
    () => {
      const maker = writer.fresh('adderFor');
      writer.prelude.push(`const ${maker} = (m) => (d) => m.add(${make(writer, 'd')});`);
      const bound = writer.fresh('addTo');
      return [`const ${bound} = ${maker}(model);`, ...layers.map((layer) => `${bound}(${descriptor(writer, layer)});`)];
    },
    () => [declareList(), `outer: for (const d of [...${list}, null]) { if (d === null) break outer; model.add(${make(writer, 'd')}); }`],
    () => [declareList(), `for (const d of [null, ...${list}, undefined]) { if (!d) continue; model.add(${make(writer, 'd')}); }`],
    () =>
      layers.map((layer) => {
        const d = writer.fresh('d');
        return `{ const ${d} = ${descriptor(writer, layer)}; switch (${d}.type) { case 'none': break; case '${layer.factory}': model.add(tf.layers.${layer.factory}(${d}.cfg)); break; default: model.add(tf.layers.dense({units: 1})); } }`;
      }),
    () => layers.map((layer) => `try { throw new Error('go'); } catch (e) { model.add(tf.layers.${layer.factory}(${writer.config(layer.params)})); }`),
    () => layers.map((layer) => `try { model.add(tf.layers.${layer.factory}(${writer.config(layer.params)})); } finally { void 0; }`),
    () => [declareList(), `if (${list}.length > 0 && typeof ${list} === 'object') { for (const d of ${list}) model.add(${make(writer, 'd')}); } else { model.add(tf.layers.dense({units: 1})); }`],
    () => [`const ls${list} = [];`, ...layers.map((layer) => `ls${list}.push(tf.layers.${layer.factory}(${writer.config(layer.params)}));`), `for (const layer of ls${list}) model.add(layer);`],
  ];
  return random.pick(forms)();
}

/** Statements that change nothing a model depends on: a metamorphic twin must not notice them. */
function harmless(writer: Writer): string {
  const random = writer.random;
  const name = writer.fresh('noise');
  return random.pick([
    `let ${name} = 0; for (let i = 0; i < 3; i++) ${name} += i;`,
    `const ${name} = new Array(1000).fill(0);`,
    `const ${name} = \`x\${1}\`.repeat(3);`,
    `const ${name} = {__proto__: null, constructor: 1, toString: 2, hasOwnProperty: 3, valueOf: 4};`,
    `const ${name} = {get v() { return ${name}.w; }, w: 2};`,
    `const ${name} = Object.assign({}, {__proto__: {polluted: true}}, {constructor: {prototype: {}}});`,
    `console.log(model);`,
    `model.summary();`,
    `const ${name} = ${'['.repeat(40)}1${']'.repeat(40)};`,
    `const ${name} = ${'('.repeat(60)}1${')'.repeat(60)};`,
    `const ${name} = Math.max(...[1, 2, 3], Math.PI, Math.E);`,
    `const ${name} = Object.keys({a: 1, b: 2}).map((k) => k.toUpperCase()).join('-');`,
    `function ${name}() { return 1; } ${name}();`,
    `const ${name} = typeof model === 'object' ? 'model' : 'other';`,
    `try { void 0; } catch (e) { void e; }`,
    `const [${name}, ...${name}Rest] = [1, 2, 3];`,
    `const ${name} = JSON;`,
    `const ${name} = [1, 2, 3].flat().includes(2) && [[1], [2]].flat().length;`,
  ]);
}

/** Adds a layer under a condition the interpreter cannot decide, or hands the model to a call it does not follow. */
function undecidable(writer: Writer, layer: LayerPlan, random: Random): { statements: string[]; imports: string[] } {
  // Drawn from `random`, not the writer's stream: the twin's writer must draw what the program's drew.
  const add = `model.add(tf.layers.${layer.factory}(${new Writer(random, true).config(layer.params)}));`;
  const choice = random.below(10);
  switch (choice) {
    case 0:
      return { statements: [`if (Math.random() > 0.5) ${add}`], imports: [] };
    case 1:
      return { statements: [`if (process.env.EXTRA_LAYER) { ${add} }`], imports: [] };
    case 2:
      return { statements: [`for (let i = 0; i < extraLayers; i++) { ${add} }`], imports: [] };
    case 3:
      return { statements: [`while (Math.random() < 0.9) ${add}`], imports: [] };
    case 4:
      return { statements: [`tweak(model);`], imports: [`import { tweak } from 'model-tweaks';`] };
    case 5: {
      const helper = writer.fresh('maybeAdd');
      writer.prelude.push(`function ${helper}(m, flag) { if (flag) m.${add.slice('model.'.length)} }`);
      return { statements: [`${helper}(model, Math.random() > 0.5);`], imports: [] };
    }
    case 6:
      return { statements: [`switch (Math.floor(Math.random() * 3)) { case 1: ${add} break; default: break; }`], imports: [] };
    case 7:
      return { statements: [`for (const d of JSON.parse(configText).layers) { ${add} }`], imports: [] };
    case 8:
      return { statements: [`const extra = options.extra ?? false; if (extra) { ${add} }`], imports: [] };
    default:
      return { statements: [`(Math.random() > 0.5 ? [1] : []).forEach(() => { ${add} });`], imports: [] };
  }
}

/** Code that runs out of a budget (steps, loop iterations, call depth, array or string length). */
function hostile(writer: Writer): string {
  const random = writer.random;
  const name = writer.fresh('bad');
  return random.pick([
    `while (true) { model.add(tf.layers.dropout({rate: 0.1})); }`,
    `for (;;) {}`,
    `let ${name} = 0; while (${name} >= 0) ${name}++;`,
    `do { } while (1);`,
    `function ${name}(x) { return ${name}(x + 1); } ${name}(0);`,
    `const ${name} = (m) => { m.add(tf.layers.dropout({rate: 0.1})); ${name}(m); }; ${name}(model);`,
    `const ${name} = new Array(1e9).fill(0);`,
    `const ${name} = Array.from({length: 1e8}, (_, k) => k);`,
    `const ${name} = [...Array(1e7).keys()];`,
    `let ${name} = 'x'; for (let i = 0; i < 40; i++) ${name} += ${name};`,
    `let ${name} = [1]; for (let i = 0; i < 40; i++) ${name} = [...${name}, ...${name}];`,
    `for (let i = 0; i < 1e9; i++) { model.add(tf.layers.activation({activation: 'relu'})); }`,
    `class ${name} { constructor() { new ${name}(); } } new ${name}();`,
    `const ${name} = {get v() { return ${name}.v; }}; void ${name}.v;`,
    `function ${name}(n) { return n <= 0 ? 0 : ${name}(n - 1) + ${name}(n - 1); } ${name}(60);`,
  ]);
}

/** The file around the model: the import, the prelude, the model and its segments, an export. */
function programText(writer: Writer, body: string[], imports: string[] = []): string {
  const random = writer.random;
  const header = writer.plain ? `import * as tf from '@tensorflow/tfjs';` : random.pick([`import * as tf from '@tensorflow/tfjs';`, `const tf = require('@tensorflow/tfjs');`, `import * as tf from '@tensorflow/tfjs-node';`]);
  return [header, ...imports, ...writer.prelude, `const model = tf.sequential();`, ...body, `export default model;`, ''].join('\n');
}

/** Splits `layers` into runs of one to four. */
function segments(random: Random, layers: LayerPlan[]): LayerPlan[][] {
  const runs: LayerPlan[][] = [];
  for (let start = 0; start < layers.length; ) {
    const length = random.between(1, 4);
    runs.push(layers.slice(start, start + length));
    start += length;
  }
  return runs;
}

/** Writes a plan through random forms, with harmless statements between segments; `between` may insert more at a boundary. */
function writeProgram(writer: Writer, runs: LayerPlan[][], between?: (boundary: number) => string[]): string[] {
  const body: string[] = [];
  runs.forEach((run, index) => {
    if (index > 0) body.push(...(between?.(index) ?? []));
    if (!writer.plain && writer.random.chance(0.3)) body.push(harmless(writer));
    body.push(...segment(writer, run));
  });
  return body;
}

/**
 * One generated program with the check it carries: most often the same plan written plainly
 * (same shapes), else a layer under an undecidable condition (unknown after it), else hostile
 * code after the first layers (a budget that must be reported).
 */
export function generateProgram(random: Random): GeneratedProgram {
  const layers = planLayers(random);
  const runs = segments(random, layers);
  const plainWriter = new Writer(random, true);
  const reference = programText(plainWriter, writeProgram(plainWriter, runs));
  // The program's forms come from a stream of their own, so that a twin can draw the very same forms.
  const formsSeed = random.below(2 ** 31);
  const writer = new Writer(new Random(formsSeed), false);
  const roll = random.next();
  if (roll < 0.7 || runs.length < 2) {
    return { kind: 'program-same', text: programText(writer, writeProgram(writer, runs)), check: { relation: { kind: 'same-shapes' }, twin: reference, what: 'the same plan written plainly' } };
  }
  const boundary = random.between(1, runs.length - 1);
  const from = runs.slice(0, boundary).reduce((total, run) => total + run.length, 0);
  if (roll < 0.9) {
    // The twin is the program with one insertion at the boundary: the same forms, drawn from the same stream.
    let imports: string[] = [];
    const twinWriter = new Writer(new Random(formsSeed), false);
    const twinBody = writeProgram(twinWriter, runs, (index) => {
      if (index !== boundary) return [];
      const extra = undecidable(twinWriter, random.pick(layers.slice(1)), random);
      imports = extra.imports;
      return extra.statements;
    });
    return {
      kind: 'program-undecidable',
      text: programText(writer, writeProgram(writer, runs)),
      check: { relation: { kind: 'unknown-after', from }, twin: programText(twinWriter, twinBody, imports), what: 'a layer added under an undecidable condition' },
    };
  }
  const body = writeProgram(writer, runs, (index) => (index === boundary ? [hostile(writer)] : []));
  return { kind: 'program-hostile', text: programText(writer, body), check: { relation: { kind: 'budget-reported' }, what: 'hostile code after the first layers' } };
}
