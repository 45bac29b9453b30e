/**
 * A bounded interpreter over the TypeScript syntax tree (SPEC.md §1.3): it computes what a
 * model-building program would compute — scopes and reassignment, destructuring, spread,
 * functions and closures called with their call sites' arguments, classes, loops with known
 * bounds, the modelled built-ins and TF.js — without ever running the file. What it cannot know
 * is an {@link Unknown} that says why; code under a condition it cannot decide runs once
 * "unsure", so that what it changes becomes unknown. Work is bounded by counts
 * (`INTERPRETER_BUDGETS`), never by clocks.
 */
import type * as TS from 'typescript';
import { INTERPRETER_BUDGETS } from '../../limits';
import { LineIndex } from '../../lineIndex';
import {
  arrayMethod,
  copyProperties,
  firstUnknown,
  globalValue,
  NOT_GLOBAL,
  numberMember,
  numberStatic,
  stringMember,
  toNumber,
  toText,
  type BuiltinHost,
} from './interpreterBuiltins';
import { importedPlace, isImported } from './interpreterModules';
import { parameterSymbol, symbolicOperation } from './interpreterSymbols';
import { TfjsModel } from './interpreterTfjs';
import {
  Builtin,
  Environment,
  FunctionalModel,
  Instance,
  JsArray,
  JsClass,
  JsFunction,
  JsObject,
  SequentialModel,
  SymbolicTensor,
  TfjsMember,
  Unknown,
  UnsureTensor,
  sameValue,
  type CallChain,
  type UnsureRegion,
  type Value,
} from './interpreterValues';
import { propertyName, skipOuterExpressions } from './typescriptNodes';
import type { TypeScriptApi } from './typescriptParser';
import { isTfjsModule } from './typescriptTfjsBindings';

/** How a statement ended, when not normally. */
type Completion = undefined | { kind: 'return'; value: Value } | { kind: 'break' | 'continue'; label: string | undefined } | { kind: 'throw' } | MaybeLeft;

/**
 * Code under an undecided condition returned, or left a loop: what follows may not run. The
 * statements after it run unsure, and the function's result is known only if every way out of it
 * gives the same value.
 */
interface MaybeLeft {
  kind: 'maybe';
  why: Unknown;
  /** The values of the returns that may have happened. */
  returned: Value[];
  /** Whether the code may also have run on to its end. */
  fallsThrough: boolean;
}

/** Thrown when a budget runs out; caught where the interpreter started. */
export class BudgetExceeded extends Error {
  constructor(
    readonly what: string,
    readonly node: TS.Node,
  ) {
    super(`ConvLens stopped interpreting here: ${what}`);
  }
}

/** One file of the program: the analysed file, or a workspace file it imports. */
export interface ProgramFile {
  file: TS.SourceFile;
  /** The module's exports once its top level has run (`export`, `module.exports`). */
  exports?: JsObject;
  /** Set while its top level runs: an import of it then is a cycle. */
  running?: boolean;
}

/** The workspace file another imports, already read and parsed (interpreterModules.ts), or why it was not. */
export type ModuleResolver = (specifier: string, from: TS.SourceFile) => ProgramFile | string;

/** Why a reason may not grow without end: provenance chains are cut at this length. */
const MAX_REASON_LENGTH = 400;

export class Interpreter implements BuiltinHost {
  readonly tfjs: TfjsModel;
  /** Evaluation steps so far (budget `steps`). */
  private steps = 0;
  /** Steps of the calls made aside from the run ({@link callWithOwnBudget}), all together. */
  private stepsAside = 0;
  private depth = 0;
  /** Set while code runs under a condition the interpreter cannot decide. */
  unsure: Unknown | undefined;
  /** The environment where unsure code started: assignments to bindings outside it become unknown. */
  private unsureFrom: Environment | undefined;
  /** The innermost undecided region running now. */
  region: UnsureRegion | undefined;
  /** Functions that ran, and the first closure of each function node, for the pass over those never called. */
  private readonly ran = new Set<TS.Node>();
  private readonly closures = new Map<TS.Node, JsFunction>();
  /** Classes of the analysed file, with their first instance. */
  private readonly classes = new Map<TS.Node, { cls: JsClass; instance?: Instance }>();
  /** How often each call node ran (layer factories and `add` calls: a quick fix may replace only one that ran once). */
  readonly runCounts = new Map<TS.Node, number>();
  /** Where a budget stopped the interpreter, if one did. */
  stopped: BudgetExceeded | undefined;
  /**
   * The variable each model-making call (`tf.sequential(...)`, `tf.model(...)`) was first assigned
   * to, and each call of the analysed file that returned a model made while it ran (`const encoder = buildModel(...)`).
   */
  readonly modelNames = new Map<TS.Node, string>();
  /** Arrays bound by `const name = [...]`, the first time each declaration ran. */
  readonly constArrays: { name: string; node: TS.ArrayLiteralExpression; value: JsArray }[] = [];
  /** Arrays of models bound to a variable (`const encoders = sizes.map(...)`): their items are named by their places. */
  readonly modelArrays: { name: string; value: JsArray }[] = [];
  private readonly lineIndexes = new Map<TS.SourceFile, LineIndex>();
  private readonly globals = new Map<string, Value | typeof NOT_GLOBAL>();
  /** The file whose code runs now (nodes carry no parent pointers to find theirs). */
  currentFile: TS.SourceFile;
  /** Calls written as statements of their own (`model.add(...);`). */
  readonly statementCalls = new Set<TS.Node>();
  /** The number of the pass: the top level is 0, each function run for lack of a call gets its own. */
  pass = 0;
  /**
   * The calls of the analysed file running now. The innermost is the anchor, where what code of an
   * imported file builds shows its shapes; there is none at the top level, and while an imported
   * file's top level runs. The TF.js model keeps one model per chain each model-making call ran under.
   */
  chain: CallChain | undefined;
  /** The anchor each TF.js object built by code of another file was built under. */
  private readonly anchors = new WeakMap<object, TS.Node>();

  constructor(
    readonly ts: TypeScriptApi,
    readonly main: ProgramFile,
    private readonly resolveModule: ModuleResolver,
    /** `AnalyzeOptions.defines`: values of the size parameters nobody passes. */
    private readonly defines: Readonly<Record<string, number>> = {},
  ) {
    this.tfjs = new TfjsModel(this);
    this.currentFile = main.file;
  }

  /** Runs the file's top level, then every function, method and class nobody calls, with what is known. */
  run(): void {
    this.guarded(() => this.runModule(this.main));
    // Functions nobody calls get their parameters' defaults, or unknowns (symbols for sizes).
    for (let entries = 0; entries < 1000 && this.steps <= INTERPRETER_BUDGETS.steps; entries++) {
      const next = this.nextUncalled();
      if (!next) break;
      this.pass++;
      this.guarded(next);
    }
  }

  /**
   * Runs one entry (the top level, or a function nobody calls). A budget that stops it is
   * reported only where the entry had built TF.js layers or models by then: code that builds
   * none (a recursive tree walk of a file that holds no model) is no business of ConvLens.
   */
  private guarded(run: () => void): void {
    this.depth = 0;
    this.unsure = undefined;
    this.unsureFrom = undefined;
    this.region = undefined;
    const madeBefore = this.tfjs.made;
    try {
      run();
    } catch (error) {
      let stop: BudgetExceeded;
      if (error instanceof BudgetExceeded) stop = error;
      // A program nested deeply enough to exhaust the host's stack: a budget too, not a bug.
      else if (error instanceof RangeError && /call stack/i.test(error.message)) stop = new BudgetExceeded('the program nests too deeply', this.main.file);
      else throw error;
      if (this.tfjs.made > madeBefore) this.stopped ??= stop;
    }
  }

  /** The earliest function, method or class of the analysed file that never ran: how to run it. */
  private nextUncalled(): (() => void) | undefined {
    let best: { at: number; run: () => void } | undefined;
    const consider = (node: TS.Node, run: () => void) => {
      if (this.ran.has(node)) return;
      if (!best || node.pos < best.at) best = { at: node.pos, run };
    };
    for (const [node, fn] of this.closures) {
      if (fn.environment.file !== this.main.file) continue;
      consider(node, () => {
        this.ran.add(node);
        this.callFunction(fn, this.thisForUncalled(fn), this.symbolicArguments(fn), undefined);
      });
    }
    for (const [node, entry] of this.classes) {
      if (entry.cls.environment.file !== this.main.file) continue;
      if (!entry.instance) {
        consider(node, () => {
          this.ran.add(node);
          const constructor = constructorOf(this.ts, entry.cls.node);
          const args = constructor ? this.symbolicArguments(new JsFunction(constructor, entry.cls.environment, entry.cls.name, entry.cls)) : [];
          const instance = this.construct(entry.cls, args, undefined);
          if (instance instanceof Instance) entry.instance = instance;
        });
        continue;
      }
      for (const member of entry.cls.node.members) {
        if (!this.ts.isMethodDeclaration(member) || !member.body || isStatic(this.ts, member)) continue;
        const instance = entry.instance;
        const method = new JsFunction(member, entry.cls.environment, memberName(this.ts, member) ?? 'method', entry.cls);
        consider(member, () => {
          this.ran.add(member);
          this.callFunction(method, instance, this.symbolicArguments(method), undefined);
        });
      }
    }
    return best?.run;
  }

  /** What a function that may have returned early gives: the value every way out of it gives, or unknown. */
  private oneOf(left: MaybeLeft, fn: JsFunction, site: TS.Node): Value {
    const values = left.fallsThrough ? [...left.returned, undefined] : left.returned;
    if (values.length > 0 && values.every((value) => sameValue(value, values[0]))) return values[0];
    return UnsureTensor.of(this.cut(`${this.functionLabel(fn)} may return early: ${left.why.because}`), site, values);
  }

  /** `this` for a function run for lack of a call: the first instance of its class, if it is a method. */
  private thisForUncalled(fn: JsFunction): Value {
    return fn.homeClass ? this.classes.get(fn.homeClass.node)?.instance : undefined;
  }

  /** The arguments of a function nobody calls: each an unknown named after its parameter (a symbol). */
  private symbolicArguments(fn: JsFunction): Value[] {
    return fn.node.parameters.map((parameter) => {
      // The parser's stand-in for a name it could not read (`function (1)`) is an identifier with no text: the excerpt says so.
      const identifier = this.ts.isIdentifier(parameter.name) && parameter.name.text !== '' ? parameter.name.text : undefined;
      if (parameter.initializer) return undefined; // its default applies
      const because = `\`${identifier ?? this.excerpt(parameter.name)}\` is a parameter of ${this.functionLabel(fn)}, which is never called with known arguments`;
      return parameterSymbol(identifier, because, parameter, this.defines);
    });
  }

  // ---- Modules ------------------------------------------------------------------------------

  /** Runs a module's top level once; its exports are then known. */
  private runModule(module: ProgramFile): JsObject {
    if (module.exports) return module.exports;
    const exports = new JsObject();
    module.exports = exports;
    const environment = new Environment(undefined, module.file);
    environment.functionScope = { thisValue: undefined, homeClass: undefined, functionName: 'the module' };
    const moduleObject = new JsObject();
    moduleObject.set('exports', exports);
    environment.declare('module', moduleObject);
    environment.declare('exports', exports);
    const outerFile = this.currentFile;
    this.currentFile = module.file;
    module.running = true;
    try {
      for (const statement of module.file.statements) this.declareImports(statement, environment, module);
      this.executeStatements(module.file.statements, environment);
    } finally {
      this.currentFile = outerFile;
      module.running = false;
    }
    const replaced = moduleObject.get('exports');
    if (replaced instanceof JsObject && replaced !== exports) {
      for (const [key, property] of replaced.properties) exports.properties.set(key, property);
    } else if (replaced !== exports) exports.set('default', replaced);
    return exports;
  }

  private declareImports(statement: TS.Statement, environment: Environment, module: ProgramFile): void {
    const ts = this.ts;
    if (!ts.isImportDeclaration(statement) || !statement.importClause || !ts.isStringLiteral(statement.moduleSpecifier)) return;
    const specifier = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    const source = this.importedModule(specifier, module.file, statement);
    if (clause.name) environment.declare(clause.name.text, this.member(source, 'default', clause.name), true);
    const bindings = clause.namedBindings;
    if (!bindings) return;
    if (ts.isNamespaceImport(bindings)) {
      environment.declare(bindings.name.text, source, true);
      return;
    }
    for (const element of bindings.elements) {
      environment.declare(element.name.text, this.member(source, (element.propertyName ?? element.name).text, element), true);
    }
  }

  /** What `import ... from specifier` or `require(specifier)` gives: TF.js, a workspace module, or unknown. */
  private importedModule(specifier: string, from: TS.SourceFile, site: TS.Node): Value {
    if (isTfjsModule(specifier)) return new TfjsMember('');
    const module = specifier.startsWith('.') ? this.resolveModule(specifier, from) : `\`${specifier}\` is a module ConvLens does not read`;
    if (typeof module === 'string') return new Unknown(module, site);
    // ESM binds what the cycle's other side has not exported yet as unset: unknown here, never a guess.
    if (module.running) return new Unknown(`\`${specifier}\` imports this file back (an import cycle)`, site);
    if (!module.exports && this.depth >= INTERPRETER_BUDGETS.callDepth) this.overBudget('imports nest too deeply', site);
    this.depth++;
    // What an imported file's top level builds is that file's model, not one of the analysed file.
    const outerChain = this.chain;
    this.chain = undefined;
    try {
      return this.runModule(module);
    } finally {
      this.depth--;
      this.chain = outerChain;
    }
  }

  /**
   * Notes the call of the analysed file under which code of another file (`node` is that file's)
   * built a TF.js object: the reader shows it there.
   */
  noteAnchor(value: object, node: TS.Node): void {
    const anchor = this.chain?.call;
    if (anchor && isImported(node)) this.anchors.set(value, anchor);
  }

  /** The call of the analysed file under which another file's code built `value`, if it did. */
  anchorOf(value: object): TS.Node | undefined {
    return this.anchors.get(value);
  }

  /** A member of a module or object (an import's binding): a TF.js member, or the property. */
  private member(source: Value, key: string, site: TS.Node): Value {
    return this.getProperty(source, key, site);
  }

  // ---- Statements ---------------------------------------------------------------------------

  private executeStatements(statements: readonly TS.Statement[], environment: Environment): Completion {
    this.hoist(statements, environment);
    return this.runInTurn(statements, environment);
  }

  /** Runs statements one after another until one ends the block; after one that may have, the rest run unsure. */
  private runInTurn(statements: readonly TS.Statement[], environment: Environment): Completion {
    for (let index = 0; index < statements.length; index++) {
      const completion = this.execute(statements[index], environment);
      if (completion?.kind === 'maybe') return this.afterMaybeLeft(completion, statements.slice(index + 1), environment);
      if (completion) return completion;
    }
    return undefined;
  }

  /** The statements after one that may have left: they run unsure, and the ways out add up. */
  private afterMaybeLeft(left: MaybeLeft, rest: readonly TS.Statement[], environment: Environment): MaybeLeft {
    if (rest.length === 0) return left;
    const after = this.unsurely(left.why, environment, () => this.runInTurn(rest, environment));
    return { kind: 'maybe', why: left.why, returned: [...left.returned, ...(after?.returned ?? [])], fallsThrough: after === undefined || after.fallsThrough };
  }

  /** Function declarations are defined before a block's first statement runs. */
  private hoist(statements: readonly TS.Statement[], environment: Environment): void {
    const ts = this.ts;
    for (const statement of statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) {
        environment.declare(statement.name.text, this.closure(statement, environment, statement.name.text));
      }
    }
  }

  private closure(node: TS.FunctionLikeDeclaration, environment: Environment, name: string, homeClass?: JsClass): JsFunction {
    const fn = new JsFunction(node, environment, name, homeClass);
    if (!this.closures.has(node)) this.closures.set(node, fn);
    return fn;
  }

  private step(node: TS.Node): void {
    if (++this.steps > INTERPRETER_BUDGETS.steps) {
      this.overBudget(`after ${INTERPRETER_BUDGETS.steps.toLocaleString('en-US')} evaluation steps`, node);
    }
  }

  charge(items: number, site: TS.Node): void {
    // A length the code computed may be NaN or negative (`'x'.padStart(-1e12)`): it must not lower the count, or disable it.
    if (items > 0) this.steps += items;
    this.step(site);
  }

  overBudget(what: string, site: TS.Node): never {
    // In an imported file: reported at the call of the analysed file that ran it (else on the file), saying where.
    if (isImported(site)) throw new BudgetExceeded(`${what} (in ${importedPlace(site, this.main.file.fileName)})`, this.chain?.call ?? this.main.file);
    throw new BudgetExceeded(what, site);
  }

  /** Runs a statement; `label` is the label written before it (a loop's, for `break label`). */
  private execute(statement: TS.Statement, environment: Environment, label?: string): Completion {
    const ts = this.ts;
    const kind = ts.SyntaxKind;
    this.step(statement);
    switch (statement.kind) {
      case kind.ExpressionStatement: {
        const expression = (statement as TS.ExpressionStatement).expression;
        if (expression.kind === kind.CallExpression) this.statementCalls.add(expression);
        this.evaluate(expression, environment);
        return undefined;
      }
      case kind.VariableStatement: {
        const node = statement as TS.VariableStatement;
        this.declareVariables(node.declarationList, environment, hasModifier(ts, node, ts.SyntaxKind.ExportKeyword));
        return undefined;
      }
      case kind.ReturnStatement: {
        const expression = (statement as TS.ReturnStatement).expression;
        return { kind: 'return', value: expression ? this.evaluate(expression, environment) : undefined };
      }
      case kind.IfStatement: {
        const node = statement as TS.IfStatement;
        const test = this.evaluate(node.expression, environment);
        const decided = this.truthy(test);
        if (decided === true) return this.execute(node.thenStatement, environment);
        if (decided === false) return node.elseStatement ? this.execute(node.elseStatement, environment) : undefined;
        const why = this.undecided(node.expression, test);
        const thenLeft = this.unsurely(why, environment, () => this.execute(node.thenStatement, environment));
        const elseLeft = node.elseStatement ? this.unsurely(why, environment, () => this.execute(node.elseStatement!, environment)) : undefined;
        return eitherMaybeLeft(thenLeft, elseLeft);
      }
      case kind.Block:
        return this.executeStatements((statement as TS.Block).statements, new Environment(environment));
      case kind.ForStatement:
        return this.executeFor(statement as TS.ForStatement, environment, label);
      case kind.ForOfStatement:
      case kind.ForInStatement:
        return this.executeForOf(statement as TS.ForOfStatement | TS.ForInStatement, environment, label);
      case kind.WhileStatement:
      case kind.DoStatement:
        return this.executeWhile(statement as TS.WhileStatement | TS.DoStatement, environment, label);
      case kind.BreakStatement:
      case kind.ContinueStatement: {
        const label = (statement as TS.BreakOrContinueStatement).label?.text;
        return { kind: statement.kind === kind.BreakStatement ? 'break' : 'continue', label };
      }
      case kind.LabeledStatement: {
        const node = statement as TS.LabeledStatement;
        const completion = this.execute(node.statement, environment, node.label.text);
        if (completion?.kind === 'break' && completion.label === node.label.text) return undefined;
        return completion;
      }
      case kind.ClassDeclaration: {
        const node = statement as TS.ClassDeclaration;
        const cls = this.defineClass(node, environment);
        if (node.name) environment.declare(node.name.text, cls);
        this.exportDeclaration(node, node.name?.text, cls, environment);
        return undefined;
      }
      case kind.FunctionDeclaration: {
        const node = statement as TS.FunctionDeclaration;
        if (node.name) this.exportDeclaration(node, node.name.text, environment.lookup(node.name.text)?.value, environment);
        return undefined;
      }
      case kind.ThrowStatement:
        this.evaluate((statement as TS.ThrowStatement).expression, environment);
        return { kind: 'throw' };
      case kind.TryStatement: {
        const node = statement as TS.TryStatement;
        let completion = this.execute(node.tryBlock, environment);
        if (completion?.kind === 'throw' && node.catchClause) {
          const inner = new Environment(environment);
          const declaration = node.catchClause.variableDeclaration;
          if (declaration) this.bind(declaration.name, new Unknown('a caught exception is not a value ConvLens knows', declaration), inner, false);
          completion = this.execute(node.catchClause.block, inner);
        }
        if (node.finallyBlock) return this.execute(node.finallyBlock, environment) ?? completion;
        return completion;
      }
      case kind.SwitchStatement:
        return this.executeSwitch(statement as TS.SwitchStatement, environment);
      case kind.ExportAssignment: {
        const node = statement as TS.ExportAssignment;
        const value = this.evaluate(node.expression, environment);
        if (!node.isExportEquals) this.exportsOf(environment)?.set('default', value, node.expression);
        else this.moduleObjectOf(environment)?.set('exports', value, node.expression);
        return undefined;
      }
      case kind.ExportDeclaration:
        this.reexport(statement as TS.ExportDeclaration, environment);
        return undefined;
      default:
        // Imports (declared up front), types, interfaces, enums, empty statements: nothing to run.
        return undefined;
    }
  }

  private exportsOf(environment: Environment): JsObject | undefined {
    const exports = environment.lookup('exports')?.value;
    return exports instanceof JsObject ? exports : undefined;
  }

  private moduleObjectOf(environment: Environment): JsObject | undefined {
    const module = environment.lookup('module')?.value;
    return module instanceof JsObject ? module : undefined;
  }

  /** `export function f`, `export class C`, `export default class`. */
  private exportDeclaration(node: TS.FunctionDeclaration | TS.ClassDeclaration, name: string | undefined, value: Value, environment: Environment): void {
    const ts = this.ts;
    if (!hasModifier(ts, node, ts.SyntaxKind.ExportKeyword)) return;
    const isDefault = hasModifier(ts, node, ts.SyntaxKind.DefaultKeyword);
    this.exportsOf(environment)?.set(isDefault ? 'default' : (name ?? 'default'), value, node);
  }

  /** `export {a, b as c}` and `export {x} from './other'`. */
  private reexport(node: TS.ExportDeclaration, environment: Environment): void {
    const ts = this.ts;
    const exports = this.exportsOf(environment);
    if (!exports) return;
    const from =
      node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? this.importedModule(node.moduleSpecifier.text, environment.file, node) : undefined;
    const clause = node.exportClause;
    if (!clause) {
      if (from instanceof JsObject) for (const [key, property] of from.properties) if (key !== 'default') exports.properties.set(key, property);
      return;
    }
    if (!ts.isNamedExports(clause)) {
      exports.set(clause.name.text, from);
      return;
    }
    for (const element of clause.elements) {
      const local = (element.propertyName ?? element.name).text;
      const value = node.moduleSpecifier ? this.member(from, local, element) : environment.lookup(local)?.value;
      exports.set(element.name.text, value, element);
    }
  }

  private declareVariables(list: TS.VariableDeclarationList, environment: Environment, exported = false): void {
    const ts = this.ts;
    const constant = (list.flags & ts.NodeFlags.Const) !== 0;
    const isVar = (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0;
    const target = isVar ? environment.functionEnvironment() : environment;
    for (const declaration of list.declarations) {
      const value = declaration.initializer ? this.evaluate(declaration.initializer, environment) : undefined;
      this.bind(declaration.name, value, target, constant);
      if (ts.isIdentifier(declaration.name)) this.named(declaration.name.text, declaration.initializer, value);
      if (exported) this.exportBindings(declaration.name, environment);
    }
  }

  /** A value gets the name of the variable it is first assigned to (inputs, models, arrays of layers). */
  private named(name: string, initializer: TS.Expression | undefined, value: Value): void {
    const ts = this.ts;
    if (value instanceof SymbolicTensor && value.node.kind === 'input') value.node.variable ??= name;
    if ((value instanceof SequentialModel || value instanceof FunctionalModel) && initializer) {
      const call = skipOuterExpressions(ts, initializer);
      if ((call === value.call || this.tfjs.madeWithin(value, call)) && !this.modelNames.has(call)) this.modelNames.set(call, name);
    }
    if (value instanceof JsArray && (value.items[0] instanceof SequentialModel || value.items[0] instanceof FunctionalModel)) this.modelArrays.push({ name, value });
    if (value instanceof JsArray && initializer && ts.isArrayLiteralExpression(skipOuterExpressions(ts, initializer)) && this.pass === 0) {
      const node = skipOuterExpressions(ts, initializer) as TS.ArrayLiteralExpression;
      if (!this.constArrays.some((entry) => entry.node === node)) this.constArrays.push({ name, node, value });
    }
  }

  private exportBindings(name: TS.BindingName, environment: Environment): void {
    const ts = this.ts;
    if (ts.isIdentifier(name)) {
      this.exportsOf(environment)?.set(name.text, environment.lookup(name.text)?.value, name);
      return;
    }
    for (const element of name.elements) if (!ts.isOmittedExpression(element)) this.exportBindings(element.name, environment);
  }

  /** Binds a name or a destructuring pattern (with defaults and rest) to a value. */
  private bind(name: TS.BindingName, value: Value, environment: Environment, constant: boolean): void {
    const ts = this.ts;
    if (ts.isIdentifier(name)) {
      // An anonymous function or class is known by the name it is first bound to.
      if ((value instanceof JsFunction || value instanceof JsClass) && value.name === '') value.name = name.text;
      environment.declare(name.text, value, constant);
      return;
    }
    if (ts.isArrayBindingPattern(name)) {
      name.elements.forEach((element, index) => {
        if (ts.isOmittedExpression(element)) return;
        let item: Value;
        if (element.dotDotDotToken) item = this.restOf(value, index, element);
        else item = this.getProperty(value, String(index), element);
        if (item === undefined && element.initializer) item = this.evaluate(element.initializer, environment);
        this.bind(element.name, item, environment, constant);
      });
      return;
    }
    const taken: string[] = [];
    for (const element of name.elements) {
      if (element.dotDotDotToken) {
        this.bind(element.name, this.objectRest(value, taken, element), environment, constant);
        continue;
      }
      const keyNode = element.propertyName ?? element.name;
      const key = ts.isIdentifier(keyNode) || ts.isStringLiteral(keyNode) || ts.isNumericLiteral(keyNode) ? keyNode.text : this.computedKey(keyNode, environment);
      if (key instanceof Unknown) {
        this.bind(element.name, key, environment, constant);
        continue;
      }
      taken.push(key);
      let item = this.getProperty(value, key, element);
      if (item === undefined && element.initializer) item = this.evaluate(element.initializer, environment);
      this.bind(element.name, item, environment, constant);
    }
  }

  private computedKey(node: TS.Node, environment: Environment): string | Unknown {
    const expression = this.ts.isComputedPropertyName(node) ? node.expression : (node as TS.Expression);
    const key = this.evaluate(expression, environment);
    if (key instanceof Unknown) return key.derived();
    return toText(key) ?? new Unknown(`the key \`${this.excerpt(node)}\` is not one ConvLens computes`, node);
  }

  private restOf(value: Value, from: number, site: TS.Node): Value {
    if (value instanceof JsArray) return value.unsure ?? new JsArray(value.items.slice(from), value.nodes.slice(from));
    return value instanceof Unknown ? value.derived() : new Unknown('the rest of a value ConvLens does not model', site);
  }

  private objectRest(value: Value, taken: string[], site: TS.Node): Value {
    if (!(value instanceof JsObject)) return value instanceof Unknown ? value.derived() : new Unknown('the rest of a value ConvLens does not model', site);
    const rest = new JsObject();
    for (const [key, property] of value.properties) if (!taken.includes(key) && !property.getter) rest.properties.set(key, property);
    rest.unsure = value.unsure;
    return rest;
  }

  private executeFor(node: TS.ForStatement, outer: Environment, label: string | undefined): Completion {
    const ts = this.ts;
    const environment = new Environment(outer);
    if (node.initializer) {
      if (ts.isVariableDeclarationList(node.initializer)) this.declareVariables(node.initializer, environment);
      else this.evaluate(node.initializer, environment);
    }
    for (let iteration = 0; ; iteration++) {
      this.loopBudget(iteration, node);
      if (node.condition) {
        const test = this.evaluate(node.condition, environment);
        const decided = this.truthy(test);
        if (decided === false) return undefined;
        if (decided === undefined) {
          return this.unsureLoop(this.undecided(node.condition, test), environment, () => this.execute(node.statement, new Environment(environment)));
        }
      }
      // A fresh scope per iteration, as `let` gives each iteration its own binding.
      const completion = this.execute(node.statement, new Environment(environment));
      const ended = this.loopEnd(completion, label);
      if (ended) return ended.completion;
      if (node.incrementor) this.evaluate(node.incrementor, environment);
    }
  }

  private executeForOf(node: TS.ForOfStatement | TS.ForInStatement, environment: Environment, label: string | undefined): Completion {
    const ts = this.ts;
    const iterable = this.evaluate(node.expression, environment);
    let items: Value[] | undefined;
    if (ts.isForInStatement(node)) {
      if (iterable instanceof JsObject && !iterable.unsure) items = [...iterable.properties.keys()];
      else if (iterable instanceof JsArray && !iterable.unsure) items = iterable.items.map((_item, index) => String(index));
    } else if (iterable instanceof JsArray && !iterable.unsure) items = [...iterable.items];
    else if (typeof iterable === 'string') items = [...iterable];
    const bindItem = (item: Value) => {
      const inner = new Environment(environment);
      const initializer = node.initializer;
      if (ts.isVariableDeclarationList(initializer)) {
        const constant = (initializer.flags & ts.NodeFlags.Const) !== 0;
        for (const declaration of initializer.declarations) this.bind(declaration.name, item, inner, constant);
      } else this.assign(initializer, item, inner);
      return inner;
    };
    if (!items) {
      const why = iterable instanceof Unknown ? iterable : iterable instanceof JsArray && iterable.unsure ? iterable.unsure : this.notIterable(node.expression);
      const item = new Unknown(`the items of \`${this.excerpt(node.expression)}\` are not known (${why.because})`, node.expression);
      return this.unsureLoop(why, environment, () => this.execute(node.statement, bindItem(item)));
    }
    for (let index = 0; index < items.length; index++) {
      this.loopBudget(index, node);
      const ended = this.loopEnd(this.execute(node.statement, bindItem(items[index])), label);
      if (ended) return ended.completion;
    }
    return undefined;
  }

  private notIterable(node: TS.Expression): Unknown {
    return new Unknown(`\`${this.excerpt(node)}\` is not a list ConvLens knows`, node);
  }

  private executeWhile(node: TS.WhileStatement | TS.DoStatement, environment: Environment, label: string | undefined): Completion {
    const isDo = this.ts.isDoStatement(node);
    for (let iteration = 0; ; iteration++) {
      this.loopBudget(iteration, node);
      if (!isDo || iteration > 0) {
        const test = this.evaluate(node.expression, environment);
        const decided = this.truthy(test);
        if (decided === false) return undefined;
        if (decided === undefined) {
          return this.unsureLoop(this.undecided(node.expression, test), environment, () => this.execute(node.statement, environment));
        }
      }
      const ended = this.loopEnd(this.execute(node.statement, environment), label);
      if (ended) return ended.completion;
    }
  }

  private loopBudget(iteration: number, node: TS.Node): void {
    if (iteration >= INTERPRETER_BUDGETS.loopIterations) {
      this.overBudget(`a loop ran ${INTERPRETER_BUDGETS.loopIterations.toLocaleString('en-US')} times`, node);
    }
  }

  /** What a loop does after its body: go on (undefined), or stop with the completion to pass on. */
  private loopEnd(completion: Completion, label: string | undefined): { completion: Completion } | undefined {
    if (!completion) return undefined;
    if (completion.kind === 'continue' && (completion.label === undefined || completion.label === label)) return undefined;
    if (completion.kind === 'break' && (completion.label === undefined || completion.label === label)) return { completion: undefined };
    return { completion };
  }

  /** A loop whose count is unknown: its body runs once, unsure, and the loop ends. */
  private unsureLoop(why: Unknown, environment: Environment, body: () => Completion): Completion {
    return this.unsurely(why, environment, body);
  }

  private executeSwitch(node: TS.SwitchStatement, environment: Environment): Completion {
    const ts = this.ts;
    const value = this.evaluate(node.expression, environment);
    const inner = new Environment(environment);
    const clauses = node.caseBlock.clauses;
    this.hoist(
      clauses.flatMap((clause) => [...clause.statements]),
      inner,
    );
    let start = -1;
    let unknown: Unknown | undefined = value instanceof Unknown ? value : undefined;
    for (let index = 0; index < clauses.length && !unknown && start < 0; index++) {
      const clause = clauses[index];
      if (!ts.isCaseClause(clause)) continue;
      const equal = this.strictEquals(value, this.evaluate(clause.expression, inner));
      if (equal instanceof Unknown) unknown = equal;
      else if (equal) start = index;
    }
    if (unknown) {
      let left: MaybeLeft | undefined;
      for (const clause of clauses) {
        const clauseLeft = this.unsurely(unknown, inner, () => {
          const completion = this.runClauses([clause], inner);
          return completion?.kind === 'break' && completion.label === undefined ? undefined : completion;
        });
        left = eitherMaybeLeft(left, clauseLeft);
      }
      return left;
    }
    if (start < 0) start = clauses.findIndex((clause) => ts.isDefaultClause(clause));
    if (start < 0) return undefined;
    const completion = this.runClauses(clauses.slice(start), inner);
    return completion?.kind === 'break' && completion.label === undefined ? undefined : completion;
  }

  private runClauses(clauses: readonly TS.CaseOrDefaultClause[], environment: Environment): Completion {
    return this.runInTurn(
      clauses.flatMap((clause) => [...clause.statements]),
      environment,
    );
  }

  /**
   * Runs code under a condition the interpreter cannot decide: layers it adds get an unknown
   * input, and what it assigns outside becomes unknown.
   */
  private unsurely(why: Unknown, environment: Environment, body: () => Completion): MaybeLeft | undefined {
    const [outerUnsure, outerFrom, outerRegion] = [this.unsure, this.unsureFrom, this.region];
    this.unsure ??= why;
    this.unsureFrom ??= environment;
    this.region = { why, outer: outerRegion };
    try {
      const completion = body();
      // A throw ends the run that would have built the model: the shapes shown are those of the run that does not throw.
      if (!completion || completion.kind === 'throw') return undefined;
      if (completion.kind === 'maybe') return completion;
      return { kind: 'maybe', why, returned: completion.kind === 'return' ? [completion.value] : [], fallsThrough: completion.kind !== 'return' };
    } finally {
      this.unsure = outerUnsure;
      this.unsureFrom = outerFrom;
      this.region = outerRegion;
    }
  }

  /** Why a condition is undecided. */
  private undecided(node: TS.Expression, test: Value): Unknown {
    const inner = test instanceof Unknown ? `: ${test.because}` : '';
    return new Unknown(this.cut(`ConvLens cannot decide the condition \`${this.excerpt(node)}\` (line ${this.lineOf(node)})${inner}`), node);
  }

  // ---- Expressions --------------------------------------------------------------------------

  evaluate(node: TS.Expression, environment: Environment): Value {
    const ts = this.ts;
    const kind = ts.SyntaxKind;
    this.step(node);
    switch (node.kind) {
      case kind.NumericLiteral:
        return Number((node as TS.NumericLiteral).text);
      case kind.StringLiteral:
      case kind.NoSubstitutionTemplateLiteral:
        return (node as TS.StringLiteral).text;
      case kind.TrueKeyword:
        return true;
      case kind.FalseKeyword:
        return false;
      case kind.NullKeyword:
        return null;
      case kind.BigIntLiteral:
      case kind.RegularExpressionLiteral:
        return new Unknown(`\`${this.excerpt(node)}\` is not a value ConvLens models`, node);
      case kind.ParenthesizedExpression:
      case kind.AsExpression:
      case kind.SatisfiesExpression:
      case kind.TypeAssertionExpression:
      case kind.NonNullExpression:
      case kind.AwaitExpression:
        return this.evaluate((node as TS.ParenthesizedExpression).expression, environment);
      case kind.Identifier:
        return this.lookup(node as TS.Identifier, environment);
      case kind.ThisKeyword:
        return environment.functionEnvironment().functionScope?.thisValue;
      case kind.TemplateExpression:
        return this.template(node as TS.TemplateExpression, environment);
      case kind.ArrayLiteralExpression:
        return this.arrayLiteral(node as TS.ArrayLiteralExpression, environment);
      case kind.ObjectLiteralExpression:
        return this.objectLiteral(node as TS.ObjectLiteralExpression, environment);
      case kind.PropertyAccessExpression: {
        const access = node as TS.PropertyAccessExpression;
        if (access.expression.kind === kind.SuperKeyword) return this.superMember(access.name.text, environment, access);
        const target = this.evaluate(access.expression, environment);
        if (access.questionDotToken && (target === undefined || target === null)) return undefined;
        return this.getProperty(target, access.name.text, access);
      }
      case kind.ElementAccessExpression: {
        const access = node as TS.ElementAccessExpression;
        const target = this.evaluate(access.expression, environment);
        if (access.questionDotToken && (target === undefined || target === null)) return undefined;
        const key = this.evaluate(access.argumentExpression, environment);
        if (key instanceof Unknown) return this.unknownIndex(target, key);
        const name = toText(key);
        return name === undefined ? new Unknown(`the key \`${this.excerpt(access.argumentExpression)}\` is not one ConvLens computes`, access) : this.getProperty(target, name, access);
      }
      case kind.CallExpression:
        return this.evaluateCall(node as TS.CallExpression, environment);
      case kind.NewExpression:
        return this.evaluateNew(node as TS.NewExpression, environment);
      case kind.ArrowFunction:
      case kind.FunctionExpression: {
        const fn = node as TS.ArrowFunction | TS.FunctionExpression;
        return this.closure(fn, environment, fn.name?.text ?? '');
      }
      case kind.ClassExpression:
        return this.defineClass(node as TS.ClassExpression, environment);
      case kind.ConditionalExpression: {
        const conditional = node as TS.ConditionalExpression;
        const test = this.evaluate(conditional.condition, environment);
        const decided = this.truthy(test);
        if (decided === undefined) {
          const why = this.undecided(conditional.condition, test);
          const values: Value[] = [];
          this.unsurely(why, environment, () => void values.push(this.evaluate(conditional.whenTrue, environment)));
          this.unsurely(why, environment, () => void values.push(this.evaluate(conditional.whenFalse, environment)));
          return UnsureTensor.of(why.because, why.node, values);
        }
        return this.evaluate(decided ? conditional.whenTrue : conditional.whenFalse, environment);
      }
      case kind.PrefixUnaryExpression:
        return this.prefixUnary(node as TS.PrefixUnaryExpression, environment);
      case kind.PostfixUnaryExpression: {
        const postfix = node as TS.PostfixUnaryExpression;
        const before = this.evaluate(postfix.operand, environment);
        const number = toNumber(before);
        if (number === undefined) {
          const unknown = before instanceof Unknown ? before : this.cannot(postfix);
          const after = this.arithmetic(postfix.operator === kind.PlusPlusToken ? kind.PlusToken : kind.MinusToken, unknown, 1, postfix);
          this.assign(postfix.operand, after, environment);
          return unknown;
        }
        this.assign(postfix.operand, postfix.operator === kind.PlusPlusToken ? number + 1 : number - 1, environment, postfix);
        return number;
      }
      case kind.BinaryExpression:
        return this.binary(node as TS.BinaryExpression, environment);
      case kind.TypeOfExpression:
        return this.typeOf(this.evaluate((node as TS.TypeOfExpression).expression, environment), node);
      case kind.VoidExpression:
        this.evaluate((node as TS.VoidExpression).expression, environment);
        return undefined;
      case kind.SpreadElement:
        return this.cannot(node);
      default:
        return this.cannot(node);
    }
  }

  /** An expression the interpreter does not model. */
  private cannot(node: TS.Node): Unknown {
    return new Unknown(`\`${this.excerpt(node)}\` is not a value ConvLens computes`, node);
  }

  private lookup(node: TS.Identifier, environment: Environment): Value {
    const binding = environment.lookup(node.text);
    if (binding) return binding.value;
    // Globals are built once per file: `Math` alone holds forty functions.
    let global = this.globals.get(node.text);
    if (global === undefined && !this.globals.has(node.text)) {
      global = globalValue(node.text, this);
      this.globals.set(node.text, global);
    }
    if (global !== NOT_GLOBAL) return global as Value;
    // The global of the TF.js script bundle.
    if (node.text === 'tf') return this.tfjs.globalModule;
    // The parser puts an empty name where the code misses one (`model.add(tf.layers.conv2d({filters: }))`).
    if (node.text === '') return new Unknown('a name is missing here: the code does not parse', node);
    return new Unknown(`\`${node.text}\` is not defined in this file`, node);
  }

  private template(node: TS.TemplateExpression, environment: Environment): Value {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const value = this.evaluate(span.expression, environment);
      if (value instanceof Unknown) return value.derived();
      const part = toText(value);
      if (part === undefined) return this.cannot(span.expression);
      text += part + span.literal.text;
      if (text.length > INTERPRETER_BUDGETS.arrayLength) this.overBudget('a string grew too long', node);
    }
    return text;
  }

  private arrayLiteral(node: TS.ArrayLiteralExpression, environment: Environment): JsArray {
    const ts = this.ts;
    const array = new JsArray([], []);
    for (const element of node.elements) {
      if (ts.isSpreadElement(element)) {
        const spread = this.evaluate(element.expression, environment);
        if (spread instanceof JsArray && !spread.unsure) {
          this.charge(spread.items.length, element);
          spread.items.forEach((item, index) => {
            array.items.push(item);
            array.nodes.push(spread.nodes[index]);
          });
        } else if (typeof spread === 'string') array.items.push(...spread);
        else array.unsure ??= spread instanceof Unknown ? spread : (spread as JsArray | undefined)?.unsure ?? this.notIterable(element.expression);
      } else if (ts.isOmittedExpression(element)) {
        array.items.push(undefined);
        array.nodes.push(undefined);
      } else {
        array.items.push(this.evaluate(element, environment));
        array.nodes.push(element);
      }
      if (array.items.length > INTERPRETER_BUDGETS.arrayLength) this.overBudget('an array grew too long', node);
    }
    return array;
  }

  private objectLiteral(node: TS.ObjectLiteralExpression, environment: Environment): JsObject {
    const ts = this.ts;
    const object = new JsObject();
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = this.evaluate(property.expression, environment);
        if (spread instanceof JsObject || spread instanceof JsArray) this.charge(spread instanceof JsObject ? spread.properties.size : spread.items.length, property);
        copyProperties(object, spread);
        continue;
      }
      const name = property.name;
      const key = propertyName(ts, property) ?? (name ? this.computedKey(name, environment) : this.cannot(property));
      if (key instanceof Unknown) {
        object.unsure ??= key;
        continue;
      }
      if (ts.isPropertyAssignment(property)) {
        const value = this.evaluate(property.initializer, environment);
        if (key === '__proto__' && !ts.isComputedPropertyName(property.name)) {
          // `{__proto__: base}` sets the prototype: keys the object lacks are read from `base`, which ConvLens does not follow.
          if (value !== null) object.unsure ??= new Unknown(`\`__proto__\` gives \`${this.excerpt(node)}\` a prototype, whose keys ConvLens does not read`, property);
          continue;
        }
        if ((value instanceof JsFunction || value instanceof JsClass) && value.name === '') value.name = key;
        object.set(key, value, property.initializer, property.name);
      } else if (ts.isShorthandPropertyAssignment(property)) {
        object.set(key, this.lookup(property.name, environment), property.name, property.name);
      } else if (ts.isMethodDeclaration(property)) {
        object.set(key, this.closure(property, environment, key), property, property.name);
      } else if (ts.isGetAccessorDeclaration(property)) {
        object.properties.set(key, { value: undefined, keyNode: property.name, getter: this.closure(property, environment, key) });
      }
    }
    return object;
  }

  private prefixUnary(node: TS.PrefixUnaryExpression, environment: Environment): Value {
    const kind = this.ts.SyntaxKind;
    const operand = this.evaluate(node.operand, environment);
    if (node.operator === kind.ExclamationToken) {
      const truth = this.truthy(operand);
      return truth === undefined ? (operand instanceof Unknown ? operand.derived() : this.cannot(node)) : !truth;
    }
    if (operand instanceof Unknown) return this.unknownPrefix(node, operand, environment);
    const number = toNumber(operand);
    if (number === undefined) return this.cannot(node);
    switch (node.operator) {
      case kind.MinusToken:
        return -number;
      case kind.PlusToken:
        return number;
      case kind.TildeToken:
        return ~number;
      case kind.PlusPlusToken:
      case kind.MinusMinusToken: {
        const result = node.operator === kind.PlusPlusToken ? number + 1 : number - 1;
        this.assign(node.operand, result, environment, node);
        return result;
      }
      default:
        return this.cannot(node);
    }
  }

  /** `-x`, `+x`, `++x` of an unknown: a symbolic number stays one. */
  private unknownPrefix(node: TS.PrefixUnaryExpression, operand: Unknown, environment: Environment): Value {
    const kind = this.ts.SyntaxKind;
    switch (node.operator) {
      case kind.PlusToken:
        return operand;
      case kind.MinusToken:
        return this.arithmetic(kind.AsteriskToken, operand, -1, node);
      case kind.PlusPlusToken:
      case kind.MinusMinusToken: {
        const result = this.arithmetic(node.operator === kind.PlusPlusToken ? kind.PlusToken : kind.MinusToken, operand, 1, node);
        this.assign(node.operand, result, environment, node);
        return result;
      }
      default:
        return operand.derived();
    }
  }

  private binary(node: TS.BinaryExpression, environment: Environment): Value {
    const ts = this.ts;
    const kind = ts.SyntaxKind;
    const operator = node.operatorToken.kind;
    if (operator === kind.EqualsToken) {
      const value = this.evaluate(node.right, environment);
      this.assign(node.left, value, environment, node.right);
      return value;
    }
    if (operator === kind.AmpersandAmpersandToken || operator === kind.BarBarToken || operator === kind.QuestionQuestionToken) {
      const left = this.evaluate(node.left, environment);
      const decided = operator === kind.QuestionQuestionToken ? (left instanceof Unknown ? undefined : left !== null && left !== undefined) : this.truthy(left);
      // A number is never nullish; whether a symbolic one is truthy (0 or not), ConvLens cannot tell.
      if (decided === undefined) return left instanceof Unknown ? (operator === kind.QuestionQuestionToken ? left : left.derived()) : this.cannot(node);
      const takeLeft = operator === kind.AmpersandAmpersandToken ? !decided : decided;
      return takeLeft ? left : this.evaluate(node.right, environment);
    }
    if (operator === kind.CommaToken) {
      this.evaluate(node.left, environment);
      return this.evaluate(node.right, environment);
    }
    const compound = COMPOUND_ASSIGNMENTS.get(operator);
    if (compound !== undefined) {
      const logical = compound === kind.BarBarToken || compound === kind.AmpersandAmpersandToken || compound === kind.QuestionQuestionToken;
      const left = this.evaluate(node.left, environment);
      if (logical) {
        const decided = compound === kind.QuestionQuestionToken ? (left instanceof Unknown ? undefined : left === null || left === undefined) : this.truthy(left);
        const assigns = decided === undefined ? undefined : compound === kind.AmpersandAmpersandToken ? decided : compound === kind.BarBarToken ? !decided : decided;
        if (assigns === undefined) return left;
        if (!assigns) return left;
        const value = this.evaluate(node.right, environment);
        this.assign(node.left, value, environment, node.right);
        return value;
      }
      const value = this.arithmetic(compound, left, this.evaluate(node.right, environment), node);
      this.assign(node.left, value, environment, node);
      return value;
    }
    const left = this.evaluate(node.left, environment);
    const right = this.evaluate(node.right, environment);
    return this.arithmetic(operator, left, right, node);
  }

  private arithmetic(operator: TS.SyntaxKind, left: Value, right: Value, node: TS.Node): Value {
    const kind = this.ts.SyntaxKind;
    switch (operator) {
      case kind.EqualsEqualsEqualsToken:
      case kind.ExclamationEqualsEqualsToken:
      case kind.EqualsEqualsToken:
      case kind.ExclamationEqualsToken: {
        const loose = operator === kind.EqualsEqualsToken || operator === kind.ExclamationEqualsToken;
        const equal = loose ? this.looseEquals(left, right) : this.strictEquals(left, right);
        if (equal instanceof Unknown) return equal;
        return operator === kind.EqualsEqualsEqualsToken || operator === kind.EqualsEqualsToken ? equal : !equal;
      }
      case kind.InstanceOfKeyword:
        if (left instanceof Instance && right instanceof JsClass) {
          for (let cls: JsClass | TfjsMember | undefined = left.cls; cls; cls = cls instanceof JsClass ? cls.base : undefined) if (cls === right) return true;
          return false;
        }
        return firstUnknown([left, right]) ?? this.cannot(node);
      case kind.InKeyword:
        if (right instanceof JsObject && !right.unsure && !(right instanceof Instance)) {
          const key = toText(left);
          return key === undefined ? this.cannot(node) : right.properties.has(key);
        }
        return firstUnknown([left, right]) ?? this.cannot(node);
    }
    const unknown = firstUnknown([left, right]);
    if (unknown) return symbolicOperation(this.ts, operator, left, right) ?? unknown;
    if (operator === kind.PlusToken && (typeof left === 'string' || typeof right === 'string' || left instanceof JsArray || right instanceof JsArray)) {
      const a = toText(left);
      const b = toText(right);
      if (a === undefined || b === undefined) return this.cannot(node);
      if (a.length + b.length > INTERPRETER_BUDGETS.arrayLength) this.overBudget('a string grew too long', node);
      return a + b;
    }
    const a = toNumber(left);
    const b = toNumber(right);
    if (a === undefined || b === undefined) return this.cannot(node);
    switch (operator) {
      case kind.PlusToken:
        return a + b;
      case kind.MinusToken:
        return a - b;
      case kind.AsteriskToken:
        return a * b;
      case kind.SlashToken:
        return a / b;
      case kind.PercentToken:
        return a % b;
      case kind.AsteriskAsteriskToken:
        return a ** b;
      case kind.LessThanToken:
        return typeof left === 'string' && typeof right === 'string' ? left < right : a < b;
      case kind.LessThanEqualsToken:
        return a <= b;
      case kind.GreaterThanToken:
        return typeof left === 'string' && typeof right === 'string' ? left > right : a > b;
      case kind.GreaterThanEqualsToken:
        return a >= b;
      case kind.AmpersandToken:
        return a & b;
      case kind.BarToken:
        return a | b;
      case kind.CaretToken:
        return a ^ b;
      case kind.LessThanLessThanToken:
        return a << b;
      case kind.GreaterThanGreaterThanToken:
        return a >> b;
      case kind.GreaterThanGreaterThanGreaterThanToken:
        return a >>> b;
      default:
        return this.cannot(node);
    }
  }

  strictEquals(left: Value, right: Value): boolean | Unknown {
    const unknown = firstUnknown([left, right]);
    if (unknown) return unknown;
    if (left instanceof JsObject && left.unsure) return left.unsure;
    return left === right;
  }

  private looseEquals(left: Value, right: Value): boolean | Unknown {
    const unknown = firstUnknown([left, right]);
    if (unknown) return unknown;
    if ((left === null || left === undefined) && (right === null || right === undefined)) return true;
    if (left === null || left === undefined || right === null || right === undefined) return false;
    if (typeof left === 'object' || typeof right === 'object') return left === right;
    // eslint-disable-next-line eqeqeq -- JavaScript's `==` on two known scalars, as the code wrote it
    return left == right;
  }

  private typeOf(value: Value, node: TS.Node): Value {
    if (value instanceof Unknown) return value.derived();
    if (value === null) return 'object';
    if (value instanceof JsFunction || value instanceof Builtin || value instanceof JsClass) return 'function';
    if (typeof value === 'object') return value instanceof TfjsMember ? this.cannot(node) : 'object';
    return typeof value;
  }

  /** Whether a value is truthy; undefined when the interpreter cannot tell. */
  truthy(value: Value): boolean | undefined {
    if (value instanceof Unknown) return undefined;
    if (typeof value === 'object' && value !== null) return true;
    return Boolean(value);
  }

  /** Writes a value where an assignment's left side points. */
  private assign(target: TS.Expression, value: Value, environment: Environment, written?: TS.Node): void {
    const ts = this.ts;
    target = skipOuterExpressions(ts, target);
    if (ts.isIdentifier(target)) {
      let holder: Environment | undefined = environment;
      while (holder && !holder.bindings.has(target.text)) holder = holder.parent;
      const binding = holder?.bindings.get(target.text);
      // Writing the value a binding already holds changes nothing, condition or not: `tf = require('@tensorflow/tfjs-node')`.
      if (this.unsure && !(holder && this.isInsideUnsure(holder)) && !(binding && sameValue(binding.value, value))) value = this.unsureValue(target, [binding?.value, value]);
      if (binding) binding.value = value;
      else environment.functionEnvironment().declare(target.text, value);
      return;
    }
    if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
      const object = this.evaluate(target.expression, environment);
      let key: string | Unknown;
      if (ts.isPropertyAccessExpression(target)) key = target.name.text;
      else {
        const evaluated = this.evaluate(target.argumentExpression, environment);
        key = evaluated instanceof Unknown ? evaluated : (toText(evaluated) ?? this.cannot(target.argumentExpression));
      }
      // Under an undecided condition the property may or may not have been written.
      const assigned = this.unsure ? this.unsureValue(target) : value;
      if (key === 'trainable' && this.tfjs.setsTrainable(object, assigned, target)) return;
      this.setProperty(object, key, assigned, written);
      return;
    }
    if (ts.isArrayLiteralExpression(target)) {
      target.elements.forEach((element, index) => {
        if (ts.isOmittedExpression(element)) return;
        if (ts.isSpreadElement(element)) this.assign(element.expression, this.restOf(value, index, element), environment);
        else this.assign(element, this.getProperty(value, String(index), element), environment);
      });
      return;
    }
    if (ts.isObjectLiteralExpression(target)) {
      for (const property of target.properties) {
        if (ts.isShorthandPropertyAssignment(property)) {
          let item = this.getProperty(value, property.name.text, property);
          if (item === undefined && property.objectAssignmentInitializer) item = this.evaluate(property.objectAssignmentInitializer, environment);
          this.assign(property.name, item, environment);
        } else if (ts.isPropertyAssignment(property)) {
          const key = propertyName(ts, property);
          this.assign(property.initializer, key === undefined ? this.cannot(property) : this.getProperty(value, key, property), environment);
        }
      }
    }
  }

  /** Why code running now may not run when what was made in `region` exists: undefined when it runs whenever that does. */
  unsureSince(region: UnsureRegion | undefined): Unknown | undefined {
    return this.region === region ? undefined : this.region?.why;
  }

  /**
   * Under an undecided condition, the value written outside is unknown: one of `values` (what it
   * held, what is written), which for tensors is an {@link UnsureTensor} a model can be built on.
   */
  private unsureValue(target: TS.Node, values: readonly Value[] = []): Unknown {
    return UnsureTensor.of(this.cut(`\`${this.excerpt(target)}\` is assigned under a condition: ${this.unsure!.because}`), target, values);
  }

  /** Whether a binding's scope was made inside the code that runs unsure (then its assignments are kept). */
  private isInsideUnsure(holder: Environment): boolean {
    for (let scope: Environment | undefined = this.unsureFrom; scope; scope = scope.parent) if (scope === holder) return false;
    return true;
  }

  private setProperty(object: Value, key: string | Unknown, value: Value, written: TS.Node | undefined): void {
    if (object instanceof JsClass) object = object.statics;
    if (object instanceof JsArray) {
      if (key instanceof Unknown) {
        object.unsure ??= key;
        return;
      }
      if (key === 'length') {
        const length = toNumber(value);
        if (length !== undefined && Number.isInteger(length) && length >= 0 && length <= INTERPRETER_BUDGETS.arrayLength) object.items.length = length;
        else object.unsure ??= value instanceof Unknown ? value : new Unknown('the length set is not one ConvLens knows', written);
        return;
      }
      const index = Number(key);
      if (Number.isInteger(index) && index >= 0) {
        if (index > INTERPRETER_BUDGETS.arrayLength) this.overBudget('an array grew too long', written ?? this.main.file);
        object.items[index] = value;
        object.nodes[index] = written;
      }
      return;
    }
    if (!(object instanceof JsObject)) return;
    if (key instanceof Unknown) {
      object.unsure ??= key;
      return;
    }
    const setterOwner = object.properties.get(key);
    if (setterOwner?.getter) return;
    object.set(key, value, written);
  }

  // ---- Property reads -----------------------------------------------------------------------

  getProperty(target: Value, key: string, site: TS.Node): Value {
    if (target instanceof Unknown) return target.derived();
    if (target === undefined || target === null) {
      // A key the parser left out (`options.imageSize .`) is no code to quote.
      const member = key === '' ? 'a property whose name is missing' : `\`${key}\``;
      return new Unknown(`\`${this.excerpt(site)}\` reads ${member} of ${String(target)}`, site);
    }
    if (typeof target === 'string') return stringMember(target, key, this) ?? undefined;
    if (typeof target === 'number') return numberMember(target, key);
    if (typeof target === 'boolean') return undefined;
    if (target instanceof JsArray) {
      if (key === 'length') return target.unsure ?? target.items.length;
      if (/^\d+$/.test(key)) return target.unsure ?? target.items[Number(key)];
      return arrayMethod(target, key, this) ?? undefined;
    }
    if (target instanceof Instance) return this.instanceProperty(target, key, site);
    if (target instanceof JsObject) {
      const property = target.properties.get(key);
      if (property?.getter) return this.callFunction(property.getter, target, [], undefined);
      if (property) return property.value;
      if (key === 'hasOwnProperty') {
        return new Builtin('hasOwnProperty', target, (args) => firstUnknown(args) ?? (target.unsure ? target.unsure : target.properties.has(String(toText(args[0])))));
      }
      return target.unsure ?? undefined;
    }
    if (target instanceof JsClass) {
      const property = target.statics.properties.get(key);
      if (property) return property.value;
      if (key === 'name') return target.name;
      return this.staticMethod(target, key, site);
    }
    if (target instanceof JsFunction) return this.functionMember(target, key, site);
    if (target instanceof Builtin) return target.name === 'Number' ? numberStatic(key, this) : new Unknown(`\`${this.excerpt(site)}\` is not a value ConvLens computes`, site);
    return this.tfjs.property(target, key, site);
  }

  private instanceProperty(instance: Instance, key: string, site: TS.Node): Value {
    const own = instance.properties.get(key);
    if (own?.getter) return this.callFunction(own.getter, instance, [], undefined);
    if (own) return own.value;
    for (let cls: JsClass | TfjsMember | undefined = instance.cls; cls instanceof JsClass; cls = cls.base) {
      for (const member of cls.node.members) {
        if (isStatic(this.ts, member) || memberName(this.ts, member) !== key) continue;
        if (this.ts.isMethodDeclaration(member) && member.body) return new JsFunction(member, cls.environment, key, cls);
        if (this.ts.isGetAccessorDeclaration(member) && member.body) return this.callFunction(new JsFunction(member, cls.environment, key, cls), instance, [], undefined);
      }
    }
    if (instance.cls.isCustomLayer) return this.tfjs.layerMember(instance, key) ?? new Unknown(`\`${this.excerpt(site)}\` is never assigned`, site);
    return new Unknown(`\`${this.excerpt(site)}\` is never assigned`, site);
  }

  private staticMethod(cls: JsClass, key: string, site: TS.Node): Value {
    for (let current: JsClass | TfjsMember | undefined = cls; current instanceof JsClass; current = current.base) {
      for (const member of current.node.members) {
        if (!isStatic(this.ts, member) || memberName(this.ts, member) !== key) continue;
        if (this.ts.isMethodDeclaration(member) && member.body) return new JsFunction(member, current.environment, key, current);
      }
    }
    return new Unknown(`\`${this.excerpt(site)}\` is never assigned`, site);
  }

  private functionMember(fn: JsFunction, key: string, site: TS.Node): Value {
    switch (key) {
      case 'call':
        return new Builtin('call', fn, (args, call) => this.call(fn, args[0], args.slice(1), call));
      case 'apply':
        return new Builtin('apply', fn, (args, call) => this.call(fn, args[0], args[1] instanceof JsArray ? args[1].items : [], call));
      case 'bind':
        return new Builtin('bind', fn, (args) => {
          const bound = new JsFunction(fn.node, fn.environment, fn.name, fn.homeClass);
          bound.boundThis = args[0];
          return bound;
        });
      case 'name':
        return fn.name;
      default:
        return new Unknown(`\`${this.excerpt(site)}\` is not a value ConvLens computes`, site);
    }
  }

  /** `super.method` inside a method: the method of the class the home class extends. */
  private superMember(key: string, environment: Environment, site: TS.Node): Value {
    const scope = environment.functionEnvironment().functionScope;
    const base = scope?.homeClass?.base;
    if (!(base instanceof JsClass)) return new Unknown(`\`${this.excerpt(site)}\` is a method ConvLens does not model`, site);
    const probe = new Instance(base);
    const method = this.instanceProperty(probe, key, site);
    if (method instanceof JsFunction) method.boundThis = scope?.thisValue;
    return method;
  }

  /** `arr[i]` with an unknown index: unknown, with the reason of the index. */
  private unknownIndex(target: Value, key: Unknown): Value {
    return (target instanceof Unknown ? target : key).derived();
  }

  // ---- Calls --------------------------------------------------------------------------------

  private evaluateCall(node: TS.CallExpression, environment: Environment): Value {
    const ts = this.ts;
    const callee = skipOuterExpressions(ts, node.expression);
    if (callee.kind === ts.SyntaxKind.SuperKeyword) {
      this.superConstructor(node, environment);
      return undefined;
    }
    // `Array(n)` is `new Array(n)`.
    if (ts.isIdentifier(callee) && callee.text === 'Array' && !environment.lookup('Array')) {
      this.count(node);
      return this.newArray(this.argumentsOf(node.arguments, environment), node);
    }
    if (ts.isIdentifier(callee) && callee.text === 'require' && !environment.lookup('require') && node.arguments.length === 1) {
      const specifier = this.evaluate(node.arguments[0], environment);
      if (typeof specifier === 'string') return this.importedModule(specifier, environment.file, node);
    }
    let thisValue: Value;
    let fn: Value;
    if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
      if (callee.expression.kind === ts.SyntaxKind.SuperKeyword && ts.isPropertyAccessExpression(callee)) {
        thisValue = environment.functionEnvironment().functionScope?.thisValue;
        fn = this.superMember(callee.name.text, environment, callee);
      } else {
        thisValue = this.evaluate(callee.expression, environment);
        if (callee.questionDotToken && (thisValue === undefined || thisValue === null)) return undefined;
        if (ts.isPropertyAccessExpression(callee)) fn = this.getProperty(thisValue, callee.name.text, callee);
        else {
          const key = this.evaluate(callee.argumentExpression, environment);
          fn = key instanceof Unknown ? key : this.getProperty(thisValue, toText(key) ?? '', callee);
        }
      }
    } else fn = this.evaluate(callee, environment);
    if (node.questionDotToken && (fn === undefined || fn === null)) return undefined;
    const args = this.argumentsOf(node.arguments, environment);
    return this.call(fn, thisValue, args, node);
  }

  private argumentsOf(nodes: readonly TS.Expression[], environment: Environment): Value[] {
    const ts = this.ts;
    const args: Value[] = [];
    for (const argument of nodes) {
      if (ts.isSpreadElement(argument)) {
        const spread = this.evaluate(argument.expression, environment);
        if (spread instanceof JsArray && !spread.unsure) {
          this.charge(spread.items.length, argument);
          args.push(...spread.items);
        }
        else args.push(spread instanceof Unknown ? spread : this.notIterable(argument.expression));
      } else args.push(this.evaluate(argument, environment));
    }
    return args;
  }

  /** Calls a value with arguments: a function of the file, a built-in, TF.js, or something the interpreter does not follow. */
  call(fn: Value, thisValue: Value, args: Value[], site: TS.CallExpression): Value {
    this.count(site);
    const outerChain = this.chain;
    if (this.currentFile === this.main.file) this.chain = { call: site, outer: outerChain };
    try {
      if (fn instanceof JsFunction) return this.callFunction(fn, fn.boundThis ?? thisValue, args, site);
      if (fn instanceof Builtin) return fn.call(args, site);
      if (fn instanceof TfjsMember) return this.tfjs.call(fn, args, site);
      return this.unfollowed(fn, thisValue, args, site);
    } finally {
      this.chain = outerChain;
    }
  }

  /** A call the interpreter cannot follow: models and tensors handed to it may change in ways it cannot know. */
  unfollowed(fn: Value, thisValue: Value, args: Value[], site: TS.CallExpression): Unknown {
    const handed = [thisValue, ...args].some((value) => this.tfjs.takesModel(value));
    const because = handed
      ? `the model goes through \`${this.excerpt(site)}\` (line ${this.lineOf(site)}), a call ConvLens does not follow into its function`
      : `\`${this.excerpt(site)}\` is a call ConvLens does not follow`;
    const unknown = new Unknown(handed ? because : fn instanceof Unknown ? this.cut(`${because}: ${fn.because}`) : because, site);
    for (const value of [thisValue, ...args]) this.tfjs.handedToUnfollowed(value, unknown);
    this.callbacksMayRun(args, unknown);
    return unknown;
  }

  /**
   * Functions handed to code the interpreter does not follow (an unknown callee, a method of an
   * array whose items are unknown) may run any number of times: each runs once, unsure, so that
   * a layer it adds makes the shapes after it unknown instead of going missing.
   */
  callbacksMayRun(args: readonly Value[], why: Unknown): void {
    for (const callback of args) {
      if (!(callback instanceof JsFunction)) continue;
      this.unsurely(why, callback.environment, () => {
        // No call site: the parameters' unknowns say why themselves, not "called at line ... with".
        this.callFunction(callback, callback.boundThis, callback.node.parameters.map(() => why), undefined);
        return undefined;
      });
    }
  }

  /** Counts how often a call ran (a quick fix may replace a layer only where it ran once). */
  count(site: TS.Node): void {
    this.runCounts.set(site, (this.runCounts.get(site) ?? 0) + 1);
  }

  callFunction(fn: JsFunction, thisValue: Value, args: Value[], site: TS.CallExpression | undefined): Value {
    const ts = this.ts;
    const node = fn.node;
    if (!node.body) return new Unknown(`${this.functionLabel(fn)} has no body`, site ?? node);
    if (this.depth >= INTERPRETER_BUDGETS.callDepth) this.overBudget(`calls nested ${INTERPRETER_BUDGETS.callDepth} deep`, site ?? node);
    this.ran.add(node);
    const environment = new Environment(fn.environment);
    if (!ts.isArrowFunction(node)) environment.functionScope = { thisValue, homeClass: fn.homeClass, functionName: fn.name };
    if (ts.isFunctionExpression(node) && node.name) environment.declare(node.name.text, fn);
    this.depth++;
    const outerFile = this.currentFile;
    this.currentFile = environment.file;
    try {
      node.parameters.forEach((parameter, index) => {
        let value: Value = parameter.dotDotDotToken ? new JsArray(args.slice(index)) : args[index];
        if (value === undefined && parameter.initializer) value = this.evaluate(parameter.initializer, environment);
        else if (value instanceof Unknown && site && args[index] === value) value = this.fromParameter(value, parameter, fn, site, index);
        this.bind(parameter.name, value, environment, false);
        // A constructor's parameter property (`constructor(private size = 64)`) is a field too.
        if (ts.isConstructorDeclaration(node) && thisValue instanceof JsObject && ts.isIdentifier(parameter.name) && (ts.getModifiers?.(parameter) ?? []).length > 0) {
          thisValue.set(parameter.name.text, value, parameter);
        }
      });
      if (!ts.isBlock(node.body)) return this.evaluate(node.body, environment);
      const completion = this.executeStatements(node.body.statements, environment);
      if (completion?.kind === 'return') return completion.value;
      if (completion?.kind === 'maybe') return this.oneOf(completion, fn, site ?? node);
      if (completion?.kind === 'throw') return new Unknown(`${this.functionLabel(fn)} throws`, site ?? node);
      return undefined;
    } finally {
      this.depth--;
      this.currentFile = outerFile;
    }
  }

  /** An unknown argument, told as where the parameter's value came from. */
  private fromParameter(value: Unknown, parameter: TS.ParameterDeclaration, fn: JsFunction, site: TS.CallExpression, index: number): Unknown {
    const name = this.excerpt(parameter.name);
    const argument = site.arguments[index];
    if (!argument) return value;
    return value.withReason(this.cut(`it comes from parameter \`${name}\` of ${this.functionLabel(fn)}, called at line ${this.lineOf(site)} with \`${this.excerpt(argument)}\`, and ${value.because}`));
  }

  private evaluateNew(node: TS.NewExpression, environment: Environment): Value {
    const cls = this.evaluate(node.expression, environment);
    const args = this.argumentsOf(node.arguments ?? [], environment);
    this.count(node);
    if (this.ts.isIdentifier(node.expression) && node.expression.text === 'Array' && !environment.lookup('Array')) return this.newArray(args, node);
    if (cls instanceof JsClass) {
      const outerChain = this.chain;
      if (this.currentFile === this.main.file) this.chain = { call: node, outer: outerChain };
      try {
        return this.construct(cls, args, node);
      } finally {
        this.chain = outerChain;
      }
    }
    if (cls instanceof TfjsMember) return this.tfjs.construct(cls, args, node);
    if (cls instanceof JsFunction) {
      const instance = new JsObject();
      this.callFunction(cls, instance, args, undefined);
      return instance;
    }
    return this.unfollowed(cls, undefined, args, node as unknown as TS.CallExpression);
  }

  /** `new Array(n)` (n holes) or `new Array(a, b)`. */
  private newArray(args: Value[], node: TS.NewExpression | TS.CallExpression): Value {
    if (args.length !== 1 || typeof args[0] !== 'number') return firstUnknown(args) ?? new JsArray(args);
    const length = args[0];
    if (!Number.isInteger(length) || length < 0) return this.cannot(node);
    this.charge(length, node);
    if (length > INTERPRETER_BUDGETS.arrayLength) this.overBudget('an array grew too long', node);
    return new JsArray(new Array<Value>(length).fill(undefined));
  }

  private defineClass(node: TS.ClassLikeDeclaration, environment: Environment): JsClass {
    const ts = this.ts;
    const heritage = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const base = heritage ? this.evaluate(heritage.expression, environment) : undefined;
    const inner = new Environment(environment);
    const cls = new JsClass(node, inner, node.name?.text ?? '', base instanceof JsClass || base instanceof TfjsMember ? base : undefined);
    if (node.name) inner.declare(node.name.text, cls);
    // Static fields and methods.
    const staticScope = new Environment(inner);
    staticScope.functionScope = { thisValue: cls, homeClass: cls, functionName: cls.name };
    for (const member of node.members) {
      if (!isStatic(ts, member)) continue;
      const name = memberName(ts, member);
      if (name && ts.isPropertyDeclaration(member)) cls.statics.set(name, member.initializer ? this.evaluate(member.initializer, staticScope) : undefined, member.initializer);
    }
    if (!this.classes.has(node)) this.classes.set(node, { cls });
    return cls;
  }

  /** `new C(...)`: fields, then the constructor, each class of the chain in turn. */
  construct(cls: JsClass, args: Value[], site: TS.NewExpression | undefined): Value {
    const instance = new Instance(cls);
    this.initialize(cls, instance, args, site);
    const entry = this.classes.get(cls.node);
    if (entry && !entry.instance) entry.instance = instance;
    return cls.isCustomLayer ? this.tfjs.customLayer(cls, instance, args, site) : instance;
  }

  /**
   * Calls a function aside from the run (a custom layer's `computeOutputShape`, on each input
   * the shape engine finds), within a step budget of its own; a budget hit is an unknown naming it.
   */
  callWithOwnBudget(fn: JsFunction, thisValue: Value, args: Value[]): Value {
    // All such calls of a file share the step budget of one run (thousands of custom layers).
    const allowance = Math.min(INTERPRETER_BUDGETS.stepsAfterRun, INTERPRETER_BUDGETS.steps - this.stepsAside);
    if (allowance <= 0) return new Unknown(`ConvLens stopped evaluating \`${fn.name}\`: such calls of this file took ${INTERPRETER_BUDGETS.steps.toLocaleString('en-US')} evaluation steps`, fn.node);
    const saved = { steps: this.steps, depth: this.depth, unsure: this.unsure, unsureFrom: this.unsureFrom, pass: this.pass };
    const start = INTERPRETER_BUDGETS.steps - allowance;
    this.steps = start;
    this.depth = 0;
    this.unsure = undefined;
    this.unsureFrom = undefined;
    // A pass of its own: a model made or changed here is none of the file's.
    this.pass = -1;
    try {
      return this.callFunction(fn, thisValue, args, undefined);
    } catch (error) {
      if (error instanceof BudgetExceeded) return new Unknown(`ConvLens stopped evaluating \`${fn.name}\`: ${error.what}`, error.node);
      if (error instanceof RangeError && /call stack/i.test(error.message)) return new Unknown(`\`${fn.name}\` nests too deeply`, fn.node);
      throw error;
    } finally {
      this.stepsAside += this.steps - start;
      Object.assign(this, saved);
    }
  }

  private initialize(cls: JsClass, instance: Instance, args: Value[], site: TS.NewExpression | undefined): void {
    const constructor = constructorOf(this.ts, cls.node);
    if (!constructor) {
      if (cls.base instanceof JsClass) this.initialize(cls.base, instance, args, site);
      else if (cls.isCustomLayer) this.tfjs.layerConstructed(instance, args[0]);
      this.initializeFields(cls, instance);
      return;
    }
    this.ran.add(cls.node);
    if (!(cls.base instanceof JsClass)) this.initializeFields(cls, instance);
    this.callFunction(new JsFunction(constructor, cls.environment, cls.name, cls), instance, args, site as TS.CallExpression | undefined);
  }

  /** `super(...)` in a constructor: the base class's construction, then this class's fields. */
  private superConstructor(node: TS.CallExpression, environment: Environment): void {
    const scope = environment.functionEnvironment().functionScope;
    const cls = scope?.homeClass;
    const instance = scope?.thisValue;
    if (!cls || !(instance instanceof Instance)) return;
    const args = this.argumentsOf(node.arguments, environment);
    if (cls.base instanceof JsClass) this.initialize(cls.base, instance, args, undefined);
    else if (cls.isCustomLayer) this.tfjs.layerConstructed(instance, args[0]);
    this.initializeFields(cls, instance);
  }

  /** Class fields (`ngf = 64`, `build = () => ...`), evaluated with `this` the instance. */
  private initializeFields(cls: JsClass, instance: Instance): void {
    const ts = this.ts;
    const scope = new Environment(cls.environment);
    scope.functionScope = { thisValue: instance, homeClass: cls, functionName: cls.name };
    for (const member of cls.node.members) {
      if (!ts.isPropertyDeclaration(member) || isStatic(ts, member)) continue;
      const name = memberName(ts, member);
      if (name === undefined) continue;
      instance.set(name, member.initializer ? this.evaluate(member.initializer, scope) : undefined, member.initializer);
    }
  }

  // ---- Text ---------------------------------------------------------------------------------

  /** The source text of a node, shortened for messages. */
  excerpt(node: TS.Node, limit = 60): string {
    const file = this.currentFile;
    const text = file.text.slice(node.getStart(file), node.end).replace(/\s+/g, ' ').trim();
    // The parser's stand-in for code that is missing (`if () ...`) has no text: say so rather than show an empty `` span.
    if (text === '') return '(missing code)';
    return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
  }

  /** The 1-based line of a node (in its own file). */
  lineOf(node: TS.Node): number {
    const file = this.currentFile;
    let index = this.lineIndexes.get(file);
    if (!index) {
      index = new LineIndex(file.text);
      this.lineIndexes.set(file, index);
    }
    return index.position(node.getStart(file)).line;
  }

  /** A function as reasons name it: `` `name` ``, or where an anonymous one is written (never an empty code span). */
  private functionLabel(fn: JsFunction): string {
    return fn.name ? `\`${fn.name}\`` : `the function at line ${this.lineOf(fn.node)}`;
  }

  /** Keeps a reason readable: a long provenance chain is cut. */
  private cut(reason: string): string {
    return reason.length <= MAX_REASON_LENGTH ? reason : `${reason.slice(0, MAX_REASON_LENGTH - 1)}…`;
  }
}

const COMPOUND_ASSIGNMENTS = new Map<TS.SyntaxKind, TS.SyntaxKind>();

/** Fills {@link COMPOUND_ASSIGNMENTS} for a loaded TypeScript module (the kind numbers are its own). */
export function compoundAssignments(ts: TypeScriptApi): void {
  if (COMPOUND_ASSIGNMENTS.size > 0) return;
  const kind = ts.SyntaxKind;
  const pairs: [TS.SyntaxKind, TS.SyntaxKind][] = [
    [kind.PlusEqualsToken, kind.PlusToken],
    [kind.MinusEqualsToken, kind.MinusToken],
    [kind.AsteriskEqualsToken, kind.AsteriskToken],
    [kind.SlashEqualsToken, kind.SlashToken],
    [kind.PercentEqualsToken, kind.PercentToken],
    [kind.AsteriskAsteriskEqualsToken, kind.AsteriskAsteriskToken],
    [kind.AmpersandEqualsToken, kind.AmpersandToken],
    [kind.BarEqualsToken, kind.BarToken],
    [kind.CaretEqualsToken, kind.CaretToken],
    [kind.LessThanLessThanEqualsToken, kind.LessThanLessThanToken],
    [kind.GreaterThanGreaterThanEqualsToken, kind.GreaterThanGreaterThanToken],
    [kind.GreaterThanGreaterThanGreaterThanEqualsToken, kind.GreaterThanGreaterThanGreaterThanToken],
    [kind.BarBarEqualsToken, kind.BarBarToken],
    [kind.AmpersandAmpersandEqualsToken, kind.AmpersandAmpersandToken],
    [kind.QuestionQuestionEqualsToken, kind.QuestionQuestionToken],
  ];
  for (const [compound, operator] of pairs) COMPOUND_ASSIGNMENTS.set(compound, operator);
}

/** Where one of two undecided branches may have left: either's ways out; the branch that did not leave runs on. */
function eitherMaybeLeft(a: MaybeLeft | undefined, b: MaybeLeft | undefined): MaybeLeft | undefined {
  if (!a || !b) {
    const left = a ?? b;
    return left && { ...left, fallsThrough: true };
  }
  return { kind: 'maybe', why: a.why, returned: [...a.returned, ...b.returned], fallsThrough: a.fallsThrough || b.fallsThrough };
}

function constructorOf(ts: TypeScriptApi, node: TS.ClassLikeDeclaration): TS.ConstructorDeclaration | undefined {
  return node.members.find((member): member is TS.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined);
}

export function isStatic(ts: TypeScriptApi, member: TS.ClassElement): boolean {
  return hasModifier(ts, member as TS.HasModifiers, ts.SyntaxKind.StaticKeyword);
}

function hasModifier(ts: TypeScriptApi, node: TS.HasModifiers, modifier: TS.SyntaxKind): boolean {
  return (ts.getModifiers(node) ?? []).some((written) => written.kind === modifier);
}

export function memberName(ts: TypeScriptApi, member: TS.ClassElement): string | undefined {
  const name = member.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}
