/** The command line of `convlens check` (SPEC.md §4), read with `node:util`'s `parseArgs`. */
import { parseArgs } from 'node:util';
import { MODEL_FILE_EXTENSIONS } from '../core/formats/modelFormats';
import { DIMENSION_NAME } from '../core/defines';
import { ULTRALYTICS_VERSIONS, type UltralyticsVersion } from '../core/ultralyticsVersions';

export const USAGE = `Usage: convlens check [options] PATH...
       convlens --help | --version

Checks neural-network model definitions for shape errors without running them: ConvLens YAML,
Keras/TF.js JSON configs, and TensorFlow.js or ConvLens models in TypeScript/JavaScript. PATH is
a file or a folder; folders are searched recursively for ${MODEL_FILE_EXTENSIONS.map((extension) => `*${extension}`).join(', ')}
files that define models (node_modules and hidden folders are skipped). A file named on the
command line is always reported, even without a model.

Like a compiler or a linter, it prints the problems and a count; the layer tables come on request.

Options:
  --format text       (default) one compiler-style line per problem, "path:line:col: severity
                      code: message", with the source line, a caret under the problem and
                      "note:" lines for related places; then the layer tables if --tables is
                      given; last, a count of files, models, errors and warnings
  --format json       the stable JSON report: {"version": 1, "files": [{"path", "models",
                      "diagnostics"}], "summary": {"files", "models", "errors", "warnings"}},
                      lines and columns 1-based, an unknown shape null and an unknown dimension
                      "?"; each diagnostic lists its related places as "related"
  --format github     GitHub Actions workflow commands ("::error file=…,line=…::message"), which
                      annotate the lines in the pull request; then the count
  --tables            text format: also print, per model, a table of its layers like Keras
                      summary() (name, type, input and output shape, parameters)
  --no-tables         leave the tables out (the default)
  --max-warnings N    exit 1 when more than N warnings are reported, as ESLint does
  --severity CODE=LEVEL
                      set the severity of a diagnostic code: error, warning, info or off
                      (repeatable), e.g. --severity uneven-overlap=off; overrides the config file
  --config FILE       read severities from FILE, {"severity": {"CODE": "LEVEL", …}}; without it,
                      convlens.json or .convlensrc.json in the current folder is read if present
  --define NAME=INT   bind the symbolic dimension NAME to a positive integer for the whole run
                      (repeatable), e.g. --define H=640
  --scale LETTER      the Ultralytics model scale to read (n, s, m, l, x, …)
  --ultralytics VERSION
                      the Ultralytics release to read YOLO model YAML as: 8.4 (the default,
                      the current release) or 8.3 (its parse_model and module signatures)
  -h, --help          show this help and exit
  --version           print the version and exit

Exit status: 0 when no error was found (warnings allowed up to --max-warnings), 1 when any error
was reported or there were more warnings than --max-warnings, 2 on a usage error or a file that
cannot be read, 3 when ConvLens itself failed (an internal-error diagnostic: a bug of ours, with
its stack on stderr).

Example: convlens check --format github --severity uneven-overlap=off models/`;

/** A mistake on the command line: reported with a pointer to `--help`, exit status 2. */
export class UsageError extends Error {}

/** A path or config file that cannot be read or used: reported in one line, exit status 2. */
export class InputError extends Error {}

export type OutputFormat = 'text' | 'json' | 'github';

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'github'];

/** What `convlens check` was asked to do. */
export interface CheckOptions {
  format: OutputFormat;
  tables: boolean;
  /** Exit 1 when there are more warnings than this (`--max-warnings`); no limit when absent. */
  maxWarnings?: number;
  /** `--severity` flags, as written (code to level); checked with the config file's by `parseSeverityOverrides`. */
  severity: Record<string, string>;
  /** `--config FILE`. */
  config?: string;
  defines: Record<string, number>;
  scale?: string;
  /** `--ultralytics 8.3`: the Ultralytics release YOLO files are read as; the current one when absent. */
  ultralyticsVersion?: UltralyticsVersion;
  paths: string[];
}

/** `NAME=VALUE` split at its first `=`. */
function assignment(option: string, text: string): [name: string, value: string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`${option} takes NAME=VALUE, not '${text}'`);
  return [text.slice(0, at), text.slice(at + 1)];
}

const POSITIVE_INTEGER = /^[1-9][0-9]*$/;

function readDefines(texts: readonly string[]): Record<string, number> {
  const defines: Record<string, number> = {};
  for (const text of texts) {
    const [name, value] = assignment('--define', text);
    if (!DIMENSION_NAME.test(name)) throw new UsageError(`--define: '${name}' is not a dimension name (letters, digits and _, not starting with a digit)`);
    if (!POSITIVE_INTEGER.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new UsageError(`--define ${name}: the value must be a positive integer, not '${value}'`);
    }
    if (Object.hasOwn(defines, name) && defines[name] !== Number(value)) throw new UsageError(`--define ${name} is given twice, as ${defines[name]} and ${value}`);
    defines[name] = Number(value);
  }
  return defines;
}

function readSeverityFlags(texts: readonly string[]): Record<string, string> {
  const severity: Record<string, string> = {};
  for (const text of texts) {
    const [code, level] = assignment('--severity', text);
    severity[code] = level;
  }
  return severity;
}

function readMaxWarnings(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`--max-warnings takes a number of warnings (0 or more), not '${text}'`);
  return Number(text);
}

/** Reads the arguments after `convlens`; throws {@link UsageError} on a mistake. */
export function parseArguments(args: string[]): CheckOptions | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        tables: { type: 'boolean' },
        'no-tables': { type: 'boolean' },
        'max-warnings': { type: 'string' },
        severity: { type: 'string', multiple: true },
        config: { type: 'string' },
        define: { type: 'string', multiple: true },
        scale: { type: 'string' },
        ultralytics: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    // parseArgs's own messages ("Unknown option '--x'", "Option '--format <value>' argument missing").
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  const [command, ...paths] = positionals;
  if (command !== 'check') throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  if (values.format !== undefined && !FORMATS.includes(values.format as OutputFormat)) throw new UsageError(`--format takes ${FORMATS.join(', ')}, not '${values.format}'`);
  if (values.tables && values['no-tables']) throw new UsageError('--tables and --no-tables contradict each other');
  if (values.scale !== undefined && !/^[A-Za-z]$/.test(values.scale)) throw new UsageError(`--scale takes one letter (n, s, m, l, x, …), not '${values.scale}'`);
  const ultralyticsVersion = ULTRALYTICS_VERSIONS.find((version) => version === values.ultralytics);
  if (values.ultralytics !== undefined && ultralyticsVersion === undefined) throw new UsageError(`--ultralytics takes ${ULTRALYTICS_VERSIONS.join(' or ')}, not '${values.ultralytics}'`);
  if (paths.length === 0) throw new UsageError('no PATH given');
  return {
    format: (values.format ?? 'text') as OutputFormat,
    tables: values.tables ?? false,
    maxWarnings: readMaxWarnings(values['max-warnings']),
    severity: readSeverityFlags(values.severity ?? []),
    config: values.config,
    defines: readDefines(values.define ?? []),
    scale: values.scale,
    ...(ultralyticsVersion !== undefined && { ultralyticsVersion }),
    paths,
  };
}
