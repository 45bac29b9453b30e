/**
 * ConvLens models written as TypeScript object literals with the YAML schema (SPEC.md §1.3):
 * `export const decoder = defineModel({framework, input, layers: [{type, ...}]})` or any object
 * literal with `layers` (an array) and `input`/`inputs` that the schema reader recognises as a model.
 */
import type * as TS from 'typescript';
import type { Diagnostic } from '../../diagnostics';
import type { SourceModel } from '../../ir';
import { readSchemaModel, type SchemaLayerItem } from '../convlensSchema';
import { insertionAt, replacementAt, writtenText } from './typescriptLayers';
import type { ArrayElement, Evaluator } from './typescriptFolding';
import { propertyName, skipOuterExpressions } from './typescriptNodes';
import type { SyntaxIndex } from './typescriptScopes';

/** Reads every object literal that is a ConvLens model. */
export function readLiteralModels(index: SyntaxIndex, evaluator: Evaluator, diagnostics: Diagnostic[], fileName?: string): SourceModel[] {
  const ts = evaluator.ts;
  const models: SourceModel[] = [];
  for (const { node, scope } of index.objectsWithLayers) {
    const keys = new Set(node.properties.map((property) => propertyName(ts, property)));
    if (!keys.has('input') && !keys.has('inputs')) continue;
    const layersProperty = node.properties.find(
      (property): property is TS.PropertyAssignment | TS.ShorthandPropertyAssignment =>
        (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) && propertyName(ts, property) === 'layers',
    );
    if (!layersProperty) continue;
    const layersExpression = ts.isPropertyAssignment(layersProperty) ? layersProperty.initializer : layersProperty.name;
    // Layers the reader cannot see as an array (`layers: build()`) are some other program's data.
    if (!ts.isArrayLiteralExpression(evaluator.resolve(layersExpression, scope).node)) continue;
    const model = readSchemaModel(
      {
        // Everything but `layers` folds as plain values; layers keep their syntax for the edits.
        entries: evaluator.objectEntries(node, scope).entries.filter((entry) => entry.key !== 'layers'),
        layers: evaluator.elements(layersExpression, scope, new Set()).map((element) => layerItem(evaluator, element)),
        layersSpan: evaluator.span(layersExpression),
        span: evaluator.span(node),
        syntax: 'typescript',
        fileName,
        fallbackName: index.namesByInit.get(node),
        valueText: (value) => writtenText(evaluator, value),
        text: evaluator.text,
        insertion: insertionAt(evaluator, { kind: 'object', node }),
      },
      diagnostics,
    );
    if (model) models.push(model);
  }
  return models;
}

/** One element of `layers`: an object literal with a `type`, or an expression whose layer is unknown. */
function layerItem(evaluator: Evaluator, element: ArrayElement): SchemaLayerItem {
  const ts = evaluator.ts;
  const span = evaluator.span(element.node);
  const resolved = evaluator.resolve(element.node, element.scope);
  const object = ts.isObjectLiteralExpression(resolved.node) ? evaluator.objectEntries(resolved.node, resolved.scope) : undefined;
  const written = skipOuterExpressions(ts, element.node);
  return {
    entries: object?.entries,
    complete: object?.complete ?? false,
    mustBeMapping: false,
    span,
    hintOffset: span.end,
    excerpt: () => evaluator.excerpt(element.node),
    insertion: insertionAt(
      evaluator,
      ts.isObjectLiteralExpression(written) ? { kind: 'object', node: written } : { kind: 'expression', node: element.node },
    ),
    replacement: element.inArray ? replacementAt(evaluator, { span, separator: ',', style: 'literal' }) : undefined,
  };
}
