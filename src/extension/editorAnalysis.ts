import type * as vscode from 'vscode';
import type { DocumentAnalysis } from '../core/analysis';
import type { UltralyticsVersion } from '../core/ultralyticsVersions';
import { applySeverityOverrides, type SeverityOverrides } from '../core/severityOverrides';
import type { AnalyzeText } from './analysisCache';
import type { ParsedSetting } from './parsedSetting';

/**
 * Core's analysis as the editor runs it: with the user's `convlens.defines` bound, YOLO files
 * read as the Ultralytics release of `convlens.ultralytics.version`, and per-code
 * severities applied (so the Problems view, the status bar, quick fixes and Check Workspace
 * agree), and one debug line per analysis in the output channel (file, time, models).
 */
export function editorAnalysis(
  analyze: AnalyzeText,
  settings: { severities: ParsedSetting<SeverityOverrides>; defines: ParsedSetting<Record<string, number>>; ultralytics: ParsedSetting<UltralyticsVersion> },
  log: vscode.LogOutputChannel,
): AnalyzeText {
  const { severities, defines, ultralytics } = settings;
  return async (text, fileName, options) => {
    const started = performance.now();
    const analysis: DocumentAnalysis = await analyze(text, fileName, { defines: defines.current, ultralyticsVersion: ultralytics.current, ...options });
    const models = analysis.models.length;
    log.debug(`Analysed ${fileName} in ${(performance.now() - started).toFixed(1)} ms: ${models} model${models === 1 ? '' : 's'}`);
    return { ...analysis, diagnostics: applySeverityOverrides(analysis.diagnostics, severities.current) };
  };
}
