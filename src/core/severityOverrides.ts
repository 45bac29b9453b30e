/**
 * Per-code severities chosen by the user (`convlens.diagnostics.severity` in the editor, a config
 * file or flags in the CLI), as ESLint's rule levels: a code can be raised, lowered or turned off.
 */
import { type Diagnostic, type DiagnosticCode, SEVERITY, type Severity } from './diagnostics';

export type SeverityLevel = Severity | 'off';
export type SeverityOverrides = Partial<Record<DiagnosticCode, SeverityLevel>>;

/** Every level a code can be set to, lowest last. */
export const LEVELS: readonly SeverityLevel[] = ['error', 'warning', 'info', 'off'];

/**
 * Reads overrides from an untrusted value (settings JSON, a config file): unknown codes and
 * levels are reported, never silently dropped. `internal-error` cannot be lowered (our bugs stay visible).
 */
export function parseSeverityOverrides(value: unknown): { overrides: SeverityOverrides; problems: string[] } {
  const overrides: SeverityOverrides = {};
  const problems: string[] = [];
  if (value === undefined || value === null) return { overrides, problems };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { overrides, problems: ['severities must be an object mapping diagnostic codes to "error", "warning", "info" or "off"'] };
  }
  for (const [code, level] of Object.entries(value as Record<string, unknown>)) {
    if (!Object.hasOwn(SEVERITY, code)) {
      problems.push(`unknown diagnostic code '${code}' (known: ${Object.keys(SEVERITY).join(', ')})`);
    } else if (typeof level !== 'string' || !LEVELS.includes(level as SeverityLevel)) {
      problems.push(`'${code}': the level must be one of ${LEVELS.join(', ')}, not ${JSON.stringify(level)}`);
    } else if (code === 'internal-error' && level !== 'error') {
      problems.push(`'internal-error' stays an error: it reports a bug in ConvLens, not in the model`);
    } else {
      overrides[code as DiagnosticCode] = level as SeverityLevel;
    }
  }
  return { overrides, problems };
}

/** The diagnostics with the chosen severities; those set to `off` are left out. */
export function applySeverityOverrides(diagnostics: readonly Diagnostic[], overrides: SeverityOverrides): Diagnostic[] {
  const result: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const level = overrides[diagnostic.code];
    if (level === 'off') continue;
    result.push(level === undefined || level === diagnostic.severity ? diagnostic : { ...diagnostic, severity: level });
  }
  return result;
}
