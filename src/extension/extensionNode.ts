import type * as vscode from 'vscode';
import { chunkExports } from '../core/lazyChunk';
import { activateShared, type ConvLensApi } from './activateShared';

/** Desktop entry (package.json `main`). */
export function activate(context: vscode.ExtensionContext): ConvLensApi {
  // The build turns this import into `require("./analysis.js")`, the chunk beside this bundle (esbuild.mjs).
  return activateShared(context, { host: 'node', loadAnalysis: async () => chunkExports(await import('../core/analysisChunk'), 'analyzeDocument') });
}
