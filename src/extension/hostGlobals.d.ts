// Timers, the clock and text decoding exist in both extension hosts (Node and the web worker); the
// extension's tsconfig includes neither the DOM nor the Node types, so declare just these.
declare function setTimeout(callback: () => void, milliseconds: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare const performance: { now(): number };
declare class TextDecoder {
  constructor(label?: string);
  decode(input: Uint8Array): string;
}
// The web worker host's fetch (it maps file: and vscode-remote: URIs to browser URLs).
declare function fetch(url: string): Promise<{ ok: boolean; status: number; text(): Promise<string> }>;
