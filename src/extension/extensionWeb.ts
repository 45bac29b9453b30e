import * as vscode from 'vscode';
import { chunkExports, evaluateChunk } from '../core/lazyChunk';
import { evaluateTypeScriptParserChunk } from '../core/formats/typescript/typescriptParser';
import { activateShared, type ConvLensApi } from './activateShared';
import type { AnalysisChunk } from './analysisLoading';

/** VS Code for the Web entry (package.json `browser`). */
export function activate(context: vscode.ExtensionContext): ConvLensApi {
  // The web worker host offers no require() and blocks importScripts; it loads extension code
  // itself with fetch + Function, so the chunks beside this bundle are loaded the same way, at first need.
  const fetchChunk = async (file: string) => {
    const response = await fetch(vscode.Uri.joinPath(context.extensionUri, 'dist', file).toString(true));
    if (!response.ok) throw new Error(`dist/${file}: HTTP ${response.status}`);
    return response.text();
  };
  const loadAnalysis = async () => {
    const analysis = chunkExports(evaluateChunk(await fetchChunk('analysis.js')) as AnalysisChunk, 'analyzeDocument');
    analysis.setTypeScriptParserLoader(async () => evaluateTypeScriptParserChunk(await fetchChunk('tsParser.js')));
    return analysis;
  };
  return activateShared(context, { host: 'web', loadAnalysis });
}
