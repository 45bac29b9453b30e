/**
 * The Ultralytics releases ConvLens reads YOLO model YAML as, by name only: what the CLI's
 * `--ultralytics` and the editor's `convlens.ultralytics.version` accept, without the module
 * library (`formats/ultralytics/releases.ts`), so the extension's activation does not load it.
 */

/** The releases an analysis can read a YOLO file as (`AnalyzeOptions.ultralyticsVersion`). */
export const ULTRALYTICS_VERSIONS = ['8.3', '8.4'] as const;

export type UltralyticsVersion = (typeof ULTRALYTICS_VERSIONS)[number];

/** The current release, read when the caller names none. */
export const DEFAULT_ULTRALYTICS_VERSION: UltralyticsVersion = '8.4';

/**
 * The editor setting `convlens.ultralytics.version` as a release: its value where it names one,
 * else the current release and one sentence saying why.
 */
export function parseUltralyticsVersion(raw: unknown): { value: UltralyticsVersion; problems: string[] } {
  const value = ULTRALYTICS_VERSIONS.find((version) => version === raw);
  if (value !== undefined || raw === undefined || raw === null) return { value: value ?? DEFAULT_ULTRALYTICS_VERSION, problems: [] };
  return { value: DEFAULT_ULTRALYTICS_VERSION, problems: [`${JSON.stringify(raw)} is not an Ultralytics release ConvLens reads (${ULTRALYTICS_VERSIONS.join(', ')}); reading ${DEFAULT_ULTRALYTICS_VERSION}`] };
}
