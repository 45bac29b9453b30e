import type { ParsedFile, SourceModel, Span } from '../../../src/core/ir';
import { readTypeScriptModels } from '../../../src/core/formats/typescript/typescriptModel';

export { params, plain } from '../support/plainValues';

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

export function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** Applies a text edit. */
export function applyEdit(text: string, edit: { span: Span; newText: string }): string {
  return text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
}
