import * as vscode from 'vscode';
import { analyzeDocument } from '../core/analyzeDocument';
import { evaluateTypeScriptParserChunk, setTypeScriptParserLoader } from '../core/formats/typescript/typescriptParser';
import { activateShared, type ConvLensApi } from './activateShared';

/** VS Code for the Web entry (package.json `browser`). */
export function activate(context: vscode.ExtensionContext): ConvLensApi {
  // The web worker host offers no require() and blocks importScripts; it loads extension code
  // itself with fetch + Function, so the TypeScript parser chunk is loaded the same way, at first need.
  setTypeScriptParserLoader(async () => {
    const response = await fetch(vscode.Uri.joinPath(context.extensionUri, 'dist', 'tsParser.js').toString(true));
    if (!response.ok) throw new Error(`dist/tsParser.js: HTTP ${response.status}`);
    return evaluateTypeScriptParserChunk(await response.text());
  });
  return activateShared(context, { host: 'web', analyzeText: analyzeDocument });
}
