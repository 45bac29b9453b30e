/**
 * What the TypeScript reader needs to know about a parsed file without a type checker: which
 * names are bound where (lexical scopes), which calls and object literals exist, and the values
 * of expressions that fold to literals. Nothing is executed.
 */
import type * as TS from 'typescript';
import { excerptOf } from '../formatting';
import type { SourceEntry, SourceValue, Span } from '../ir';
import { lastEntry } from './sourceValues';
import type { TypeScriptApi } from './typescriptParser';
import { booleanAt, entryAt, listAt, mapAt, nullAt, numberAt, relocated, spanAt, stringAt, unknownAt } from './typescriptValues';

/** What a name stands for, as far as the reader can tell. */
export type Binding =
  /** `const name = init`: the only kind whose value the reader folds. */
  | { kind: 'const'; name: string; init: TS.Expression; scope: Scope }
  /** `let`/`var`: identity only (a model object), never a folded value. */
  | { kind: 'variable'; name: string; init: TS.Expression | undefined; scope: Scope }
  /** `import * as tf`, `const tf = require(...)` (member undefined), or a named import of `member`. */
  | { kind: 'tfjs'; member: string | undefined }
  /** The variable of `for (const x of iterable)`. */
  | { kind: 'forOf'; iterable: TS.Expression; scope: Scope; loop: Scope }
  /** The first parameter of `array.forEach((x) => ...)`. */
  | { kind: 'forEach'; array: TS.Expression; scope: Scope; loop: Scope }
  /** Parameters, functions, classes, other imports: nothing to know. */
  | { kind: 'opaque' };

/**
 * A lexical scope. `repeats` is the innermost scope whose code may run more than once (a loop
 * body or a callback), so that a `model.add` inside a loop is not read as a single layer.
 */
export class Scope {
  readonly bindings = new Map<string, Binding>();
  readonly repeats: Scope | undefined;
  /** `repeats: true` makes this scope itself the repeating one (a loop body, a callback). */
  constructor(
    readonly parent: Scope | undefined,
    repeats: boolean,
  ) {
    this.repeats = repeats ? this : parent?.repeats;
  }

  lookup(name: string): Binding | undefined {
    return this.bindings.get(name) ?? this.parent?.lookup(name);
  }
}

export interface Located<T extends TS.Node> {
  node: T;
  scope: Scope;
}

/** A call `receiver.add(argument)`, which may add a layer to a sequential model. */
export interface AddCall extends Located<TS.CallExpression> {
  receiver: TS.Expression;
  /** Written as a whole statement (`model.add(...);`), which a quick fix may split in two. */
  statement: boolean;
}

/**
 * A call that hands a plain name to code the reader does not follow: as an argument
 * (`upBlock(model, 64)`) or as the receiver of a method other than `add` (`model.pop()`).
 */
export interface NameCall extends Located<TS.CallExpression> {
  arguments: TS.Identifier[];
  /** The receiver and the method's name, when the callee is `name.method`. */
  receiver?: { name: TS.Identifier; method: string };
}

/** One {@link readerApi} per loaded module. */
const readerApis = new WeakMap<TypeScriptApi, TypeScriptApi>();

/**
 * The TypeScript module with the members the reader uses per node as plain own properties. The
 * module's exports are getters on an object of thousands of properties, so each `ts.isX` would
 * otherwise be a dictionary lookup and a call; every other member is still found on the module,
 * which is this object's prototype.
 */
export function readerApi(ts: TypeScriptApi): TypeScriptApi {
  let api = readerApis.get(ts);
  if (!api) {
    api = {
      __proto__: ts,
      NodeFlags: ts.NodeFlags,
      SyntaxKind: ts.SyntaxKind,
      forEachChild: ts.forEachChild,
      isArrayLiteralExpression: ts.isArrayLiteralExpression,
      isArrowFunction: ts.isArrowFunction,
      isBinaryExpression: ts.isBinaryExpression,
      isBlock: ts.isBlock,
      isCallExpression: ts.isCallExpression,
      isCaseBlock: ts.isCaseBlock,
      isCatchClause: ts.isCatchClause,
      isClassDeclaration: ts.isClassDeclaration,
      isDoStatement: ts.isDoStatement,
      isElementAccessExpression: ts.isElementAccessExpression,
      isExpressionStatement: ts.isExpressionStatement,
      isForInStatement: ts.isForInStatement,
      isForOfStatement: ts.isForOfStatement,
      isForStatement: ts.isForStatement,
      isFunctionDeclaration: ts.isFunctionDeclaration,
      isFunctionExpression: ts.isFunctionExpression,
      isFunctionLike: ts.isFunctionLike,
      isIdentifier: ts.isIdentifier,
      isImportDeclaration: ts.isImportDeclaration,
      isModuleBlock: ts.isModuleBlock,
      isNamespaceImport: ts.isNamespaceImport,
      isNoSubstitutionTemplateLiteral: ts.isNoSubstitutionTemplateLiteral,
      isNumericLiteral: ts.isNumericLiteral,
      isObjectBindingPattern: ts.isObjectBindingPattern,
      isObjectLiteralExpression: ts.isObjectLiteralExpression,
      isOmittedExpression: ts.isOmittedExpression,
      isPrefixUnaryExpression: ts.isPrefixUnaryExpression,
      isPropertyAccessExpression: ts.isPropertyAccessExpression,
      isPropertyAssignment: ts.isPropertyAssignment,
      isShorthandPropertyAssignment: ts.isShorthandPropertyAssignment,
      isSpreadAssignment: ts.isSpreadAssignment,
      isSpreadElement: ts.isSpreadElement,
      isStringLiteral: ts.isStringLiteral,
      isVariableDeclarationList: ts.isVariableDeclarationList,
      isVariableStatement: ts.isVariableStatement,
      isWhileStatement: ts.isWhileStatement,
    } as unknown as TypeScriptApi;
    readerApis.set(ts, api);
  }
  return api;
}

/** One table of {@link SyntaxIndex}'s interesting node kinds per loaded module (kind numbers vary between versions). */
const interestingKindTables = new WeakMap<TypeScriptApi, Uint8Array>();

function interestingKindsOf(ts: TypeScriptApi): Uint8Array {
  let table = interestingKindTables.get(ts);
  if (!table) {
    const kind = ts.SyntaxKind;
    const interesting = [
      kind.CallExpression,
      kind.ExpressionStatement,
      kind.ObjectLiteralExpression,
      kind.Block,
      kind.ModuleBlock,
      kind.CaseBlock,
      kind.FunctionDeclaration,
      kind.FunctionExpression,
      kind.ArrowFunction,
      kind.MethodDeclaration,
      kind.Constructor,
      kind.GetAccessor,
      kind.SetAccessor,
      kind.ForStatement,
      kind.ForOfStatement,
      kind.ForInStatement,
      kind.WhileStatement,
      kind.DoStatement,
      kind.CatchClause,
    ];
    table = new Uint8Array(Math.max(...interesting) + 1);
    for (const interestingKind of interesting) table[interestingKind] = 1;
    interestingKindTables.set(ts, table);
  }
  return table;
}

/** Module specifiers whose exports are the TF.js API (`tf.layers`, `tf.sequential`...). */
export function isTfjsModule(specifier: string): boolean {
  return /^@tensorflow\/tfjs(-node(-gpu)?|-layers)?$/.test(specifier);
}

/** Method names of the calls that build models (`tf.sequential`, `tf.model`); `model.add` is kept apart. */
const MODEL_CALLS = new Set(['sequential', 'model']);

/**
 * One pass over the file: scopes with their bindings, the calls that may build models (by a
 * plain name, or `x.sequential`/`x.model`), the calls that may add a layer to one (`x.add(layer)`)
 * and every object literal with a `layers` key.
 */
export class SyntaxIndex {
  readonly calls: Located<TS.CallExpression>[] = [];
  readonly addCalls: AddCall[] = [];
  readonly nameCalls: NameCall[] = [];
  readonly objectsWithLayers: Located<TS.ObjectLiteralExpression>[] = [];
  /** Every `const` binding whose initializer is an array literal, in source order. */
  readonly constArrays: Extract<Binding, { kind: 'const' }>[] = [];
  /** The variable each initializer is assigned to (and the single argument of `f({...})` initializers). */
  readonly namesByInit = new Map<TS.Node, string>();
  readonly root: Scope;
  /** The node kinds `visit` handles itself (1); everything else only has its children visited. */
  private readonly interestingKinds: Uint8Array;
  private readonly openings: OpeningFinder;
  /** Object literals without the word `layers` in their text need no look at their keys. */
  private readonly layersWords: NextOccurrence;
  /** The scope of the node whose children {@link visitChild} is visiting. */
  private scope: Scope;

  constructor(
    private readonly ts: TypeScriptApi,
    private readonly file: TS.SourceFile,
  ) {
    this.interestingKinds = interestingKindsOf(ts);
    this.openings = new OpeningFinder(file.text);
    // `layers` not followed by a dot: `tf.layers.conv2d` on every line of a TF.js model is no key.
    this.layersWords = new NextOccurrence(file.text, /\blayers\b(?!\s*\.)/g);
    this.root = new Scope(undefined, false);
    this.scope = this.root;
    this.declareStatements(file.statements, this.root);
    this.visitChildren(file, this.root);
  }

  private visit(node: TS.Node, scope: Scope): void {
    const ts = this.ts;
    // Calls, object literals and the scopes around them all need a `(` or `{`: skip subtrees without.
    if (this.openings.nextAt(node.pos) >= node.end) return;
    if (this.interestingKinds[node.kind] !== 1) {
      this.visitChildren(node, scope);
      return;
    }
    if (ts.isCallExpression(node)) {
      this.visitCall(node, scope, false);
      return;
    }
    if (ts.isExpressionStatement(node) && ts.isCallExpression(node.expression)) {
      this.visitCall(node.expression, scope, true);
      return;
    } else if (ts.isObjectLiteralExpression(node)) {
      if (this.layersWords.nextAt(node.pos) < node.end && hasPropertyNamed(ts, node, 'layers')) {
        this.objectsWithLayers.push({ node, scope });
      }
      // Its members need a visit only when a call, object or function is written inside its braces.
      if (this.openings.nextAt(this.openings.nextAt(node.pos) + 1) >= node.end) return;
    } else if (ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseBlock(node)) {
      const inner = new Scope(scope, false);
      const statements = ts.isCaseBlock(node) ? node.clauses.flatMap((clause) => [...clause.statements]) : node.statements;
      this.declareStatements(statements, inner);
      this.visitChildren(node, inner);
      return;
    } else if (ts.isFunctionLike(node)) {
      this.visitFunction(node, scope, false, undefined);
      return;
    } else if (
      ts.isForStatement(node) ||
      ts.isForOfStatement(node) ||
      ts.isForInStatement(node) ||
      ts.isWhileStatement(node) ||
      ts.isDoStatement(node)
    ) {
      const body = new Scope(scope, true);
      if ((ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) && node.initializer) {
        if (ts.isVariableDeclarationList(node.initializer)) {
          const isForOf = ts.isForOfStatement(node);
          for (const declaration of node.initializer.declarations) {
            if (isForOf && ts.isIdentifier(declaration.name)) {
              body.bindings.set(declaration.name.text, { kind: 'forOf', iterable: node.expression, scope, loop: body });
            } else this.declareVariable(declaration, node.initializer.flags, body);
            if (declaration.initializer) this.visit(declaration.initializer, scope);
          }
        } else this.visit(node.initializer, scope);
      }
      if (ts.isForStatement(node)) {
        if (node.condition) this.visit(node.condition, body);
        if (node.incrementor) this.visit(node.incrementor, body);
      } else if (!ts.isDoStatement(node)) {
        this.visit(node.expression, scope);
      } else this.visit(node.expression, body);
      this.visit(node.statement, body);
      return;
    } else if (ts.isCatchClause(node)) {
      const inner = new Scope(scope, false);
      if (node.variableDeclaration) this.bindPattern(node.variableDeclaration.name, inner, { kind: 'opaque' });
      this.visitChildren(node.block, inner);
      return;
    }
    this.visitChildren(node, scope);
  }

  /** A call: recorded if it may build a model or add a layer (`statement`: written as a statement of its own). */
  private visitCall(node: TS.CallExpression, scope: Scope, statement: boolean): void {
    const ts = this.ts;
    const callee = node.expression;
    let forEachArray: TS.Expression | undefined;
    if (ts.isIdentifier(callee)) this.calls.push({ node, scope });
    else if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (method === 'add') {
        if (node.arguments.length === 1) this.addCalls.push({ node, scope, receiver: callee.expression, statement });
      } else if (method === 'forEach') forEachArray = callee.expression;
      else if (MODEL_CALLS.has(method)) this.calls.push({ node, scope });
    }
    this.recordNameCall(node, scope);
    if (!isNameChain(ts, callee)) this.visit(callee, scope);
    for (const argument of node.arguments) {
      if (ts.isArrowFunction(argument) || ts.isFunctionExpression(argument)) {
        this.visitFunction(argument, scope, true, forEachArray);
      } else this.visit(argument, scope);
    }
  }

  private recordNameCall(node: TS.CallExpression, scope: Scope): void {
    const ts = this.ts;
    let names: TS.Identifier[] | undefined;
    for (const argument of node.arguments) if (ts.isIdentifier(argument)) (names ??= []).push(argument);
    const callee = node.expression;
    const receiver =
      ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.name.text !== 'add'
        ? { name: callee.expression, method: callee.name.text }
        : undefined;
    if (names || receiver) this.nameCalls.push({ node, scope, arguments: names ?? [], ...(receiver && { receiver }) });
  }

  private visitChildren(node: TS.Node, scope: Scope): void {
    const outer = this.scope;
    this.scope = scope;
    this.ts.forEachChild(node, this.visitChild);
    this.scope = outer;
  }

  /** One callback for every `forEachChild` (none allocated per node); returns nothing, so the walk goes on. */
  private readonly visitChild = (child: TS.Node): void => this.visit(child, this.scope);

  private visitFunction(
    node: TS.SignatureDeclaration,
    scope: Scope,
    isCallback: boolean,
    forEachArray: TS.Expression | undefined,
  ): void {
    const ts = this.ts;
    const functionScope = new Scope(scope, isCallback);
    node.parameters.forEach((parameter, index) => {
      if (index === 0 && forEachArray && ts.isIdentifier(parameter.name)) {
        functionScope.bindings.set(parameter.name.text, { kind: 'forEach', array: forEachArray, scope, loop: functionScope });
      } else this.bindPattern(parameter.name, functionScope, { kind: 'opaque' });
    });
    // A named function expression sees its own name.
    if (node.name && ts.isIdentifier(node.name) && !ts.isFunctionDeclaration(node)) {
      functionScope.bindings.set(node.name.text, { kind: 'opaque' });
    }
    const body = (node as TS.FunctionLikeDeclarationBase).body;
    if (!body) return;
    if (ts.isBlock(body)) {
      this.declareStatements(body.statements, functionScope);
      this.visitChildren(body, functionScope);
    } else this.visit(body, functionScope);
  }

  /** Hoists the names a list of statements declares into `scope`. */
  private declareStatements(statements: readonly TS.Statement[], scope: Scope): void {
    const ts = this.ts;
    for (const statement of statements) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          this.declareVariable(declaration, statement.declarationList.flags, scope);
        }
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
        scope.bindings.set(statement.name.text, { kind: 'opaque' });
      } else if (ts.isImportDeclaration(statement)) {
        this.declareImport(statement, scope);
      }
    }
  }

  private declareImport(statement: TS.ImportDeclaration, scope: Scope): void {
    const ts = this.ts;
    const clause = statement.importClause;
    if (!clause) return;
    const fromTfjs = ts.isStringLiteral(statement.moduleSpecifier) && isTfjsModule(statement.moduleSpecifier.text);
    if (clause.name) scope.bindings.set(clause.name.text, fromTfjs ? { kind: 'tfjs', member: undefined } : { kind: 'opaque' });
    const bindings = clause.namedBindings;
    if (!bindings) return;
    if (ts.isNamespaceImport(bindings)) {
      scope.bindings.set(bindings.name.text, fromTfjs ? { kind: 'tfjs', member: undefined } : { kind: 'opaque' });
      return;
    }
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      scope.bindings.set(element.name.text, fromTfjs ? { kind: 'tfjs', member: imported } : { kind: 'opaque' });
    }
  }

  private declareVariable(declaration: TS.VariableDeclaration, flags: TS.NodeFlags, scope: Scope): void {
    const ts = this.ts;
    const init = declaration.initializer;
    if (init && isTfjsRequire(ts, init)) {
      // const tf = require('@tensorflow/tfjs'); const {layers, sequential} = require(...)
      if (ts.isIdentifier(declaration.name)) {
        scope.bindings.set(declaration.name.text, { kind: 'tfjs', member: undefined });
        return;
      }
      if (ts.isObjectBindingPattern(declaration.name)) {
        for (const element of declaration.name.elements) {
          const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : undefined;
          if (ts.isIdentifier(element.name)) {
            scope.bindings.set(element.name.text, { kind: 'tfjs', member: imported ?? element.name.text });
          }
        }
        return;
      }
    }
    if (!ts.isIdentifier(declaration.name)) {
      this.bindPattern(declaration.name, scope, { kind: 'opaque' });
      return;
    }
    const name = declaration.name.text;
    if (init) this.nameInitializer(init, name);
    const isConst = (flags & ts.NodeFlags.Const) !== 0;
    if (isConst && init) {
      const binding = { kind: 'const', name, init, scope } as const;
      scope.bindings.set(name, binding);
      if (ts.isArrayLiteralExpression(skipOuterExpressions(ts, init))) this.constArrays.push(binding);
    } else scope.bindings.set(name, { kind: 'variable', name, init, scope });
  }

  private nameInitializer(init: TS.Expression, name: string): void {
    const ts = this.ts;
    const node = skipOuterExpressions(ts, init);
    this.namesByInit.set(node, name);
    if (ts.isCallExpression(node) && node.arguments.length === 1) {
      this.namesByInit.set(skipOuterExpressions(ts, node.arguments[0]), name);
    }
  }

  private bindPattern(name: TS.BindingName, scope: Scope, binding: Binding): void {
    const ts = this.ts;
    if (ts.isIdentifier(name)) {
      scope.bindings.set(name.text, binding);
      return;
    }
    for (const element of name.elements) {
      if (!ts.isOmittedExpression(element)) this.bindPattern(element.name, scope, binding);
    }
  }
}

/**
 * The next `(` or `{` at or after an offset. A tree walk asks for mostly increasing offsets, so
 * remembering the last answer per character keeps the whole walk linear in the text's length.
 */
class OpeningFinder {
  private readonly parenthesis: NextOccurrence;
  private readonly brace: NextOccurrence;

  constructor(text: string) {
    this.parenthesis = new NextOccurrence(text, '(');
    this.brace = new NextOccurrence(text, '{');
  }

  nextAt(offset: number): number {
    return Math.min(this.parenthesis.nextAt(offset), this.brace.nextAt(offset));
  }
}

/**
 * Where a string (or a match of a global pattern) next occurs at or after an offset (the text's
 * length if nowhere), memoised.
 */
class NextOccurrence {
  private from = 0;
  private found = -1;

  constructor(
    private readonly text: string,
    private readonly searched: string | RegExp,
  ) {}

  nextAt(offset: number): number {
    if (offset < this.from || offset > this.found) {
      const index = this.search(offset);
      this.from = offset;
      this.found = index < 0 ? this.text.length : index;
    }
    return this.found;
  }

  private search(offset: number): number {
    if (typeof this.searched === 'string') return this.text.indexOf(this.searched, offset);
    this.searched.lastIndex = offset;
    return this.searched.exec(this.text)?.index ?? -1;
  }
}

/** `tf.layers.conv2d`, `model.add`, `foo`: names and member names only, so nothing to index inside. */
function isNameChain(ts: TypeScriptApi, node: TS.Expression): boolean {
  while (ts.isPropertyAccessExpression(node)) node = node.expression;
  return ts.isIdentifier(node);
}

/** `require('@tensorflow/tfjs')`. */
function isTfjsRequire(ts: TypeScriptApi, node: TS.Expression): boolean {
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    ts.isStringLiteral(node.arguments[0]) &&
    isTfjsModule(node.arguments[0].text)
  );
}

/** The static name of an object literal member, if it has one. */
export function propertyName(ts: TypeScriptApi, property: TS.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) {
    return name.text;
  }
  return undefined;
}

function hasPropertyNamed(ts: TypeScriptApi, node: TS.ObjectLiteralExpression, name: string): boolean {
  for (const property of node.properties) if (propertyName(ts, property) === name) return true;
  return false;
}

/** Parentheses, `as const`, `satisfies T`, `<T>x` and `x!` do not change a value. */
export function skipOuterExpressions(ts: TypeScriptApi, node: TS.Expression): TS.Expression {
  // Kind tests rather than the `ts.isX` guards: this runs for almost every node the reader reads.
  const kind = ts.SyntaxKind;
  for (;;) {
    switch (node.kind) {
      case kind.ParenthesizedExpression:
      case kind.AsExpression:
      case kind.SatisfiesExpression:
      case kind.TypeAssertionExpression:
      case kind.NonNullExpression:
        node = (node as TS.ParenthesizedExpression | TS.AsExpression | TS.SatisfiesExpression | TS.TypeAssertion | TS.NonNullExpression)
          .expression;
        break;
      default:
        return node;
    }
  }
}

/** Following `const` names more than this many times means a cycle or a hostile file. */
const MAX_DEPTH = 64;
/**
 * Values one file may fold beyond one per two characters of its text (each literal read once):
 * consts that double each other (`const b = [...a, ...a]`) would otherwise take time and memory
 * exponential in their number.
 */
export const MAX_FOLDED_VALUES = 200_000;
const MATH_FUNCTIONS: Record<string, (...values: number[]) => number> = {
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
  trunc: Math.trunc,
  abs: Math.abs,
  max: Math.max,
  min: Math.min,
};

/** Node spans, `const` resolution and constant folding over one parsed file. */
export class Evaluator {
  private folded = 0;
  /** How many values this file may fold: {@link MAX_FOLDED_VALUES} beyond its own literals. */
  readonly foldBudget: number;
  /** Where folding stopped because the budget ran out, if it did. */
  budgetExceededAt: Span | undefined;

  constructor(
    readonly ts: TypeScriptApi,
    readonly file: TS.SourceFile,
    readonly text: string,
  ) {
    this.foldBudget = MAX_FOLDED_VALUES + Math.ceil(text.length / 2);
  }

  /** The node's span without its leading trivia. */
  span(node: TS.Node): Span {
    return spanAt(this.start(node), node.end);
  }

  /**
   * The span of `node`, given the span of `other`: the first token of a node that is not missing
   * (empty) follows from its `pos`, so when both have the same `pos` (a call and its receiver,
   * `tf.layers` and `tf.layers.conv2d`) the start already found is reused rather than looked for.
   */
  spanSharingStart(node: TS.Node, other: TS.Node, otherSpan: Span): Span {
    const sameStart = node.pos === other.pos && node.pos < node.end && other.pos < other.end;
    return sameStart ? spanAt(otherSpan.start, node.end) : this.span(node);
  }

  /**
   * `node.getStart()`, with the common case (only spaces and line breaks before the token) done
   * here: TypeScript's own scan costs more than the rest of reading a value. The reader asks only
   * for the starts of expressions and object members, never of JSDoc nodes or JSX text (whose
   * token starts follow other rules), so it does not test a node for those: two more reads on
   * nodes of many shapes, for every value, made reading about 7% slower.
   */
  start(node: TS.Node): number {
    const text = this.text;
    let at = node.pos;
    if (at < node.end) {
      let code = text.charCodeAt(at);
      while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++at);
      // Anything that may start a comment, a conflict marker or a shebang, or be Unicode space, goes the long way.
      if (code < 128 && code !== 47 && code !== 60 && code !== 61 && code !== 62 && code !== 124 && code !== 35 && code !== 42 && code > 13) {
        return at;
      }
    }
    return node.getStart(this.file);
  }

  /** The source text of a node, shortened for messages. */
  excerpt(node: TS.Node, limit = 60): string {
    return excerptOf(this.text, this.start(node), node.end, limit);
  }

  /**
   * Follows `const` names (and parentheses, `as const`...) to the expression that defines a value,
   * with the scope that expression lives in.
   */
  resolve(node: TS.Expression, scope: Scope): Located<TS.Expression> {
    const ts = this.ts;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      node = skipOuterExpressions(ts, node);
      if (!ts.isIdentifier(node)) return { node, scope };
      const binding = scope.lookup(node.text);
      if (binding?.kind !== 'const') return { node, scope };
      node = binding.init;
      scope = binding.scope;
    }
    return { node, scope };
  }

  /** The value of an expression as written; anything the reader cannot fold is `unknown`. */
  fold(node: TS.Expression, scope: Scope, depth = 0): SourceValue {
    return this.foldAt(node, this.start(node), node.end, scope, depth);
  }

  /**
   * The value of a part of an expression (an operand, a spread list, an indexed const): only the
   * value is used, never its span, so the start of its first token is not looked for.
   */
  private operand(node: TS.Expression, scope: Scope, depth: number): SourceValue {
    return this.foldAt(node, node.pos, node.end, scope, depth + 1);
  }

  /**
   * The value of `node` located at `[start, end)`: the node's own span, or that of the name a
   * `const` was reached through. Each value is built with its final span (no copy).
   */
  private foldAt(node: TS.Expression, start: number, end: number, scope: Scope, depth: number): SourceValue {
    if (depth > MAX_DEPTH) return this.unknown(node, start, end);
    // Past the budget only literals are read (in constant time), so layer types stay known.
    if (++this.folded > this.foldBudget && !this.isLiteral(node)) {
      this.budgetExceededAt ??= this.span(node);
      return this.unknown(node, start, end);
    }
    return this.foldInner(node, start, end, scope, depth) ?? this.unknown(node, start, end);
  }

  private isLiteral(node: TS.Expression): boolean {
    const kind = this.ts.SyntaxKind;
    switch (skipOuterExpressions(this.ts, node).kind) {
      case kind.NumericLiteral:
      case kind.StringLiteral:
      case kind.NoSubstitutionTemplateLiteral:
      case kind.TrueKeyword:
      case kind.FalseKeyword:
      case kind.NullKeyword:
        return true;
      default:
        return false;
    }
  }

  private unknown(node: TS.Node, start: number, end: number): SourceValue {
    return unknownAt(this.excerpt(node), start, end);
  }

  /** The folded value of `node` (located at `[start, end)`); undefined when it does not fold. */
  private foldInner(node: TS.Expression, start: number, end: number, scope: Scope, depth: number): SourceValue | undefined {
    const kind = this.ts.SyntaxKind;
    node = skipOuterExpressions(this.ts, node);
    // One switch on the kind rather than a chain of `ts.isX` tests: this runs for every value read.
    switch (node.kind) {
      case kind.NumericLiteral:
        return numberAt(Number((node as TS.NumericLiteral).text), start, end);
      case kind.StringLiteral:
      case kind.NoSubstitutionTemplateLiteral:
        return stringAt((node as TS.StringLiteral | TS.NoSubstitutionTemplateLiteral).text, start, end);
      case kind.TrueKeyword:
        return booleanAt(true, start, end);
      case kind.FalseKeyword:
        return booleanAt(false, start, end);
      case kind.NullKeyword:
        return nullAt(start, end);
      case kind.Identifier: {
        const binding = scope.lookup((node as TS.Identifier).text);
        return binding?.kind === 'const' ? this.foldAt(binding.init, start, end, binding.scope, depth + 1) : undefined;
      }
      case kind.PrefixUnaryExpression:
        return this.foldPrefixUnary(node as TS.PrefixUnaryExpression, start, end, scope, depth);
      case kind.BinaryExpression:
        return this.foldBinary(node as TS.BinaryExpression, start, end, scope, depth);
      case kind.CallExpression:
        return this.foldMathCall(node as TS.CallExpression, start, end, scope, depth);
      case kind.ElementAccessExpression:
      case kind.PropertyAccessExpression:
        return this.foldAccess(node as TS.ElementAccessExpression | TS.PropertyAccessExpression, start, end, scope, depth);
      case kind.ArrayLiteralExpression:
        return this.foldArray(node as TS.ArrayLiteralExpression, start, end, scope, depth);
      case kind.ObjectLiteralExpression: {
        const { entries, complete } = this.objectEntries(node as TS.ObjectLiteralExpression, scope, depth);
        return complete ? mapAt(entries, start, end) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** `-x` and `+x` on numbers. */
  private foldPrefixUnary(node: TS.PrefixUnaryExpression, start: number, end: number, scope: Scope, depth: number): SourceValue | undefined {
    const operand = this.operand(node.operand, scope, depth);
    if (operand.kind !== 'number') return undefined;
    if (node.operator === this.ts.SyntaxKind.MinusToken) return numberAt(-operand.value, start, end);
    if (node.operator === this.ts.SyntaxKind.PlusToken) return numberAt(operand.value, start, end);
    return undefined;
  }

  private foldBinary(node: TS.BinaryExpression, start: number, end: number, scope: Scope, depth: number): SourceValue | undefined {
    const ts = this.ts;
    const left = this.operand(node.left, scope, depth);
    const right = this.operand(node.right, scope, depth);
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken && (left.kind === 'string' || right.kind === 'string')) {
      const scalar = (value: SourceValue) => (value.kind === 'string' || value.kind === 'number' ? String(value.value) : undefined);
      const a = scalar(left);
      const b = scalar(right);
      return a !== undefined && b !== undefined ? stringAt(a + b, start, end) : undefined;
    }
    if (left.kind !== 'number' || right.kind !== 'number') return undefined;
    const a = left.value;
    const b = right.value;
    const result =
      operator === ts.SyntaxKind.PlusToken ? a + b
      : operator === ts.SyntaxKind.MinusToken ? a - b
      : operator === ts.SyntaxKind.AsteriskToken ? a * b
      : operator === ts.SyntaxKind.SlashToken ? a / b
      : operator === ts.SyntaxKind.PercentToken ? a % b
      : operator === ts.SyntaxKind.AsteriskAsteriskToken ? a ** b
      : undefined;
    return result === undefined || !Number.isFinite(result) ? undefined : numberAt(result, start, end);
  }

  /** `SHAPE[0]`, `SHAPE.length`, `CONFIG.filters` and `CONFIG['filters']` on folded consts. */
  private foldAccess(
    node: TS.ElementAccessExpression | TS.PropertyAccessExpression,
    start: number,
    end: number,
    scope: Scope,
    depth: number,
  ): SourceValue | undefined {
    const ts = this.ts;
    if (node.questionDotToken) return undefined;
    const target = this.operand(node.expression, scope, depth);
    const key = ts.isPropertyAccessExpression(node) ? node.name.text : this.operand(node.argumentExpression, scope, depth);
    if (target.kind === 'list') {
      if (key === 'length') return numberAt(target.items.length, start, end);
      if (typeof key === 'object' && key.kind === 'number' && Number.isInteger(key.value)) {
        const item = target.items[key.value];
        return item && relocated(item, start, end);
      }
      return undefined;
    }
    if (target.kind === 'map') {
      const name = typeof key === 'string' ? key : key.kind === 'string' ? key.value : undefined;
      const entry = name === undefined ? undefined : lastEntry(target.entries, name);
      return entry && relocated(entry.value, start, end);
    }
    return undefined;
  }

  private foldMathCall(node: TS.CallExpression, start: number, end: number, scope: Scope, depth: number): SourceValue | undefined {
    const ts = this.ts;
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'Math') {
      return undefined;
    }
    if (scope.lookup('Math')) return undefined;
    const fn = Object.hasOwn(MATH_FUNCTIONS, callee.name.text) ? MATH_FUNCTIONS[callee.name.text] : undefined;
    if (!fn || node.arguments.length === 0) return undefined;
    const numbers: number[] = [];
    for (const argument of node.arguments) {
      const value = this.operand(argument, scope, depth);
      if (value.kind !== 'number') return undefined;
      numbers.push(value.value);
    }
    return numberAt(fn(...numbers), start, end);
  }

  private foldArray(node: TS.ArrayLiteralExpression, start: number, end: number, scope: Scope, depth: number): SourceValue | undefined {
    const ts = this.ts;
    const items: SourceValue[] = [];
    for (const element of node.elements) {
      if (ts.isSpreadElement(element)) {
        const spread = this.operand(element.expression, scope, depth);
        if (spread.kind !== 'list') return undefined;
        for (const item of spread.items) items.push(item);
      } else if (ts.isOmittedExpression(element)) {
        return undefined;
      } else items.push(this.fold(element, scope, depth + 1));
    }
    return listAt(items, start, end);
  }

  /**
   * The entries of an object literal, each key with its folded value. `complete` is false when a
   * spread or a computed key hides some of its keys.
   */
  objectEntries(node: TS.ObjectLiteralExpression, scope: Scope, depth = 0): { entries: SourceEntry[]; complete: boolean } {
    const ts = this.ts;
    const entries: SourceEntry[] = [];
    let complete = true;
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = this.operand(property.expression, scope, depth);
        if (spread.kind === 'map') for (const entry of spread.entries) entries.push(entry);
        else complete = false;
        continue;
      }
      const key = propertyName(ts, property);
      const name = property.name;
      if (key === undefined || !name) {
        complete = false;
        continue;
      }
      const keyStart = this.start(name);
      const value = ts.isPropertyAssignment(property)
        ? this.fold(property.initializer, scope, depth + 1)
        : ts.isShorthandPropertyAssignment(property)
          ? this.fold(property.name, scope, depth + 1)
          : this.unknown(property, this.start(property), property.end);
      entries.push(entryAt(key, value, keyStart, name.end));
    }
    return { entries, complete };
  }

  /**
   * The elements of an array of layers: the array literal an expression resolves to, with the
   * `...spread` of other such arrays expanded. Each array literal read is added to `consumed`.
   * An expression that is no array literal is one element of its own (`inArray: false`).
   */
  elements(node: TS.Expression, scope: Scope, consumed: Set<TS.Node>, depth = 0): ArrayElement[] {
    const ts = this.ts;
    const resolved = this.resolve(node, scope);
    if (!ts.isArrayLiteralExpression(resolved.node) || depth > MAX_DEPTH) return [{ node, scope, inArray: false }];
    consumed.add(resolved.node);
    const elements: ArrayElement[] = [];
    for (const element of resolved.node.elements) {
      if (ts.isSpreadElement(element)) elements.push(...this.elements(element.expression, resolved.scope, consumed, depth + 1));
      else if (!ts.isOmittedExpression(element)) elements.push({ node: element, scope: resolved.scope, inArray: true });
    }
    return elements;
  }
}

/** One element of an array of layers; `inArray` when it is written directly in an array literal. */
export interface ArrayElement extends Located<TS.Expression> {
  inArray: boolean;
}
