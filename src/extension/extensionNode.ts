import type * as vscode from 'vscode';
import { analyzeDocument } from '../core/analyzeDocument';
import { activateShared, type ConvLensApi } from './activateShared';

/** Desktop entry (package.json `main`). */
export function activate(context: vscode.ExtensionContext): ConvLensApi {
  return activateShared(context, { host: 'node', analyzeText: analyzeDocument });
}
