/**
 * The entry of the lazily loaded chunk `dist/tsParser.js`: the TypeScript parser and the reader
 * that needs it, loaded together on the first TypeScript or JavaScript model (typescriptParser.ts).
 */
import * as ts from 'typescript';

export { readTypeScriptModelsWith } from './typescriptRead';

/** The TypeScript compiler API (its `createSourceFile`). */
export const typescript = ts;
