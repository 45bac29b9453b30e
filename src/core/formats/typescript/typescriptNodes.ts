/**
 * Syntax helpers every part of the TypeScript reader uses: the TypeScript module with its per-node
 * members at hand, a node with its scope, and reading through wrappers that do not change a value.
 */
import type * as TS from 'typescript';
import type { TypeScriptApi } from './typescriptParser';
import type { Scope } from './typescriptScopes';

/** A syntax node with the scope its names are looked up in. */
export interface Located<T extends TS.Node> {
  node: T;
  scope: Scope;
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
      isArrayBindingPattern: ts.isArrayBindingPattern,
      isArrayLiteralExpression: ts.isArrayLiteralExpression,
      isArrowFunction: ts.isArrowFunction,
      isBinaryExpression: ts.isBinaryExpression,
      isBlock: ts.isBlock,
      isCallExpression: ts.isCallExpression,
      isCaseBlock: ts.isCaseBlock,
      isCatchClause: ts.isCatchClause,
      isClassDeclaration: ts.isClassDeclaration,
      isComputedPropertyName: ts.isComputedPropertyName,
      isConstructorDeclaration: ts.isConstructorDeclaration,
      isDoStatement: ts.isDoStatement,
      isElementAccessExpression: ts.isElementAccessExpression,
      isExpressionStatement: ts.isExpressionStatement,
      isForInStatement: ts.isForInStatement,
      isForOfStatement: ts.isForOfStatement,
      isForStatement: ts.isForStatement,
      isFunctionDeclaration: ts.isFunctionDeclaration,
      isFunctionExpression: ts.isFunctionExpression,
      isFunctionLike: ts.isFunctionLike,
      isGetAccessorDeclaration: ts.isGetAccessorDeclaration,
      isIdentifier: ts.isIdentifier,
      isImportDeclaration: ts.isImportDeclaration,
      isMethodDeclaration: ts.isMethodDeclaration,
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
      isPropertyDeclaration: ts.isPropertyDeclaration,
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

/** The static name of an object literal member, if it has one. */
export function propertyName(ts: TypeScriptApi, property: TS.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) {
    return name.text;
  }
  return undefined;
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
