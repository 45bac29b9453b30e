/**
 * What a caller may tell the analysis besides the text (SPEC.md §5), and where ConvLens reports
 * its own failures.
 */
import { Code, SEVERITY, type Diagnostic } from './diagnostics';
import type { Span } from './ir';
import type { UltralyticsVersion } from './ultralyticsVersions';

/**
 * Where ConvLens reports its own failures, with their stacks: the extension passes its
 * `LogOutputChannel`, the CLI writes to stderr. Analysis logs nothing else through it.
 */
export interface Logger {
  error(message: string, error: unknown): void;
}

/**
 * Options of an analysis, handed to the readers and the engine: `defines` bind symbols of every
 * model before its shapes are computed (and give Ultralytics its image size `H`/`W`), `scale` is
 * Ultralytics', `readFile` is for imports between files.
 */
export interface AnalyzeOptions {
  /** Values for symbolic dimensions (`--define H=640`), bound for the whole analysis. */
  defines?: Record<string, number>;
  /** The Ultralytics scale letter (`--scale s`). */
  scale?: string;
  /**
   * The Ultralytics release YOLO model YAML is read as (`--ultralytics 8.3`): its `parse_model`
   * and module signatures. Default: the current release, 8.4.
   */
  ultralyticsVersion?: UltralyticsVersion;
  /**
   * Reads another file of the workspace (an import); undefined when it cannot be read, does not
   * exist or lies outside the workspace. `path` is the import resolved against the folder of the
   * analysed `fileName`, in the same form (`/`-separated; absolute when `fileName` is, else
   * relative to the same base); the hosts decide what the workspace is (the CLI: `src/cli/workspaceFiles.ts`;
   * the extension: `src/extension/workspaceFiles.ts`, which also re-analyses an importer when a
   * file it asked for changes, so a path tried and not found is worth asking for too).
   */
  readFile?: (path: string) => Promise<string | undefined>;
  /** Receives the stack of any failure inside ConvLens (an `internal-error` diagnostic). */
  logger?: Logger;
}

/**
 * The diagnostic for an exception inside ConvLens — a bug of ours, never blamed on the model
 * (SPEC.md §2 `internal-error`) — on a layer when `layer` names it, else on the file. The stack
 * goes to the logger; the message says to look there.
 */
export function internalError(error: unknown, span: Span, logger: Logger | undefined, layer?: string): Diagnostic {
  logger?.error(layer === undefined ? 'ConvLens failed on this file' : `ConvLens failed on layer '${layer}'`, error);
  const reason = error instanceof Error ? error.message : String(error);
  return {
    code: Code.internalError,
    severity: SEVERITY[Code.internalError],
    message: `ConvLens failed on this ${layer === undefined ? 'file' : 'layer'} — a bug in ConvLens, not in the model; see the log (${reason}).`,
    span,
    ...(layer !== undefined && { layer }),
  };
}
