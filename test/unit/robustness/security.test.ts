// The preview page's HTML and the message validators as an attacker would probe them (SPEC.md §3:
// strict CSP with a nonce, no remote content; STYLE.md: the host validates what it receives), and
// a scan of the sources for any way to run workspace text as code.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import type { PreviewContent } from '../../../src/core/previewProtocol';
import { parseContent, parseHostMessage, parsePageMessage } from '../../../src/core/previewProtocol';
import { escapeAttribute, makeNonce, renderPreviewHtml, type PreviewPageResources } from '../../../src/extension/previewHtml';
import { Random } from '../../fuzz/random';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const resources = (nonce: string): PreviewPageResources => ({
  cspSource: CSP_SOURCE,
  nonce,
  scriptUri: `${CSP_SOURCE}/ext/dist/webview/preview.js`,
  workerUri: `${CSP_SOURCE}/ext/dist/webview/kernelWorker.js`,
  kernelWasmUri: `${CSP_SOURCE}/ext/dist/webview/convKernel.wasm`,
  styleUri: `${CSP_SOURCE}/ext/media/preview.css`,
});

/** A layer whose every string comes from the model file, written to break out of the page. */
const HOSTILE = `"'><script>alert(1)</script><img src=x onerror=alert(2)>&amp;</textarea>`;
const content: PreviewContent = {
  layer: {
    target: { uri: `file:///w/${HOSTILE}.yaml`, modelIndex: 0, layerIndex: 1 },
    label: `${HOSTILE} · ConvTranspose2d · x.yaml`,
    framework: 'pytorch',
    rank: 2,
    inputSpatial: [4, 4],
    params: { kernel: [4, 4], stride: [2, 2], padBegin: [1, 1], padEnd: [1, 1], outputPadding: [0, 0], dilation: [1, 1] },
    writable: ['kernel', 'stride', 'padding', 'outputPadding', 'dilation'],
    paddingMode: 'symmetric',
    paramNames: { kernel: HOSTILE, stride: 'stride', padding: 'padding', outputPadding: 'output_padding', dilation: 'dilation' },
    notes: [HOSTILE],
  },
  memoryLimitMB: 256,
};

function cspOf(html: string): Map<string, string[]> {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'the page has a CSP meta tag');
  const policy = match[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return new Map(policy.split(';').map((directive) => {
    const [name, ...values] = directive.trim().split(/\s+/);
    return [name, values] as [string, string[]];
  }));
}

function unescapeAttribute(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('security: the preview page', () => {
  const nonce = makeNonce((bytes) => crypto.getRandomValues(bytes));
  const html = renderPreviewHtml(resources(nonce), content);

  it("has a CSP with default-src 'none', scripts by nonce only, and no unsafe-inline or unsafe-eval", () => {
    const csp = cspOf(html);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    // 'wasm-unsafe-eval' compiles the kernel's WebAssembly module and allows no JavaScript eval.
    assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`, "'wasm-unsafe-eval'"]);
    assert.deepEqual(csp.get('style-src'), [CSP_SOURCE]);
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    assert.deepEqual(csp.get('form-action'), ["'none'"]);
    assert.doesNotMatch(html, /unsafe-inline|(?<!wasm-)unsafe-eval|unsafe-hashes|strict-dynamic/);
    // Every source a directive allows is the extension's own origin, the nonce, or the worker's blob URL.
    for (const [name, values] of csp) {
      for (const value of values) assert.ok([CSP_SOURCE, "'none'", `'nonce-${nonce}'`, "'wasm-unsafe-eval'", 'blob:'].includes(value), `${name} allows ${value}`);
    }
  });

  it('carries its one script with the nonce and nothing inline', () => {
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0][0].startsWith(`<script nonce="${nonce}" src="${CSP_SOURCE}/`), scripts[0][0]);
    assert.equal(scripts[0][1], '', 'no inline script body');
    // The markup itself, without the escaped model text of `data-state`.
    const markup = html.replace(/data-state="[^"]*"/, '');
    assert.doesNotMatch(markup, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.doesNotMatch(markup, /<style\b|style="/i, 'no inline styles');
  });

  it('loads nothing remote: every URL in the page and its stylesheet is the extension’s own', () => {
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>;]+/g)].map((match) => match[0]);
    assert.ok(urls.length > 0);
    for (const url of urls) assert.ok(url.startsWith(`${CSP_SOURCE}/`) || url === CSP_SOURCE, url);
    const css = readFileSync('media/preview.css', 'utf8');
    assert.doesNotMatch(css, /url\(|@import|https?:/i);
    // The page script builds its DOM itself: the only URL literal in it is the SVG namespace.
    for (const file of sourceFiles('src/webview')) {
      const text = readFileSync(file, 'utf8');
      for (const [url] of text.matchAll(/https?:\/\/[^\s'"`)]+/g)) assert.equal(url, 'http://www.w3.org/2000/svg', `${file}: ${url}`);
    }
  });

  it('puts the model file’s strings only into an escaped data attribute, where they read back intact', () => {
    assert.equal(html.split('<script').length - 1, 1, 'the hostile label added no script element');
    assert.doesNotMatch(html, /<img/);
    const state = /data-state="([^"]*)"/.exec(html);
    assert.ok(state);
    assert.deepEqual(parseContent(JSON.parse(unescapeAttribute(state[1]))), { ...content, message: undefined });
    assert.equal(escapeAttribute(`<>"'&`), '&lt;&gt;&quot;&#39;&amp;');
  });

  it('takes a fresh 128-bit nonce from crypto.getRandomValues for every render', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => makeNonce((bytes) => crypto.getRandomValues(bytes))));
    assert.equal(nonces.size, 1000);
    for (const value of nonces) assert.match(value, /^[0-9a-f]{32}$/);
    const again = makeNonce((bytes) => crypto.getRandomValues(bytes));
    assert.deepEqual(cspOf(renderPreviewHtml(resources(again), content)).get('script-src')?.[0], `'nonce-${again}'`);
    assert.notEqual(again, nonce);
    // The host renders with exactly this source of randomness.
    assert.match(readFileSync('src/extension/previewPanel.ts', 'utf8'), /nonce: makeNonce\(\(bytes\) => crypto\.getRandomValues\(bytes\)\)/);
  });
});

describe('security: messages between the page and the host', () => {
  const valid = {
    type: 'apply',
    target: { uri: 'file:///w/a.yaml', modelIndex: 0, layerIndex: 2 },
    params: { kernel: [4, 4], stride: [2, 2], padBegin: [1, 1], padEnd: [1, 1], outputPadding: [0, 0], dilation: [1, 1] },
    keys: ['kernel', 'stride'],
  };

  it('accepts a well-formed apply and copies out only the known fields', () => {
    const parsed = parsePageMessage({ ...valid, extra: 'dropped', params: { ...valid.params, evil: [1] } });
    assert.deepEqual(parsed, valid);
  });

  it('drops malformed page messages', () => {
    const malformed: unknown[] = [
      null, undefined, 0, 'ready', [], [{ type: 'ready' }], { type: 'Ready' }, { type: 'eval' }, { type: ['ready'] },
      { type: 'requestImage', requestId: -1, path: 'a.png' },
      { type: 'requestImage', requestId: 1.5, path: 'a.png' },
      { type: 'requestImage', requestId: 2 ** 53, path: 'a.png' },
      { type: 'requestImage', requestId: 1, path: { toString: () => 'a.png' } },
      { ...valid, target: { ...valid.target, modelIndex: -1 } },
      { ...valid, target: { ...valid.target, layerIndex: NaN } },
      { ...valid, target: { ...valid.target, uri: 42 } },
      { ...valid, params: { ...valid.params, stride: [2] } },
      { ...valid, params: { ...valid.params, stride: [2, -2] } },
      { ...valid, params: { ...valid.params, stride: [2, 2.5] } },
      { ...valid, params: { ...valid.params, stride: [2, Infinity] } },
      { ...valid, params: { ...valid.params, stride: ['2', 2] } },
      { ...valid, params: { ...valid.params, dilation: undefined } },
      { ...valid, params: Object.fromEntries(Object.entries(valid.params).map(([key]) => [key, [1, 1, 1, 1]])) },
      { ...valid, params: Object.fromEntries(Object.entries(valid.params).map(([key]) => [key, []])) },
      { ...valid, keys: ['kernel', 'constructor'] },
      { ...valid, keys: 'kernel' },
      JSON.parse('{"type": "apply", "__proto__": {"target": {"uri": "x", "modelIndex": 0, "layerIndex": 0}}}'),
    ];
    for (const message of malformed) assert.equal(parsePageMessage(message), undefined, JSON.stringify(message));
  });

  it('drops malformed host messages (the page side)', () => {
    const malformed: unknown[] = [
      { type: 'content', layer: null, memoryLimitMB: 0 },
      { type: 'content', layer: null, memoryLimitMB: NaN },
      { type: 'content', layer: null, memoryLimitMB: 256, message: 3 },
      { type: 'content', layer: { ...content.layer, rank: 4 }, memoryLimitMB: 256 },
      { type: 'content', layer: { ...content.layer, inputSpatial: [4, 0] }, memoryLimitMB: 256 },
      { type: 'content', layer: { ...content.layer, framework: 'caffe' }, memoryLimitMB: 256 },
      { type: 'content', layer: { ...content.layer, writable: ['everything'] }, memoryLimitMB: 256 },
      { type: 'image', requestId: 1, path: 'a.png', bytes: [0, 256] },
      { type: 'image', requestId: 1, path: 'a.png', bytes: 'AAAA' },
      { type: 'imageList', files: ['a.png', 3] },
      { type: 'applyResult', ok: 'yes', message: '' },
    ];
    for (const message of malformed) assert.equal(parseHostMessage(message), undefined, JSON.stringify(message));
  });

  it('never throws on random values, and whatever passes has the declared shape', () => {
    const random = new Random(7);
    const leaf = (): unknown =>
      random.pick([0, -1, 1, 2, 3, 1.5, NaN, Infinity, 2 ** 53, '', 'ready', 'apply', 'content', 'requestImage', null, undefined, true, 'kernel', 'x.png']);
    const value = (depth: number): unknown => {
      if (depth > 3 || random.chance(0.4)) return leaf();
      if (random.chance(0.3)) return Array.from({ length: random.below(4) }, () => value(depth + 1));
      const keys = ['type', 'target', 'params', 'keys', 'uri', 'modelIndex', 'layerIndex', 'kernel', 'stride', 'padBegin', 'padEnd', 'outputPadding', 'dilation', 'requestId', 'path', 'layer', 'memoryLimitMB', 'files', 'bytes', 'ok', 'message'];
      return Object.fromEntries(Array.from({ length: random.below(6) }, () => [random.pick(keys), value(depth + 1)]));
    };
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const candidate = random.chance(0.5) ? { ...valid, ...(value(1) as object) } : value(0);
      const page = parsePageMessage(candidate);
      const host = parseHostMessage(candidate);
      if (page?.type === 'apply') {
        accepted++;
        const lists: number[][] = Object.values(page.params);
        assert.ok(lists.every((list) => list.length === page.params.kernel.length && list.every((n: number) => Number.isSafeInteger(n) && n >= 0)));
        assert.ok(page.params.kernel.length >= 1 && page.params.kernel.length <= 3);
      }
      if (host?.type === 'content') assert.ok(host.memoryLimitMB > 0);
    }
    assert.ok(accepted > 0, 'some random apply messages are well-formed');
  });
});

describe('security: no workspace code is executed', () => {
  it('declares that it runs in untrusted and virtual workspaces (it only parses)', () => {
    // Neither test harness can run untrusted: VS Code for the Web gets no `enableWorkspaceTrust`
    // from @vscode/test-web, and the Node host runs with --disable-workspace-trust.
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { capabilities: Record<string, unknown> };
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces, { supported: true });
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
  });

  it('has no eval, Function constructor or computed import in core, extension or page code but the chunk loader', () => {
    // `new Function` of a chunk's text (web worker host). Imports of string literals name our own
    // modules (`import('./typescriptChunk')` becomes require("./tsParser.js") in the bundles).
    const allowed = new Map([['src/core/lazyChunk.ts', 1]]);
    for (const file of ['src/core', 'src/extension', 'src/webview'].flatMap(sourceFiles)) {
      const code = readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      const uses = [...code.matchAll(/\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(|(?<![\w.])import\s*\(\s*(?!['"][\w@./-]+['"]\s*\))|\bimportScripts\s*\(|setTimeout\s*\(\s*['"`]/g)];
      assert.equal(uses.length, allowed.get(file.replace(/\\/g, '/')) ?? 0, `${file}: ${uses.map((use) => use[0]).join(', ')}`);
    }
  });

  it('reads YAML tags as plain data and bounds alias expansion', async () => {
    const tagged = await analyzeDocument(
      'input: [N, 4, 8, 8]\nlayers:\n  - type: ConvTranspose2d\n    out_channels: !!python/object/apply:os.system ["exit 3"]\n    kernel_size: !custom 3\n',
      'tags.model.yaml',
    );
    assert.equal(tagged.models[0].layers[0].output, null);
    assert.ok(tagged.diagnostics.some((diagnostic) => diagnostic.code === 'invalid-parameter' && /out_channels/.test(diagnostic.message)));
    const levels = Array.from({ length: 8 }, (_, level) => (level === 0 ? 'b0: &b0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]' : `b${level}: &b${level} [${new Array(10).fill(`*b${level - 1}`).join(', ')}]`));
    const bomb = await analyzeDocument(`${levels.join('\n')}\ninput: [N, 4, 8, 8]\nlayers:\n  - type: Conv2d\n    out_channels: 2\n    kernel_size: *b7\n`, 'bomb.model.yaml');
    assert.ok(bomb.diagnostics.some((diagnostic) => /Too many alias expansions \(more than 10000\)/.test(diagnostic.message)));
    assert.equal(bomb.models[0].layers[0].output, null);
  });

  it('evaluates chunks only from the extension’s own dist/analysis.js and dist/tsParser.js', () => {
    const web = readFileSync('src/extension/extensionWeb.ts', 'utf8');
    // Each evaluation takes the text of one chunk the web entry fetched from the extension's own dist/.
    assert.match(web, /fetch\(vscode\.Uri\.joinPath\(context\.extensionUri, 'dist', file\)\.toString\(true\)\)/);
    assert.deepEqual(
      [...web.matchAll(/(evaluateChunk|evaluateTypeScriptParserChunk)\(([^()]*\([^()]*\))*[^()]*\)/g)].map((call) => call[0]),
      ["evaluateChunk(await fetchChunk('analysis.js'))", "evaluateTypeScriptParserChunk(await fetchChunk('tsParser.js'))"],
    );
    const callers = (name: string) =>
      ['src/core', 'src/extension', 'src/webview', 'src/cli.ts']
        .flatMap((path) => (path.endsWith('.ts') ? [path] : sourceFiles(path)))
        .filter((file) => readFileSync(file, 'utf8').includes(`${name}(`))
        .sort();
    assert.deepEqual(callers('evaluateChunk'), ['src/core/formats/typescript/typescriptParser.ts', 'src/core/lazyChunk.ts', 'src/extension/extensionWeb.ts']);
    assert.deepEqual(callers('evaluateTypeScriptParserChunk'), ['src/core/formats/typescript/typescriptParser.ts', 'src/extension/extensionWeb.ts']);
  });
});
