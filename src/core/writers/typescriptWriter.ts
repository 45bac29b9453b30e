/** Writes values and edits in TypeScript syntax, from the data the TypeScript reader records ({@link TypeScriptInsertion}). */
import type { ReplacementLayer, TextEdit, TypeScriptInsertion, TypeScriptReplacement, WrittenValue } from '../ir';
import { excerptOf } from '../formatting';
import { formatFlowValue, writtenLayerEntries, type WrittenEntry } from './flowValues';

function quoteString(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}'`;
}

/** Writes a value as TypeScript: `1`, `[1, 1]`, `'same'`. */
export function formatTypeScriptValue(value: WrittenValue): string {
  return formatFlowValue(value, quoteString);
}

/** An object key as TypeScript: bare when it is an identifier, quoted otherwise. */
export function formatTypeScriptKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quoteString(key);
}

/** The edit that adds `key: valueText` to a layer's configuration. */
export function typeScriptInsertParam(site: TypeScriptInsertion, key: string, valueText: string): TextEdit {
  const entry = `${formatTypeScriptKey(key)}: ${valueText}`;
  const span = { start: site.start, end: site.end };
  switch (site.style) {
    case 'firstEntry':
      return { span, newText: entry };
    case 'nextEntry':
      return { span, newText: `, ${entry}` };
    case 'newObject':
      return { span, newText: `{${entry}}` };
    case 'spread':
      return { span, newText: `{...${site.expression ?? ''}, ${entry}}` };
  }
}

/** The edit that replaces a layer by `layers`: object literals, or factory calls (each in its own `add` when it was). */
export function typeScriptReplaceLayer(site: TypeScriptReplacement, layers: ReplacementLayer[]): TextEdit {
  const literal = site.style === 'literal';
  const written = writtenLayerEntries(layers, site.carried, formatTypeScriptKey, formatTypeScriptValue, literal);
  const texts = written.map((entries, index) => {
    if (literal) return objectText(entries);
    const call = `${asWritten(site.factory)}.${layers[index].type}(${entries.length > 0 ? objectText(entries) : ''})`;
    return site.receiver ? `${asWritten(site.receiver)}.add(${call})` : call;
  });
  const join = site.lineBreak === undefined ? `${site.separator} ` : `${site.separator}${site.lineBreak}${site.indentation ?? ''}`;
  return { span: { start: site.span.start, end: site.span.end }, newText: texts.join(join) };
}

/** An expression as written, on one line and at most 200 characters. */
function asWritten(expression: string): string {
  return excerptOf(expression, 0, expression.length, 200);
}

function objectText(entries: WrittenEntry[]): string {
  return `{${entries.map(([key, value]) => `${key}: ${value}`).join(', ')}}`;
}
