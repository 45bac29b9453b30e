import type * as vscode from 'vscode';
import { analyzeDocument } from '../core/analyzeDocument';
import { activateShared } from './activateShared';

/** VS Code for the Web entry (package.json `browser`). */
export function activate(context: vscode.ExtensionContext): void {
  activateShared(context, { host: 'web', analyzeText: analyzeDocument });
}
