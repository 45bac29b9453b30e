import type * as vscode from 'vscode';
import type { DocumentAnalysis } from '../core/analysis';
import { applySeverityOverrides } from '../core/severityOverrides';
import type { AnalyzeText } from './analysisCache';
import type { SeveritySetting } from './severitySetting';

/**
 * Core's analysis as the editor runs it: with the user's per-code severities applied (so the
 * Problems view, the status bar, quick fixes and Check Workspace agree), and one debug line per
 * analysis in the output channel (file, time, models).
 */
export function editorAnalysis(analyze: AnalyzeText, severities: SeveritySetting, log: vscode.LogOutputChannel): AnalyzeText {
  return async (text, fileName, options) => {
    const started = performance.now();
    const analysis: DocumentAnalysis = await analyze(text, fileName, options);
    const models = analysis.models.length;
    log.debug(`Analysed ${fileName} in ${(performance.now() - started).toFixed(1)} ms: ${models} model${models === 1 ? '' : 's'}`);
    return { ...analysis, diagnostics: applySeverityOverrides(analysis.diagnostics, severities.current) };
  };
}
