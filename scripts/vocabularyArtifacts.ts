/**
 * The files generated from the framework vocabularies (src/core/frameworks): the JSON Schema's
 * layer-type enum, the TextMate grammar's layer names and docs/layers.md. Pure: it takes the
 * current schema and grammar (their hand-written parts stay) and returns every file's text.
 * scripts/vocabularyArtifacts.mjs writes them at build time; a unit test checks the committed
 * files equal what this produces.
 */
import type { CallSignature, DefaultValue } from '../src/core/engine/signature';
import { VOCABULARIES } from '../src/core/frameworks';
import { FRAMEWORKS } from '../src/core/ir';

export const SCHEMA_PATH = 'schemas/convlens-model.schema.json';
export const GRAMMAR_PATH = 'syntaxes/convlens.injection.tmLanguage.json';
export const LAYERS_DOC_PATH = 'docs/layers.md';

/** Where a layer type is highlighted: right after `type:` (YAML, TS/JS objects) or `"class_name":` (Keras JSON). */
const LAYER_TYPE_CONTEXT = `(?<=\\btype: |\\btype:  |\\btype:\\t|\\btype: "|\\btype: '|\\btype:"|\\btype:'|"type": "|"type":"|"class_name": "|"class_name":")`;
/** Not followed by more of a name: `Conv2dX` and `Conv2d.x` stay unhighlighted. */
const LAYER_TYPE_END = '(?![\\w.-])';

/** Every layer type of every vocabulary, once, in framework order. */
export function allLayerTypes(): string[] {
  return [...new Set(FRAMEWORKS.flatMap((framework) => Object.keys(VOCABULARIES[framework].layers)))];
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** The schema with the layer-type enum and the framework enum taken from the vocabularies. */
export function generateSchema(current: string): string {
  const schema = JSON.parse(current);
  schema.definitions.layerType.anyOf[0].enum = allLayerTypes();
  schema.properties.framework.enum = [...FRAMEWORKS];
  return json(schema);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The grammar whose `layer-type` rule matches exactly the vocabularies' layer types. */
export function generateGrammar(current: string): string {
  const grammar = JSON.parse(current);
  // Longest first, so that no name stops at a shorter one's end (the end check would backtrack anyway).
  const names = allLayerTypes().sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  grammar.repository['layer-type'].match = `${LAYER_TYPE_CONTEXT}(?:${names.map(escapeRegExp).join('|')})${LAYER_TYPE_END}`;
  return json(grammar);
}

function pythonDefault(value: DefaultValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function signatureText(signature: CallSignature): string {
  if (signature.positional.length === 0 && !signature.variadic) return 'keywords only';
  const parameters = signature.positional.map((parameter) =>
    parameter.default === undefined ? parameter.name : `${parameter.name}=${pythonDefault(parameter.default)}`,
  );
  if (signature.variadic) parameters.push('*args');
  return `\`(${parameters.join(', ')})\``;
}

/** docs/layers.md: every layer type per framework, with its call signature. */
export function generateLayersDoc(): string {
  const lines = [
    '# Supported layers',
    '',
    '<!-- Generated from src/core/frameworks by scripts/vocabularyArtifacts.ts at build time; do not edit. -->',
    '',
    'The layer types ConvLens knows, per framework, exactly as the framework spells them (the `type:` of',
    'ConvLens YAML, the `class_name` of a Keras or TF.js model.json, the `tf.layers` factory of TF.js code).',
    'A type not listed here is reported as `unknown-layer`, and shapes after it are `?`.',
    '',
    'The call signature gives the order in which positional arguments bind to parameter names',
    '(PyTorch: as `inspect.signature` lists it for torch 1.13). "Keywords only": every parameter is named.',
  ];
  for (const framework of FRAMEWORKS) {
    const vocabulary = VOCABULARIES[framework];
    lines.push('', `## ${vocabulary.label} (\`framework: ${framework}\`)`, '', '| Layer type | Call signature |', '| --- | --- |');
    for (const [type, entry] of Object.entries(vocabulary.layers)) lines.push(`| \`${type}\` | ${signatureText(entry.signature)} |`);
  }
  return lines.join('\n') + '\n';
}

/** Every generated file: path and text, from the current schema and grammar texts. */
export function generateArtifacts(read: (path: string) => string): { path: string; text: string }[] {
  return [
    { path: SCHEMA_PATH, text: generateSchema(read(SCHEMA_PATH)) },
    { path: GRAMMAR_PATH, text: generateGrammar(read(GRAMMAR_PATH)) },
    { path: LAYERS_DOC_PATH, text: generateLayersDoc() },
  ];
}
