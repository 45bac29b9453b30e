/**
 * The built-ins the interpreter models (SPEC.md §1.3): `Math.*`, `Number`, `parseInt`,
 * `Object.assign`/`keys`/`values`/`entries`, `Array.from`/`isArray`, and the common methods of
 * arrays, strings and numbers. Each works on known values only; anything unknown in gives an
 * unknown out, with the reason of the first unknown argument.
 */
import type * as TS from 'typescript';
import { INTERPRETER_BUDGETS } from '../../limits';
import { symbolicMath } from './interpreterSymbols';
import { Builtin, JsArray, JsObject, Unknown, type Value } from './interpreterValues';

/** What the built-ins need of the interpreter. */
export interface BuiltinHost {
  call(fn: Value, thisValue: Value, args: Value[], site: TS.CallExpression): Value;
  truthy(value: Value): boolean | undefined;
  /** Throws the interpreter's budget error. */
  overBudget(what: string, site: TS.Node): never;
  /** Counts work proportional to `items` (a copy of an array) against the step budget. */
  charge(items: number, site: TS.Node): void;
  /** Runs the functions among `args` once, unsure: code nobody follows may call them. */
  callbacksMayRun(args: readonly Value[], why: Unknown): void;
  excerpt(node: TS.Node): string;
}

/** The first unknown among values, if any, as the unknown of a value computed from them (a symbolic number's expression does not carry over). */
export function firstUnknown(values: readonly Value[]): Unknown | undefined {
  for (const value of values) if (value instanceof Unknown) return value.derived();
  return undefined;
}

/** A known number, string or boolean, as JavaScript would convert it; undefined when it is not known. */
export function toNumber(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null) return 0;
  if (value === undefined) return NaN;
  if (typeof value === 'string') return Number(value);
  return undefined;
}

/**
 * The text of a known scalar or array (`String(x)`); undefined for anything else, or for an
 * array of more than the array budget's items in all (nested arrays may share items).
 */
export function toText(value: Value, budget = { items: INTERPRETER_BUDGETS.arrayLength }): string | undefined {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    return String(value);
  }
  if (value instanceof JsArray && !value.unsure) {
    budget.items -= value.items.length;
    if (budget.items < 0) return undefined;
    const parts: string[] = [];
    for (const item of value.items) {
      const part = item === null || item === undefined ? '' : toText(item, budget);
      if (part === undefined) return undefined;
      parts.push(part);
    }
    return parts.join(',');
  }
  return undefined;
}

function unknownCall(name: string, site: TS.CallExpression, host: BuiltinHost): Unknown {
  return new Unknown(`\`${host.excerpt(site)}\` (${name}) is not a value ConvLens computes`, site);
}

/** A numeric function of known numbers: unknown if an argument is. */
function numeric(name: string, fn: (...numbers: number[]) => number, host: BuiltinHost): Builtin {
  return new Builtin(name, undefined, (args, site) => {
    const unknown = firstUnknown(args);
    if (unknown) return symbolicMath(name, args) ?? unknown;
    const numbers = args.map(toNumber);
    if (numbers.some((number) => number === undefined)) return unknownCall(name, site, host);
    return fn(...(numbers as number[]));
  });
}

const MATH_FUNCTIONS = [
  'abs', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atan2', 'atanh', 'cbrt', 'ceil', 'cos', 'cosh', 'exp', 'expm1', 'floor',
  'fround', 'hypot', 'log', 'log10', 'log1p', 'log2', 'max', 'min', 'pow', 'round', 'sign', 'sin', 'sinh', 'sqrt', 'tan', 'tanh', 'trunc',
] as const;
const MATH_CONSTANTS = ['E', 'LN10', 'LN2', 'LOG10E', 'LOG2E', 'PI', 'SQRT1_2', 'SQRT2'] as const;

/** The global names the interpreter knows; undefined for others. */
export function globalValue(name: string, host: BuiltinHost): Value | typeof NOT_GLOBAL {
  switch (name) {
    case 'undefined':
      return undefined;
    case 'NaN':
      return NaN;
    case 'Infinity':
      return Infinity;
    case 'Math':
      return mathObject(host);
    case 'Object':
      return objectStatics(host);
    case 'Array':
      return arrayStatics(host);
    case 'Number':
      return numberStatics();
    case 'parseInt':
      return new Builtin('parseInt', undefined, (args) => scalarArgument(args, (text) => parseInt(String(text), toNumber(args[1] ?? 10))));
    case 'parseFloat':
      return new Builtin('parseFloat', undefined, (args) => scalarArgument(args, (text) => parseFloat(String(text))));
    case 'String':
      return new Builtin('String', undefined, (args) => firstUnknown(args) ?? toText(args[0]) ?? unknownValue(args));
    case 'Boolean':
      return new Builtin('Boolean', undefined, (args) => host.truthy(args[0]) ?? unknownValue(args));
    case 'console':
      return ignoredCalls();
    default:
      return NOT_GLOBAL;
  }
}

/** The answer of {@link globalValue} for a name that is no global the interpreter knows. */
export const NOT_GLOBAL = Symbol('not a global');

function unknownValue(args: Value[]): Unknown {
  return firstUnknown(args) ?? new Unknown('the value is not one ConvLens computes', undefined);
}

function scalarArgument(args: Value[], fn: (value: Value) => number): Value {
  const unknown = firstUnknown(args);
  if (unknown) return unknown;
  return fn(args[0]);
}

/** `console.log(model)` and the like: calls that change nothing. */
function ignoredCalls(): JsObject {
  const console = new JsObject();
  for (const name of ['log', 'info', 'warn', 'error', 'debug', 'table', 'time', 'timeEnd']) {
    console.set(name, new Builtin(`console.${name}`, undefined, () => undefined));
  }
  return console;
}

function mathObject(host: BuiltinHost): JsObject {
  const math = new JsObject();
  for (const name of MATH_FUNCTIONS) math.set(name, numeric(`Math.${name}`, Math[name] as (...numbers: number[]) => number, host));
  for (const name of MATH_CONSTANTS) math.set(name, Math[name]);
  math.set('random', new Builtin('Math.random', undefined, (_args, site) => new Unknown(`\`${host.excerpt(site)}\` is random`, site)));
  return math;
}

/** `Number(x)`; its statics are read by {@link numberStatic}. */
function numberStatics(): Builtin {
  return new Builtin('Number', undefined, (args) => firstUnknown(args) ?? toNumber(args[0]) ?? unknownValue(args));
}

/** `Number.isInteger` and the like, read as properties of the `Number` built-in. */
export function numberStatic(name: string, host: BuiltinHost): Value {
  switch (name) {
    case 'isInteger':
      return new Builtin('Number.isInteger', undefined, (args) => firstUnknown(args) ?? Number.isInteger(args[0]));
    case 'isFinite':
      return new Builtin('Number.isFinite', undefined, (args) => firstUnknown(args) ?? Number.isFinite(args[0]));
    case 'parseInt':
    case 'parseFloat':
      return globalValue(name, host) as Value;
    case 'MAX_SAFE_INTEGER':
    case 'MIN_SAFE_INTEGER':
    case 'EPSILON':
    case 'MAX_VALUE':
    case 'MIN_VALUE':
    case 'POSITIVE_INFINITY':
    case 'NEGATIVE_INFINITY':
      return Number[name];
    default:
      return undefined;
  }
}

function objectStatics(host: BuiltinHost): JsObject {
  const statics = new JsObject();
  statics.set(
    'assign',
    new Builtin('Object.assign', undefined, (args, site) => {
      const [target, ...sources] = args;
      if (!(target instanceof JsObject)) return target instanceof Unknown ? target : unknownCall('Object.assign', site, host);
      for (const source of sources) copyProperties(target, source);
      return target;
    }),
  );
  const listing = (name: string, item: (key: string, value: Value) => Value): Builtin =>
    new Builtin(`Object.${name}`, undefined, (args, site): Value => {
      const object = args[0];
      if (object instanceof Unknown) return object;
      if (object instanceof JsArray) return listing(name, item).call([arrayAsObject(object)], site);
      if (!(object instanceof JsObject) || object.unsure) return object instanceof JsObject ? object.unsure! : unknownCall(`Object.${name}`, site, host);
      host.charge(object.properties.size, site);
      return new JsArray([...object.properties].map(([key, property]) => item(key, property.value)));
    });
  statics.set('keys', listing('keys', (key) => key));
  statics.set('values', listing('values', (_key, value) => value));
  statics.set('entries', listing('entries', (key, value) => new JsArray([key, value])));
  statics.set('freeze', new Builtin('Object.freeze', undefined, (args) => args[0]));
  statics.set(
    'fromEntries',
    new Builtin('Object.fromEntries', undefined, (args, site) => {
      const entries = args[0];
      if (entries instanceof Unknown) return entries;
      if (!(entries instanceof JsArray) || entries.unsure) return unknownCall('Object.fromEntries', site, host);
      const object = new JsObject();
      for (const entry of entries.items) {
        if (!(entry instanceof JsArray)) return unknownCall('Object.fromEntries', site, host);
        const key = toText(entry.items[0]);
        if (key === undefined) return unknownCall('Object.fromEntries', site, host);
        object.set(key, entry.items[1]);
      }
      return object;
    }),
  );
  return statics;
}

/** `{...source}` and `Object.assign(target, source)`: copies what is known; an unknown source makes the target unsure. */
export function copyProperties(target: JsObject, source: Value): void {
  if (source === undefined || source === null || typeof source === 'number' || typeof source === 'boolean') return;
  if (source instanceof JsArray) source = arrayAsObject(source);
  if (source instanceof JsObject) {
    for (const [key, property] of source.properties) {
      if (!property.getter) target.properties.set(key, property);
    }
    target.unsure ??= source.unsure;
    return;
  }
  if (source instanceof Unknown) target.unsure ??= source;
  else target.unsure ??= new Unknown('a spread of a value ConvLens does not model hides some keys', undefined);
}

function arrayAsObject(array: JsArray): JsObject {
  const object = new JsObject();
  array.items.forEach((item, index) => object.set(String(index), item, array.nodes[index]));
  object.unsure = array.unsure;
  return object;
}

function arrayStatics(host: BuiltinHost): JsObject {
  const statics = new JsObject();
  statics.set('isArray', new Builtin('Array.isArray', undefined, (args) => firstUnknown(args) ?? args[0] instanceof JsArray));
  statics.set('of', new Builtin('Array.of', undefined, (args) => new JsArray(args)));
  statics.set(
    'from',
    new Builtin('Array.from', undefined, (args, site) => {
      const [source, map] = args;
      let items: Value[];
      const unknownItems = source instanceof JsArray ? source.unsure : source instanceof Unknown ? source : undefined;
      if (unknownItems) {
        host.callbacksMayRun([map], unknownItems);
        return unknownItems;
      }
      if (source instanceof JsArray) {
        items = [...source.items];
      } else if (typeof source === 'string') items = [...source];
      else if (source instanceof JsObject) {
        const length = source.get('length');
        if (length instanceof Unknown) {
          host.callbacksMayRun([map], length);
          return length;
        }
        if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) return unknownCall('Array.from', site, host);
        checkLength(length, site, host);
        items = Array.from({ length }, (_, index) => source.get(String(index)));
      } else return unknownCall('Array.from', site, host);
      if (map === undefined) return new JsArray(items);
      return new JsArray(items.map((item, index) => host.call(map, undefined, [item, index], site)));
    }),
  );
  return statics;
}

function checkLength(length: number, site: TS.Node, host: BuiltinHost): void {
  host.charge(length, site);
  if (length > INTERPRETER_BUDGETS.arrayLength) host.overBudget(`an array of more than ${INTERPRETER_BUDGETS.arrayLength.toLocaleString('en-US')} items`, site);
}

/** A method of a known array (`map`, `push`, `slice`...), or undefined when the name is none. */
export function arrayMethod(array: JsArray, name: string, host: BuiltinHost): Builtin | undefined {
  const method = (fn: (args: Value[], site: TS.CallExpression) => Value) =>
    new Builtin(`Array.prototype.${name}`, array, (args, site) => {
      if (!array.unsure || MUTATORS.has(name)) return fn(args, site);
      host.callbacksMayRun(args, array.unsure);
      return array.unsure;
    });
  const each = (site: TS.CallExpression, callback: Value, fn: (result: Value, item: Value, index: number) => boolean | void) => {
    const items = [...array.items];
    for (let index = 0; index < items.length; index++) {
      if (fn(host.call(callback, undefined, [items[index], index, array], site), items[index], index) === false) return;
    }
  };
  const grow = (site: TS.Node, count: number) => checkLength(array.items.length + count, site, host);
  switch (name) {
    case 'map':
      return method((args, site) => {
        const results: Value[] = [];
        each(site, args[0], (result) => void results.push(result));
        return new JsArray(results);
      });
    case 'forEach':
      return method((args, site) => {
        each(site, args[0], () => undefined);
        return undefined;
      });
    case 'filter':
      return method((args, site) => {
        const kept: Value[] = [];
        let unsure: Unknown | undefined;
        each(site, args[0], (result, item) => {
          const keep = host.truthy(result);
          if (keep === undefined) unsure ??= result instanceof Unknown ? result : new Unknown('a filter ConvLens cannot decide', site);
          if (keep) kept.push(item);
        });
        return unsure ?? new JsArray(kept);
      });
    case 'some':
    case 'every':
    case 'find':
    case 'findIndex':
      return method((args, site) => {
        let answer: Value = name === 'every' ? true : name === 'findIndex' ? -1 : name === 'some' ? false : undefined;
        each(site, args[0], (result, item, index) => {
          const hit = host.truthy(result);
          if (hit === undefined) {
            answer = result instanceof Unknown ? result : new Unknown('a test ConvLens cannot decide', site);
            return false;
          }
          if (hit === (name !== 'every')) {
            answer = name === 'some' ? true : name === 'every' ? false : name === 'find' ? item : index;
            return false;
          }
          return true;
        });
        return answer;
      });
    case 'reduce':
      return method((args, site) => {
        const items = [...array.items];
        let accumulator: Value;
        let start = 0;
        if (args.length >= 2) accumulator = args[1];
        else if (items.length > 0) [accumulator, start] = [items[0], 1];
        else return new Unknown('`reduce` of an empty array without an initial value throws', site);
        for (let index = start; index < items.length; index++) accumulator = host.call(args[0], undefined, [accumulator, items[index], index, array], site);
        return accumulator;
      });
    case 'push':
    case 'unshift':
      return method((args, site) => {
        grow(site, args.length);
        if (name === 'push') array.items.push(...args);
        else array.items.unshift(...args);
        array.nodes.length = 0; // positions no longer line up with where the items were written
        return array.items.length;
      });
    case 'pop':
    case 'shift':
      return method(() => {
        array.nodes.length = 0;
        return name === 'pop' ? array.items.pop() : array.items.shift();
      });
    case 'concat':
      return method((args, site) => {
        const items = [...array.items];
        for (const arg of args) {
          if (arg instanceof JsArray) {
            if (arg.unsure) return arg.unsure;
            items.push(...arg.items);
          } else items.push(arg);
          checkLength(items.length, site, host);
        }
        return new JsArray(items);
      });
    case 'slice':
      return method((args, site) => {
        const unknown = firstUnknown(args);
        if (unknown) return unknown;
        const [start, end] = args.map(toNumber);
        host.charge(array.items.length, site);
        return new JsArray(array.items.slice(start, end), array.nodes.slice(start, end));
      });
    case 'fill':
      return method((args) => {
        const unknown = firstUnknown(args.slice(1));
        if (unknown) return unknown;
        const [start, end] = args.slice(1).map(toNumber);
        array.items.fill(args[0], start, end);
        return array;
      });
    case 'keys':
      return method((_args, site) => {
        host.charge(array.items.length, site);
        return new JsArray(array.items.map((_item, index) => index));
      });
    case 'values':
      return method((_args, site) => {
        host.charge(array.items.length, site);
        return new JsArray([...array.items]);
      });
    case 'entries':
      return method((_args, site) => {
        host.charge(array.items.length, site);
        return new JsArray(array.items.map((item, index) => new JsArray([index, item])));
      });
    case 'reverse':
      return method(() => {
        array.items.reverse();
        array.nodes.length = 0;
        return array;
      });
    case 'indexOf':
    case 'includes':
      return method((args) => {
        const unknown = firstUnknown([args[0], ...array.items]);
        if (unknown) return unknown;
        const index = array.items.indexOf(args[0]);
        return name === 'includes' ? index >= 0 : index;
      });
    case 'join':
      return method((args, site) => {
        const separator = args[0] === undefined ? ',' : toText(args[0]);
        const parts = array.items.map((item) => (item === undefined || item === null ? '' : toText(item)));
        if (separator === undefined || parts.some((part) => part === undefined)) return firstUnknown(array.items) ?? unknownCall('join', site, host);
        return parts.join(separator);
      });
    case 'flat':
      return method((_args, site) => {
        const items: Value[] = [];
        for (const item of array.items) {
          if (item instanceof JsArray) {
            if (item.unsure) return item.unsure;
            items.push(...item.items);
          } else items.push(item);
        }
        checkLength(items.length, site, host);
        return new JsArray(items);
      });
    default:
      return undefined;
  }
}

/** Methods that change the array: the ones allowed on an array whose items are unsure. */
const MUTATORS = new Set(['push', 'unshift']);

/** A method of a string, or a property (`length`); undefined when the name is none. */
export function stringMember(text: string, name: string, host: BuiltinHost): Value | undefined {
  if (name === 'length') return text.length;
  if (/^\d+$/.test(name)) return text[Number(name)];
  const method = (fn: (args: Value[]) => Value) =>
    new Builtin(`String.prototype.${name}`, text, (args) => firstUnknown(args) ?? fn(args));
  switch (name) {
    case 'toUpperCase':
      return method(() => text.toUpperCase());
    case 'toLowerCase':
      return method(() => text.toLowerCase());
    case 'trim':
      return method(() => text.trim());
    case 'toString':
    case 'valueOf':
      return method(() => text);
    case 'startsWith':
    case 'endsWith':
    case 'includes':
      return method((args) => text[name](String(args[0])));
    case 'indexOf':
      return method((args) => text.indexOf(String(args[0])));
    case 'slice':
    case 'substring':
      return method((args) => text[name](toNumber(args[0]) ?? 0, args[1] === undefined ? undefined : toNumber(args[1])));
    case 'split':
      return method((args) => new JsArray(text.split(String(args[0]))));
    case 'concat':
      return method((args) => text.concat(...args.map((arg) => String(toText(arg)))));
    case 'repeat':
      return new Builtin('String.prototype.repeat', text, (args, site) => {
        const count = toNumber(args[0]);
        if (count === undefined) return firstUnknown(args) ?? unknownCall('repeat', site, host);
        checkLength(text.length * Math.max(0, count), site, host);
        return Number.isInteger(count) && count >= 0 ? text.repeat(count) : unknownCall('repeat', site, host);
      });
    case 'padStart':
    case 'padEnd':
      return new Builtin(`String.prototype.${name}`, text, (args, site) => {
        const length = toNumber(args[0]);
        if (length === undefined) return firstUnknown(args) ?? unknownCall(name, site, host);
        checkLength(length, site, host);
        return text[name](length, args[1] === undefined ? undefined : String(toText(args[1])));
      });
    default:
      return undefined;
  }
}

/** A method of a number (`toFixed`, `toString`). */
export function numberMember(value: number, name: string): Value | undefined {
  switch (name) {
    case 'toString':
      return new Builtin('Number.prototype.toString', value, (args) => {
        const radix = toNumber(args[0] ?? 10);
        return firstUnknown(args) ?? (radix !== undefined && Number.isInteger(radix) && radix >= 2 && radix <= 36 ? value.toString(radix) : undefined);
      });
    case 'toFixed':
      return new Builtin('Number.prototype.toFixed', value, (args) => {
        const digits = toNumber(args[0] ?? 0);
        return firstUnknown(args) ?? (digits !== undefined && digits >= 0 && digits <= 100 ? value.toFixed(digits) : undefined);
      });
    default:
      return undefined;
  }
}
