/**
 * What the TypeScript reader needs to know about a parsed file without a type checker: which
 * names are bound where (lexical scopes), and which calls and object literals exist. One pass
 * over the syntax tree; nothing is executed.
 */
import type * as TS from 'typescript';
import type { TypeScriptApi } from './typescriptParser';
import { importBindings, tfjsRequireBindings } from './typescriptTfjsBindings';
import { propertyName, skipOuterExpressions, type Located } from './typescriptNodes';

/** What a name stands for, as far as the reader can tell. */
export type Binding =
  /** `const name = init`: the only kind whose value the reader folds. */
  | { kind: 'const'; name: string; init: TS.Expression; scope: Scope }
  /** `let`/`var`: identity only (a model object), never a folded value. */
  | { kind: 'variable'; name: string; init: TS.Expression | undefined; scope: Scope }
  /** `import * as tf`, `const tf = require(...)` (member undefined), or a named import of `member`. */
  | { kind: 'tfjs'; member: string | undefined }
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

/**
 * One pass over the file: scopes with their bindings (for the ConvLens object literals' `const`
 * folding) and every object literal with a `layers` key. TF.js models are found by the
 * interpreter (`interpreter.ts`).
 */
export class SyntaxIndex {
  readonly objectsWithLayers: Located<TS.ObjectLiteralExpression>[] = [];
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
      this.visitCall(node, scope);
      return;
    }
    if (ts.isExpressionStatement(node) && ts.isCallExpression(node.expression)) {
      this.visitCall(node.expression, scope);
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
      this.visitFunction(node, scope, false);
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
          for (const declaration of node.initializer.declarations) {
            this.declareVariable(declaration, node.initializer.flags, body);
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

  /** A call: its callee and arguments are visited (callbacks as functions of their own). */
  private visitCall(node: TS.CallExpression, scope: Scope): void {
    const ts = this.ts;
    if (!isNameChain(ts, node.expression)) this.visit(node.expression, scope);
    for (const argument of node.arguments) {
      if (ts.isArrowFunction(argument) || ts.isFunctionExpression(argument)) this.visitFunction(argument, scope, true);
      else this.visit(argument, scope);
    }
  }

  private visitChildren(node: TS.Node, scope: Scope): void {
    const outer = this.scope;
    this.scope = scope;
    this.ts.forEachChild(node, this.visitChild);
    this.scope = outer;
  }

  /** One callback for every `forEachChild` (none allocated per node); returns nothing, so the walk goes on. */
  private readonly visitChild = (child: TS.Node): void => this.visit(child, this.scope);

  private visitFunction(node: TS.SignatureDeclaration, scope: Scope, isCallback: boolean): void {
    const ts = this.ts;
    const functionScope = new Scope(scope, isCallback);
    for (const parameter of node.parameters) this.bindPattern(parameter.name, functionScope, { kind: 'opaque' });
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
        for (const [name, binding] of importBindings(ts, statement)) scope.bindings.set(name, binding);
      }
    }
  }

  private declareVariable(declaration: TS.VariableDeclaration, flags: TS.NodeFlags, scope: Scope): void {
    const ts = this.ts;
    const init = declaration.initializer;
    const tfjs = init && tfjsRequireBindings(ts, declaration.name, init);
    if (tfjs) {
      for (const [name, binding] of tfjs) scope.bindings.set(name, binding);
      return;
    }
    if (!ts.isIdentifier(declaration.name)) {
      this.bindPattern(declaration.name, scope, { kind: 'opaque' });
      return;
    }
    const name = declaration.name.text;
    if (init) this.nameInitializer(init, name);
    const isConst = (flags & ts.NodeFlags.Const) !== 0;
    if (isConst && init) scope.bindings.set(name, { kind: 'const', name, init, scope });
    else scope.bindings.set(name, { kind: 'variable', name, init, scope });
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

function hasPropertyNamed(ts: TypeScriptApi, node: TS.ObjectLiteralExpression, name: string): boolean {
  for (const property of node.properties) if (propertyName(ts, property) === name) return true;
  return false;
}
