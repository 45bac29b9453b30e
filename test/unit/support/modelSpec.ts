/**
 * Engine tests describe a model compactly ({@link ModelSpec}); it is written out as a real model
 * file and read by the real readers through `analyzeDocument`, so every test also checks what a
 * user's file would give. ConvLens YAML by default; a spec holding an {@link UnknownExpression}
 * becomes a TypeScript object literal, the one format where a value can be an expression the
 * reader cannot fold.
 */
import type { DocumentAnalysis } from '../../../src/core/analysis';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { readTypeScriptModels } from '../../../src/core/formats/typescript/typescriptModel';
import { readYamlModels } from '../../../src/core/formats/yaml/yamlModel';
import type { Framework, SourceModel } from '../../../src/core/ir';

/** An expression the reader cannot fold (its identifiers are bound to `Math.random()`). */
export class UnknownExpression {
  constructor(readonly text: string) {}
}

export type SpecValue = number | string | boolean | null | UnknownExpression | SpecValue[] | { [key: string]: SpecValue };

/** One layer: `type`, optional `name`/`from`/`expect`, and every other key is a parameter. */
export interface SpecLayer {
  type: string;
  [param: string]: SpecValue | undefined;
}

export interface ModelSpec {
  framework?: Framework;
  name?: string;
  /** A single input, e.g. `['N', 3, 32, 32]`. */
  input?: SpecValue;
  /** Several named inputs. */
  inputs?: Record<string, SpecValue>;
  layers: SpecLayer[];
}

const hasUnknown = (value: unknown): boolean =>
  value instanceof UnknownExpression || (typeof value === 'object' && value !== null && Object.values(value).some(hasUnknown));

/** Whether a string can be written unquoted without YAML reading it as something else. */
function plainScalar(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(value);
}

/** A value in flow style: YAML (`[1, 2]`, `{a: 1}`, plain strings) or a TypeScript literal. */
function flow(value: SpecValue, typescript: boolean): string {
  if (value instanceof UnknownExpression) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => flow(item, typescript)).join(', ')}]`;
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${typescript ? JSON.stringify(key) : key}: ${flow(item, typescript)}`);
    return `{${entries.join(', ')}}`;
  }
  if (typeof value === 'string') return !typescript && plainScalar(value) ? value : JSON.stringify(value);
  return String(value);
}

/** The YAML text of a spec: top-level keys, then `layers:` with one `- type:` block per layer. */
function yamlText(spec: ModelSpec): string {
  const lines: string[] = [];
  if (spec.name !== undefined) lines.push(`name: ${flow(spec.name, false)}`);
  if (spec.framework !== undefined) lines.push(`framework: ${spec.framework}`);
  if (spec.inputs !== undefined) {
    lines.push('inputs:', ...Object.entries(spec.inputs).map(([name, shape]) => `  ${name}: ${flow(shape, false)}`));
  } else if (spec.input !== undefined) {
    lines.push(`input: ${flow(spec.input, false)}`);
  }
  lines.push('layers:');
  for (const { type, ...params } of spec.layers) {
    lines.push(`  - type: ${flow(type, false)}`);
    for (const [key, value] of Object.entries(params)) if (value !== undefined) lines.push(`    ${key}: ${flow(value, false)}`);
  }
  return lines.join('\n') + '\n';
}

/** The TypeScript text of a spec: its free identifiers bound to unknowable values, then the model. */
function typeScriptText(spec: ModelSpec): string {
  const identifiers = new Set<string>();
  const collect = (value: unknown): void => {
    if (value instanceof UnknownExpression) for (const name of value.text.match(/[A-Za-z_]\w*/g) ?? []) identifiers.add(name);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  collect(spec);
  const { layers, ...top } = spec;
  const keys = Object.entries(top).map(([key, value]) => `  ${key}: ${flow(value as SpecValue, true)},`);
  const layerLines = layers.map((layer) => `    ${flow(layer as SpecValue, true)},`);
  return [
    ...[...identifiers].map((name) => `const ${name} = Math.random();`),
    'export const model = {',
    ...keys,
    '  layers: [',
    ...layerLines,
    '  ],',
    '};',
    '',
  ].join('\n');
}

/**
 * A one-layer model: one input shape as `input`; several as `inputs` named `in0`, `in1`…, which the
 * layer then takes (`from: [in0, in1]`).
 */
export function oneLayerSpec(framework: Framework, inputs: readonly SpecValue[], layer: SpecLayer): ModelSpec {
  if (inputs.length === 1) return { framework, input: inputs[0], layers: [layer] };
  const names = inputs.map((_, index) => `in${index}`);
  return { framework, inputs: Object.fromEntries(names.map((name, index) => [name, inputs[index]])), layers: [{ from: names, ...layer }] };
}

/** A spec written as a model file: its text and file name. */
export function modelFile(spec: ModelSpec): { text: string; fileName: string } {
  return hasUnknown(spec) ? { text: typeScriptText(spec), fileName: 'model.ts' } : { text: yamlText(spec), fileName: 'model.yaml' };
}

/** The model as the reader saw it (with the spans of every value), and the whole analysis. */
export interface ReadModel {
  text: string;
  source: SourceModel;
  analysis: DocumentAnalysis;
}

/** Writes the spec as a model file and analyses it through the real reader and `analyzeDocument`. */
export async function readModel(spec: ModelSpec): Promise<ReadModel> {
  const { text, fileName } = modelFile(spec);
  const parsed = fileName.endsWith('.ts') ? await readTypeScriptModels(text, fileName) : readYamlModels(text);
  const source = parsed.models[0];
  if (!source) throw new Error(`the reader found no model in:\n${text}\n${parsed.diagnostics.map((d) => d.message).join('\n')}`);
  return { text, source, analysis: await analyzeDocument(text, fileName) };
}
