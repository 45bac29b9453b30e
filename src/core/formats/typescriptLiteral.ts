/**
 * ConvLens models written as TypeScript object literals with the YAML schema (SPEC.md §1.3):
 * `export const decoder = defineModel({framework, input, layers: [{type, ...}]})` or any object
 * literal with `layers` and `input`/`inputs`.
 */
import type * as TS from 'typescript';
import { Code, type Diagnostic } from '../diagnostics';
import type { SourceEntry, SourceInput, SourceLayer, SourceModel } from '../ir';
import { entrySpan, lastEntry, literalNameSpan, readerDiagnostic, readFramework } from './sourceValues';
import { buildLayer, formatTypeScriptValue } from './typescriptLayers';
import { propertyName, skipOuterExpressions, type ArrayElement, type Evaluator, type SyntaxIndex } from './typescriptSyntax';

const RESERVED_KEYS = new Set(['type', 'name', 'from', 'expect']);

/** Reads every object literal that is a ConvLens model. */
export function readLiteralModels(index: SyntaxIndex, evaluator: Evaluator, diagnostics: Diagnostic[]): SourceModel[] {
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
    // Everything but `layers` folds as plain values; layers keep their syntax for the edits.
    const entries = evaluator.objectEntries(node, scope).entries.filter((entry) => entry.key !== 'layers');
    const name = lastEntry(entries, 'name')?.value;
    const frameworkEntry = lastEntry(entries, 'framework');
    const layersExpression = ts.isPropertyAssignment(layersProperty) ? layersProperty.initializer : layersProperty.name;
    models.push({
      name: name?.kind === 'string' ? name.value : index.namesByInit.get(node),
      // A framework expression that does not fold is not reported: the reader cannot tell it is wrong.
      framework: readFramework(frameworkEntry?.value.kind === 'unknown' ? undefined : frameworkEntry, diagnostics),
      frameworkSpan: frameworkEntry?.value.span,
      inputs: readInputs(lastEntry(entries, 'input'), lastEntry(entries, 'inputs'), diagnostics),
      layers: evaluator.elements(layersExpression, scope, new Set()).map((element) => readLayer(evaluator, element, diagnostics)),
      span: evaluator.span(node),
      formatValue: formatTypeScriptValue,
    });
  }
  return models;
}

function readInputs(input: SourceEntry | undefined, inputs: SourceEntry | undefined, diagnostics: Diagnostic[]): SourceInput[] {
  if (input) return [{ name: 'input', shape: input.value, span: entrySpan(input) }];
  if (!inputs) return [];
  if (inputs.value.kind !== 'map') {
    if (inputs.value.kind !== 'unknown') {
      diagnostics.push(
        readerDiagnostic(
          Code.invalidParameter,
          '`inputs` must map input names to shapes, e.g. `inputs: {image: [1, 3, 256, 256]}`.',
          inputs.value.span,
        ),
      );
    }
    return [];
  }
  return inputs.value.entries.map((named) => ({ name: named.key, shape: named.value, span: entrySpan(named) }));
}

/** One element of `layers`: an object literal with a `type`, or an expression whose layer is unknown. */
function readLayer(evaluator: Evaluator, element: ArrayElement, diagnostics: Diagnostic[]): SourceLayer {
  const ts = evaluator.ts;
  const span = evaluator.span(element.node);
  const resolved = evaluator.resolve(element.node, element.scope);
  const object = ts.isObjectLiteralExpression(resolved.node) ? resolved.node : undefined;
  const { entries, complete } = object ? evaluator.objectEntries(object, resolved.scope) : { entries: [], complete: false };
  const typeValue = lastEntry(entries, 'type')?.value;
  const hasType = typeValue?.kind === 'string' && typeValue.value !== '';
  if (object && complete && !hasType) {
    diagnostics.push(
      readerDiagnostic(
        Code.invalidParameter,
        typeValue ? "A layer `type` must be a layer name such as `'Conv2d'`." : 'This layer has no `type`.',
        typeValue ? typeValue.span : span,
      ),
    );
  }
  const written = skipOuterExpressions(ts, element.node);
  return buildLayer(evaluator, {
    type: hasType ? typeValue.value : evaluator.excerpt(element.node),
    typeSpan: hasType ? typeValue.span : span,
    typeNameSpan: hasType ? literalNameSpan(evaluator.text, typeValue.span, typeValue.value, false) : undefined,
    entries,
    reserved: RESERVED_KEYS,
    entriesIncomplete: !complete || !hasType,
    from: lastEntry(entries, 'from')?.value,
    span,
    hintOffset: span.end,
    config: ts.isObjectLiteralExpression(written) ? { kind: 'object', node: written } : { kind: 'expression', node: element.node },
    replace: element.inArray ? { span, separator: ',', style: 'literal' } : undefined,
  });
}
