import type * as vscode from 'vscode';
import { MODEL_LANGUAGE_IDS } from '../core/formats/modelFormats';

// `vscode-test-web` is the scheme under which @vscode/test-web serves a folder (`npm start`, tests).
const SCHEMES = ['file', 'untitled', 'vscode-vfs', 'vscode-test-web'];

/** The documents ConvLens reads: the model readers' languages on local, untitled and virtual file systems. */
export const MODEL_SELECTOR: vscode.DocumentFilter[] = MODEL_LANGUAGE_IDS.flatMap((language) => SCHEMES.map((scheme) => ({ language, scheme })));
