import type { ParsedFile, SourceLayer, SourceModel, SourceValue, Span } from '../../../src/core/ir';
import { readTypeScriptModels } from '../../../src/core/formats/typescriptModel';

/** Reads a file's models, waiting for the parser the first time. */
export async function read(text: string, fileName = 'model.ts'): Promise<ParsedFile> {
  return readTypeScriptModels(text, fileName);
}

/** Reads a file that must hold exactly one model. */
export async function readOne(text: string, fileName = 'model.ts'): Promise<SourceModel> {
  const { models } = await read(text, fileName);
  if (models.length !== 1) throw new Error(`expected one model, got ${models.length}`);
  return models[0];
}

/** A value as plain data: numbers, strings, booleans, null, arrays, `{?: text}` for unknowns. */
export function plain(value: SourceValue | undefined): unknown {
  if (!value) return undefined;
  switch (value.kind) {
    case 'list':
      return value.items.map(plain);
    case 'map':
      return Object.fromEntries(value.entries.map((entry) => [entry.key, plain(entry.value)]));
    case 'unknown':
      return { '?': value.text };
    case 'null':
      return null;
    default:
      return value.value;
  }
}

/** A layer's parameters as a plain object. */
export function params(layer: SourceLayer): Record<string, unknown> {
  return Object.fromEntries(layer.params.map((entry) => [entry.key, plain(entry.value)]));
}

export function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** Applies a text edit. */
export function applyEdit(text: string, edit: { span: Span; newText: string }): string {
  return text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
}
