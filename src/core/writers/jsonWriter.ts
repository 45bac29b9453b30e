/** Writes values and edits in JSON syntax, from the data the JSON reader records ({@link JsonInsertion}). */
import type { JsonInsertion, TextEdit, WrittenValue } from '../ir';
import { formatFlowValue } from './flowValues';

/** Writes a value as JSON: `1`, `[1, 1]`, `"same"`. */
export function formatJsonValue(value: WrittenValue): string {
  return formatFlowValue(value, (text) => JSON.stringify(text));
}

/** The edit that sets `"key": valueText` in a JSON object: replaces its `null`, or adds the key. */
export function jsonInsertParam(site: JsonInsertion, key: string, valueText: string): TextEdit {
  const written = site.nulls.find(([nullKey]) => nullKey === key);
  if (written) return { span: written[1], newText: valueText };
  return { span: { start: site.at, end: site.at }, newText: `${site.separator}${JSON.stringify(key)}: ${valueText}` };
}
