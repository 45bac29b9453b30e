/**
 * The writers: from the data a reader records about where things are written (plain data in the
 * IR and in analysis results), the {@link TextEdit}s of quick fixes and of the preview's Apply,
 * in the syntax of the source — one module per syntax.
 */
import type { LayerReplacement, ParamInsertion, ReplacementLayer, Syntax, TextEdit, WrittenValue } from '../ir';
import { formatJsonValue, jsonInsertParam } from './jsonWriter';
import { formatTypeScriptKey, formatTypeScriptValue, typeScriptInsertParam, typeScriptReplaceLayer } from './typescriptWriter';
import { formatYamlString, formatYamlValue, yamlInsertParam, yamlReplaceLayer } from './yamlWriter';

/** A value written as the syntax writes it: `1`, `[1, 1]`, `same` (YAML), `'same'` (TS), `"same"` (JSON). */
export function formatValue(syntax: Syntax, value: WrittenValue): string {
  switch (syntax) {
    case 'yaml':
      return formatYamlValue(value);
    case 'typescript':
      return formatTypeScriptValue(value);
    case 'json':
      return formatJsonValue(value);
  }
}

/** A mapping key as the syntax writes it: `H` (YAML, TS identifiers), `"H"` (JSON). */
function formatKey(syntax: Syntax, key: string): string {
  return syntax === 'json' ? JSON.stringify(key) : syntax === 'yaml' ? formatYamlString(key) : formatTypeScriptKey(key);
}

/**
 * A mapping of mappings of numbers as a flow literal in the syntax — the value of `assume:`,
 * `{H: {multipleOf: 16}, W: {multipleOf: 16, min: 64}}`.
 */
export function formatNestedMapping(syntax: Syntax, mapping: Readonly<Record<string, Readonly<Record<string, number>>>>): string {
  const inner = (entries: Readonly<Record<string, number>>) =>
    `{${Object.entries(entries)
      .map(([key, value]) => `${formatKey(syntax, key)}: ${value}`)
      .join(', ')}}`;
  return `{${Object.entries(mapping)
    .map(([key, value]) => `${formatKey(syntax, key)}: ${inner(value)}`)
    .join(', ')}}`;
}

/** The edit that adds parameter `key` with `valueText` (already written in the syntax, see {@link formatValue}). */
export function insertParamEdit(site: ParamInsertion, key: string, valueText: string): TextEdit {
  switch (site.syntax) {
    case 'yaml':
      return yamlInsertParam(site, key, valueText);
    case 'typescript':
      return typeScriptInsertParam(site, key, valueText);
    case 'json':
      return jsonInsertParam(site, key, valueText);
  }
}

/** The edit that replaces a layer by `layers`, keeping what the layer's replacement carries (its input, name, assertion). */
export function replaceLayerEdit(site: LayerReplacement, layers: ReplacementLayer[]): TextEdit {
  return site.syntax === 'yaml' ? yamlReplaceLayer(site, layers) : typeScriptReplaceLayer(site, layers);
}
