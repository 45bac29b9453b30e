// The preview page's HTML, kept free of `vscode` so the browser test renders exactly this page.
import type { PreviewContent } from '../core/previewProtocol';

export interface PreviewPageResources {
  /** `webview.cspSource`: the origin the page's own resources are served from. */
  cspSource: string;
  /** A fresh random nonce for this page load. */
  nonce: string;
  scriptUri: string;
  workerUri: string;
  /** The kernel's WebAssembly module (dist/webview/convKernel.wasm). */
  kernelWasmUri: string;
  styleUri: string;
}

/** Escapes text for an HTML attribute value in double quotes (and for element content). */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A nonce of 128 random bits, base64-free (hex) so it needs no escaping. */
export function makeNonce(random: (bytes: Uint8Array) => Uint8Array): string {
  return Array.from(random(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The page: strict CSP (nothing by default; the script by nonce; styles, the worker's source, the
 * kernel module and nothing else from the extension's own origin; the kernel worker from a blob
 * URL; WebAssembly compilation but no other eval), and the initial content as an escaped `data-`
 * attribute rather than spliced into a script.
 */
export function renderPreviewHtml(resources: PreviewPageResources, content: PreviewContent): string {
  const { cspSource, nonce } = resources;
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    // 'wasm-unsafe-eval' lets the page (and its blob worker, which inherits this policy) compile
    // the kernel module; it allows no JavaScript eval.
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    // The worker's script and the kernel module are fetched from the extension; the worker
    // starts from a blob URL and receives the module's bytes from the page.
    `connect-src ${cspSource}`,
    'worker-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(resources.styleUri)}">
<title>Upsampling preview</title>
</head>
<body data-state="${escapeAttribute(JSON.stringify(content))}" data-worker-uri="${escapeAttribute(resources.workerUri)}" data-kernel-wasm-uri="${escapeAttribute(resources.kernelWasmUri)}">
<main id="app" aria-live="off"></main>
<script nonce="${nonce}" src="${escapeAttribute(resources.scriptUri)}"></script>
</body>
</html>
`;
}
