/**
 * Every model reader ConvLens has, in one list. The CLI's folder walk, Check Workspace's file
 * glob, the editor's document selectors, the analysis cache's names for untitled documents and
 * the analysis itself all derive from {@link MODEL_READERS}; a unit test holds package.json's
 * activation events and menus to it. A new format is its reader module plus one line here.
 */
import type { AnalyzeOptions } from '../analyzeOptions';
import type { ParsedFile } from '../ir';
import { MAX_TYPESCRIPT_ITEMS, MAX_YAML_ITEMS, typeScriptNestingDepth, yamlNestingDepth, type TextBudget } from '../limits';
import { looksLikeKerasJson, readKerasJson } from './kerasJson/kerasJson';
import { JAVASCRIPT_EXTENSIONS, looksLikeTypeScriptModel, readTypeScriptModels, TYPESCRIPT_EXTENSIONS } from './typescript/typescriptModel';
import { looksLikeUltralyticsModel, readUltralyticsModel } from './ultralytics/ultralyticsModel';
import { looksLikeYamlModel, readYamlModels } from './yaml/yamlModel';

/** A VS Code language id and the file extensions (lower case, with the dot) that ConvLens reads as it. */
export interface ReaderLanguage {
  readonly id: string;
  readonly extensions: readonly string[];
}

/**
 * A reader of one model format. Its {@link TextBudget} (item budget, nesting scan, description)
 * bounds what it is given; `sniff` and `read` are only called for files of its languages.
 */
export interface ModelReader extends TextBudget {
  /** A stable name: `yaml`, `json`, `typescript`. */
  readonly id: string;
  /** The languages it reads, as VS Code names them, with their file extensions. */
  readonly languages: readonly ReaderLanguage[];
  /** A cheap test on the text, before any parsing, that the file may define a model of this format. */
  sniff(text: string, fileName: string): boolean;
  /** Reads every model in the file. Rejects only on a bug (an `internal-error`); bad input becomes diagnostics. */
  read(text: string, fileName: string, options: AnalyzeOptions): Promise<ParsedFile>;
}

/** Every reader, in the order they are tried when several read the same extension. */
export const MODEL_READERS: readonly ModelReader[] = [
  {
    id: 'yaml',
    description: 'YAML',
    languages: [{ id: 'yaml', extensions: ['.yaml', '.yml'] }],
    itemBudget: MAX_YAML_ITEMS,
    nestingDepth: yamlNestingDepth,
    sniff: (text) => looksLikeYamlModel(text),
    read: async (text, fileName, options) => readYamlModels(text, fileName, options),
  },
  {
    id: 'json',
    description: 'JSON',
    languages: [{ id: 'json', extensions: ['.json'] }],
    // Our own JSON parser is fast enough for any text ConvLens reads, and bounds its own nesting.
    itemBudget: Infinity,
    sniff: (text) => looksLikeKerasJson(text),
    read: async (text) => readKerasJson(text),
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
    read: (text, fileName, options) => Promise.resolve(readTypeScriptModels(text, fileName, options)),
  },
  {
    id: 'ultralytics',
    description: 'Ultralytics YOLO YAML',
    languages: [{ id: 'yaml', extensions: ['.yaml', '.yml'] }],
    itemBudget: MAX_YAML_ITEMS,
    nestingDepth: yamlNestingDepth,
    // A file matches at most one YAML reader: ConvLens YAML (tried first) keeps what it sniffs.
    sniff: (text) => looksLikeUltralyticsModel(text) && !looksLikeYamlModel(text),
    read: async (text, fileName, options) => readUltralyticsModel(text, fileName, options),
  },
];

const languages = MODEL_READERS.flatMap((reader) => reader.languages);

/** Every extension some reader reads (`.yaml`, `.yml`, `.json`, `.ts`, …), each once. */
export const MODEL_FILE_EXTENSIONS: readonly string[] = [...new Set(languages.flatMap((language) => language.extensions))];

/** Every VS Code language id some reader reads, each once. */
export const MODEL_LANGUAGE_IDS: readonly string[] = [...new Set(languages.map((language) => language.id))];

/** The extension of a file name, lower case with its dot (`.yaml`); empty when it has none. */
function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > fileName.lastIndexOf('/') && dot > fileName.lastIndexOf('\\') ? fileName.slice(dot).toLowerCase() : '';
}

/** The readers of a file name's extension (none for files ConvLens never reads). */
export function readersForFileName(fileName: string): ModelReader[] {
  const extension = extensionOf(fileName);
  return MODEL_READERS.filter((reader) => reader.languages.some((language) => language.extensions.includes(extension)));
}

/** Whether some reader reads files with this name's extension (the CLI's folder walk). */
export function isModelFileName(fileName: string): boolean {
  return MODEL_FILE_EXTENSIONS.includes(extensionOf(fileName));
}

/** The reader for a file, by its extension and then its content; undefined when no reader's sniff accepts it. */
export function readerFor(text: string, fileName: string): ModelReader | undefined {
  return readersForFileName(fileName).find((reader) => reader.sniff(text, fileName));
}

/** The first extension of a language (`.yaml` for `yaml`), to name an untitled document; undefined for languages ConvLens does not read. */
export function extensionOfLanguage(languageId: string): string | undefined {
  return languages.find((language) => language.id === languageId)?.extensions[0];
}
