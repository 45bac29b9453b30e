import type * as vscode from 'vscode';
import { analyzeDocument } from '../core/analyzeDocument';
import { activateShared } from './activateShared';

/** Desktop entry (package.json `main`). */
export function activate(context: vscode.ExtensionContext): void {
  activateShared(context, { host: 'node', analyzeText: analyzeDocument });
}
