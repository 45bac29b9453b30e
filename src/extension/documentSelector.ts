import type * as vscode from 'vscode';

const LANGUAGES = ['yaml', 'json', 'typescript', 'javascript'];
// `vscode-test-web` is the scheme under which @vscode/test-web serves a folder (`npm start`, tests).
const SCHEMES = ['file', 'untitled', 'vscode-vfs', 'vscode-test-web'];

/** The documents ConvLens reads: model languages on local, untitled and virtual file systems. */
export const MODEL_SELECTOR: vscode.DocumentFilter[] = LANGUAGES.flatMap((language) => SCHEMES.map((scheme) => ({ language, scheme })));
