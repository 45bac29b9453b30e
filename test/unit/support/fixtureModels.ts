/**
 * Helpers for tests that run framework-generated fixtures through the real readers: finding a
 * fixture file, and writing a model as ConvLens YAML text (SPEC.md §1.1).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The text of a fixture file, found from the bundle's location (out/unit/...) or the source tree. */
export function fixtureText(path: string): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return readFileSync(join(dir, path), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`${path} not found above ${__dirname}`);
}

/** A JSON fixture file (see {@link fixtureText}). */
export function loadFixture<T>(path: string): T {
  return JSON.parse(fixtureText(path)) as T;
}

/** One layer: `type`, and every other key is written as it is (parameters, `name`, `from`, `expect`). */
export interface YamlLayer {
  type: string;
  [key: string]: unknown;
}

/** A value in YAML flow style; JSON is valid YAML, so lists and strings are written as JSON. */
function flow(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * A ConvLens YAML model. One input shape is written as `input:`; several as `inputs:` named
 * `in0`, `in1`…, and then the first layer takes them all (`from: [in0, in1]`) unless it says otherwise.
 */
export function yamlModel(framework: string, inputs: readonly (readonly (number | string)[])[], layers: readonly YamlLayer[]): string {
  const lines = [`framework: ${framework}`];
  if (inputs.length === 1) {
    lines.push(`input: ${flow(inputs[0])}`);
  } else {
    lines.push('inputs:', ...inputs.map((shape, index) => `  in${index}: ${flow(shape)}`));
  }
  lines.push('layers:');
  layers.forEach(({ type, ...params }, index) => {
    lines.push(`  - type: ${type}`);
    const merged = index === 0 && inputs.length > 1 && !('from' in params) ? { from: inputs.map((_, input) => `in${input}`), ...params } : params;
    for (const [key, value] of Object.entries(merged)) lines.push(`    ${key}: ${flow(value)}`);
  });
  return lines.join('\n') + '\n';
}
