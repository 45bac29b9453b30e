/**
 * Per-code severities for the CLI, as ESLint's rule levels: from a config file (`--config FILE`,
 * else `convlens.json` or `.convlensrc.json` in the current folder) and `--severity` flags, which
 * win. Both go through core's `parseSeverityOverrides`, as the editor's setting does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
// The ES module build, as in formats/kerasJson/jsonSource.ts: its UMD build loads its parts in a way bundlers cannot follow.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { LineIndex } from '../core/lineIndex';
import { parseSeverityOverrides, type SeverityOverrides } from '../core/severityOverrides';
import { InputError, UsageError, type CheckOptions } from './arguments';

/** The config files looked for in the current folder, in this order. */
export const CONFIG_FILE_NAMES = ['convlens.json', '.convlensrc.json'];

const CONFIG_KEYS = ['severity'];

/** The config file to read: `--config FILE`, else the first of {@link CONFIG_FILE_NAMES} that exists, else none. */
function configPath(options: CheckOptions, cwd: string): string | undefined {
  if (options.config !== undefined) {
    if (!existsSync(resolve(cwd, options.config))) throw new InputError(`no such file or directory: ${options.config}`);
    return options.config;
  }
  return CONFIG_FILE_NAMES.find((name) => existsSync(resolve(cwd, name)));
}

/** The `severity` object of a config file; comments and trailing commas are allowed, as in VS Code's settings. */
function readConfigSeverity(path: string, cwd: string): unknown {
  const text = readFileSync(resolve(cwd, path), 'utf8');
  const errors: ParseError[] = [];
  const config: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const at = new LineIndex(text).position(errors[0].offset);
    throw new InputError(`${path}:${at.line}:${at.column}: invalid JSON (${printParseErrorCode(errors[0].error)})`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new InputError(`${path}: the config must be a JSON object, e.g. {"severity": {"uneven-overlap": "off"}}`);
  const unknown = Object.keys(config).filter((key) => !CONFIG_KEYS.includes(key));
  if (unknown.length > 0) throw new InputError(`${path}: unknown key '${unknown[0]}' (known: ${CONFIG_KEYS.join(', ')})`);
  return (config as { severity?: unknown }).severity;
}

/** The severities in force: the config file's, then the `--severity` flags over them. */
export function severityOverrides(options: CheckOptions, cwd: string): SeverityOverrides {
  const path = configPath(options, cwd);
  const fromFile = path === undefined ? { overrides: {}, problems: [] } : parseSeverityOverrides(readConfigSeverity(path, cwd));
  if (fromFile.problems.length > 0) throw new InputError(`${path}: severity: ${fromFile.problems.join('; ')}`);
  const fromFlags = parseSeverityOverrides(options.severity);
  if (fromFlags.problems.length > 0) throw new UsageError(`--severity: ${fromFlags.problems.join('; ')}`);
  return { ...fromFile.overrides, ...fromFlags.overrides };
}
