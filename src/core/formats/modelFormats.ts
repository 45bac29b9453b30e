/**
 * Every model format ConvLens reads, in one list, without its reader: the languages and file
 * extensions, the cheap text test that picks the format, and what its reader can afford to parse.
 * The CLI's folder walk, Check Workspace's file glob, the editor's document selectors and the
 * analysis cache's names for untitled documents derive from {@link MODEL_FORMATS}; a unit test
 * holds package.json's activation events and menus to it. Light on purpose: the extension's
 * activation bundle decides with it whether a document may hold a model before it loads the
 * analysis (SPEC §6), whose readers (`registry.ts`) live in the lazily loaded chunk. A new format
 * is its reader module, one entry here and one line in `registry.ts`.
 */
import { MAX_TYPESCRIPT_ITEMS, MAX_YAML_ITEMS, typeScriptNestingDepth, yamlNestingDepth, type TextBudget } from '../limits';
import { importsTfjs, type FileReader } from './typescript/tfjsImports';
import { JAVASCRIPT_EXTENSIONS, looksLikeTypeScriptModel, TYPESCRIPT_EXTENSIONS } from './typescript/typescriptModel';

/** A VS Code language id and the file extensions (lower case, with the dot) that ConvLens reads as it. */
export interface ReaderLanguage {
  readonly id: string;
  readonly extensions: readonly string[];
}

/** The formats, by the name of their reader. */
export type ModelFormatId = 'yaml' | 'json' | 'typescript' | 'ultralytics';

/**
 * One model format. Its {@link TextBudget} (item budget, nesting scan, description) bounds what
 * its reader is given; `sniff` is only called for files of its languages.
 */
export interface ModelFormat extends TextBudget {
  /** A stable name: `yaml`, `json`, `typescript`. */
  readonly id: ModelFormatId;
  /** The languages it is read as, as VS Code names them, with their file extensions. */
  readonly languages: readonly ReaderLanguage[];
  /** A cheap test on the text, before any parsing, that the file may define a model of this format. */
  sniff(text: string, fileName: string): boolean;
}

/** A cheap test that runs before any parsing: top-level `layers:` and `input:`/`inputs:` keys. */
export function looksLikeYamlModel(text: string): boolean {
  return /^["']?layers["']?[ \t]*:/m.test(text) && /^["']?inputs?["']?[ \t]*:/m.test(text);
}

/** A cheap test that runs before any parsing: a Keras model class name. */
export function looksLikeKerasJson(text: string): boolean {
  return /"class_name"\s*:\s*"(?:Sequential|Functional|Model)"/.test(text);
}

/** A cheap test before parsing: top-level `backbone:` and `head:` keys, and not a ConvLens YAML model. */
export function looksLikeUltralyticsModel(text: string): boolean {
  return /^["']?backbone["']?[ \t]*:/m.test(text) && /^["']?head["']?[ \t]*:/m.test(text);
}

/** Every format, in the order they are tried when several share an extension. */
export const MODEL_FORMATS: readonly ModelFormat[] = [
  {
    id: 'yaml',
    description: 'YAML',
    languages: [{ id: 'yaml', extensions: ['.yaml', '.yml'] }],
    itemBudget: MAX_YAML_ITEMS,
    nestingDepth: yamlNestingDepth,
    sniff: (text) => looksLikeYamlModel(text),
  },
  {
    id: 'json',
    description: 'JSON',
    languages: [{ id: 'json', extensions: ['.json'] }],
    // Our own JSON parser is fast enough for any text ConvLens reads, and bounds its own nesting.
    itemBudget: Infinity,
    sniff: (text) => looksLikeKerasJson(text),
  },
  {
    id: 'typescript',
    description: 'TypeScript and JavaScript',
    languages: [
      { id: 'typescript', extensions: TYPESCRIPT_EXTENSIONS },
      { id: 'javascript', extensions: JAVASCRIPT_EXTENSIONS },
    ],
    itemBudget: MAX_TYPESCRIPT_ITEMS,
    nestingDepth: typeScriptNestingDepth,
    sniff: (text) => looksLikeTypeScriptModel(text),
  },
  {
    id: 'ultralytics',
    description: 'Ultralytics YOLO YAML',
    languages: [{ id: 'yaml', extensions: ['.yaml', '.yml'] }],
    itemBudget: MAX_YAML_ITEMS,
    nestingDepth: yamlNestingDepth,
    // A file matches at most one YAML format: ConvLens YAML (tried first) keeps what it sniffs.
    sniff: (text) => looksLikeUltralyticsModel(text) && !looksLikeYamlModel(text),
  },
];

const languages = MODEL_FORMATS.flatMap((format) => format.languages);

/** Every extension some format is read from (`.yaml`, `.yml`, `.json`, `.ts`, …), each once. */
export const MODEL_FILE_EXTENSIONS: readonly string[] = [...new Set(languages.flatMap((language) => language.extensions))];

/** Every VS Code language id some format is read as, each once. */
export const MODEL_LANGUAGE_IDS: readonly string[] = [...new Set(languages.map((language) => language.id))];

/** The extension of a file name, lower case with its dot (`.yaml`); empty when it has none. */
function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > fileName.lastIndexOf('/') && dot > fileName.lastIndexOf('\\') ? fileName.slice(dot).toLowerCase() : '';
}

/** The formats of a file name's extension (none for files ConvLens never reads). */
export function formatsForFileName(fileName: string): ModelFormat[] {
  const extension = extensionOf(fileName);
  return MODEL_FORMATS.filter((format) => format.languages.some((language) => language.extensions.includes(extension)));
}

/** Whether some format is read from files with this name's extension (the CLI's folder walk). */
export function isModelFileName(fileName: string): boolean {
  return MODEL_FILE_EXTENSIONS.includes(extensionOf(fileName));
}

/** The format of a file, by its extension and then its content; undefined when no format's sniff accepts it (the file holds no model). */
export function formatFor(text: string, fileName: string): ModelFormat | undefined {
  return formatsForFileName(fileName).find((format) => format.sniff(text, fileName));
}

/**
 * The format of a file that no sniff accepts but that may build a model through the workspace
 * files it imports: a TypeScript/JavaScript file one of whose imports names TF.js (`tfjsImports.ts`
 * scans their text, through `readFile`). Undefined for any other file, without reading anything
 * where it has no relative import.
 */
export async function formatThroughImports(text: string, fileName: string, readFile: FileReader | undefined): Promise<ModelFormat | undefined> {
  const typescript = formatsForFileName(fileName).find((format) => format.id === 'typescript');
  return typescript && (await importsTfjs(text, fileName, readFile)) ? typescript : undefined;
}

/** The first extension of a language (`.yaml` for `yaml`), to name an untitled document; undefined for languages ConvLens does not read. */
export function extensionOfLanguage(languageId: string): string | undefined {
  return languages.find((language) => language.id === languageId)?.extensions[0];
}
