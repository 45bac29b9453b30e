import type * as vscode from 'vscode';
import type { AnalysisCache } from './analysisCache';

/** What every editor feature gets from `activateShared`. */
export interface FeatureDeps {
  readonly cache: AnalysisCache;
  readonly log: vscode.LogOutputChannel;
}

/** Features that publish problems share one collection (the live checker and Check Workspace). */
export interface DiagnosticDeps extends FeatureDeps {
  readonly collection: vscode.DiagnosticCollection;
}

/**
 * Runs a provider's work so that a failure never escapes into the shared extension host: errors
 * are logged and the provider answers `fallback`, as it does when the request is cancelled.
 */
export async function safely<T>(
  log: vscode.LogOutputChannel,
  feature: string,
  fallback: T,
  token: vscode.CancellationToken | undefined,
  work: () => Promise<T>,
): Promise<T> {
  try {
    const result = await work();
    return token?.isCancellationRequested ? fallback : result;
  } catch (error) {
    log.error(`${feature} failed`, error);
    return fallback;
  }
}
