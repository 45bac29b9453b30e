/** Writes values and edits in YAML syntax, from the data the YAML reader records ({@link YamlInsertion}). */
import type { ReplacementLayer, TextEdit, WrittenValue, YamlInsertion, YamlReplacement } from '../ir';
import { formatFlowValue, writtenLayerEntries, type WrittenEntry } from './flowValues';

const PLAIN_SAFE = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const RESERVED_WORDS = /^(true|false|null|yes|no|on|off)$/i;

/** A string as YAML: bare when that reads back as the same string, else double-quoted. */
export function formatYamlString(text: string): string {
  return PLAIN_SAFE.test(text) && !RESERVED_WORDS.test(text) ? text : JSON.stringify(text);
}

/** Writes a value the way a person would in YAML: `1`, `[1, 1]`, strings bare when safe. */
export function formatYamlValue(value: WrittenValue): string {
  return formatFlowValue(value, formatYamlString);
}

/** The edit that adds `key: valueText` to a YAML mapping. */
export function yamlInsertParam(site: YamlInsertion, key: string, valueText: string): TextEdit {
  return { span: { start: site.at, end: site.at }, newText: `${site.separator}${formatYamlString(key)}: ${valueText}` };
}

/** The edit that replaces a sequence item by `layers`, each with the carried entries. */
export function yamlReplaceLayer(site: YamlReplacement, layers: ReplacementLayer[]): TextEdit {
  const written = writtenLayerEntries(layers, site.carried, formatYamlString, formatYamlValue, true);
  const flowItems = written.map(flowMapping);
  if (site.style === 'flowSequence') return { span: site.span, newText: flowItems.join(', ') };
  const items = written.map((entries, index) =>
    site.blockMaps ? `- ${entries.map(pairText).join(`${site.lineBreak}${site.keyIndent}`)}` : `- ${flowItems[index]}`,
  );
  return { span: site.span, newText: items.join(`${site.lineBreak}${site.itemIndent}`) };
}

function pairText([key, value]: WrittenEntry): string {
  return `${key}: ${value}`;
}

function flowMapping(entries: WrittenEntry[]): string {
  return `{${entries.map(pairText).join(', ')}}`;
}
