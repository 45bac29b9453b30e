/**
 * Which names stand for the TF.js API: `import * as tf from '@tensorflow/tfjs'`, named imports
 * (`import {layers as L}`), and `require` of a TF.js module, whole or destructured.
 */
import type * as TS from 'typescript';
import type { TypeScriptApi } from './typescriptParser';
import type { Binding } from './typescriptScopes';

/** Module specifiers whose exports are the TF.js API (`tf.layers`, `tf.sequential`...). */
export function isTfjsModule(specifier: string): boolean {
  return /^@tensorflow\/tfjs(-node(-gpu)?|-layers)?$/.test(specifier);
}

/** The names an import declares: the TF.js API (or a member of it) from a TF.js module, nothing known otherwise. */
export function importBindings(ts: TypeScriptApi, statement: TS.ImportDeclaration): [string, Binding][] {
  const clause = statement.importClause;
  if (!clause) return [];
  const fromTfjs = ts.isStringLiteral(statement.moduleSpecifier) && isTfjsModule(statement.moduleSpecifier.text);
  const bound: [string, Binding][] = [];
  if (clause.name) bound.push([clause.name.text, fromTfjs ? { kind: 'tfjs', member: undefined } : { kind: 'opaque' }]);
  const bindings = clause.namedBindings;
  if (!bindings) return bound;
  if (ts.isNamespaceImport(bindings)) {
    bound.push([bindings.name.text, fromTfjs ? { kind: 'tfjs', member: undefined } : { kind: 'opaque' }]);
    return bound;
  }
  for (const element of bindings.elements) {
    const imported = (element.propertyName ?? element.name).text;
    bound.push([element.name.text, fromTfjs ? { kind: 'tfjs', member: imported } : { kind: 'opaque' }]);
  }
  return bound;
}

/**
 * The names `const tf = require('@tensorflow/tfjs')` or `const {layers, sequential} = require(...)`
 * declares; undefined when the initializer is no such `require`.
 */
export function tfjsRequireBindings(ts: TypeScriptApi, name: TS.BindingName, init: TS.Expression): [string, Binding][] | undefined {
  if (!isTfjsRequire(ts, init)) return undefined;
  if (ts.isIdentifier(name)) return [[name.text, { kind: 'tfjs', member: undefined }]];
  if (!ts.isObjectBindingPattern(name)) return undefined;
  const bound: [string, Binding][] = [];
  for (const element of name.elements) {
    const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : undefined;
    if (ts.isIdentifier(element.name)) bound.push([element.name.text, { kind: 'tfjs', member: imported ?? element.name.text }]);
  }
  return bound;
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
