// Renders the preview page (the host's own HTML, CSP and bundles) in headless Chromium with a stub
// acquireVsCodeApi, and checks what it draws. Run: npm run test:browser (builds the webview first).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// What the tests saw, for a person to look at (ignored by git: a test run leaves the tree clean).
const screenshots = join(root, 'test', '.run', 'browser-screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The page generator, bundled from TypeScript on the fly so the test uses the host's code. */
async function loadRenderer() {
  const { outputFiles } = await esbuild.build({
    entryPoints: [join(root, 'src/extension/previewHtml.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json', '.wasm': 'application/wasm' };
const KERNEL_WASM = '/dist/webview/convKernel.wasm';

/**
 * Serves dist/webview and media like the webview's resource origin, plus the page itself;
 * `withholdWasm()` says whether the kernel module is missing this time.
 */
function serve(pageHtml, withholdWasm) {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (path === '/page.html') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml());
      return;
    }
    if ((!path.startsWith('/dist/webview/') && !path.startsWith('/media/')) || (path === KERNEL_WASM && withholdWasm())) {
      response.writeHead(404).end();
      return;
    }
    try {
      response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(join(root, path)));
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A ConvTranspose2d as the host would describe it. */
function content({ kernel = 3, stride = 2, padding = 0, outputPadding = 0, input = 4, memoryLimitMB = 256 } = {}) {
  const two = (value) => [value, value];
  return {
    memoryLimitMB,
    layer: {
      target: { uri: 'file:///w/decoder.model.yaml', modelIndex: 0, layerIndex: 1 },
      label: 'up1 · ConvTranspose2d · decoder.model.yaml',
      framework: 'pytorch',
      rank: 2,
      inputSpatial: two(input),
      params: { kernel: two(kernel), stride: two(stride), padBegin: two(padding), padEnd: two(padding), outputPadding: two(outputPadding), dilation: two(1) },
      writable: ['kernel', 'stride', 'padding', 'outputPadding', 'dilation'],
      paddingMode: 'symmetric',
      paramNames: { kernel: 'kernel_size', stride: 'stride', padding: 'padding', outputPadding: 'output_padding', dilation: 'dilation' },
      notes: [],
    },
  };
}

/** Overlap count of one axis from the definition: pairs (i, t) with q = i·s − p + t·d. */
function axisOverlap(input, kernel, stride, padding, output) {
  return Array.from({ length: output }, (_, q) => {
    let count = 0;
    for (let i = 0; i < input; i++) for (let t = 0; t < kernel; t++) if (i * stride - padding + t === q) count++;
    return count;
  });
}

/** The page's line saying which kernel computed the data view, once it has computed. */
async function kernelPath(page) {
  await page.waitForSelector('#kernel-path[data-kernel]');
  return page.$eval('#kernel-path', (note) => ({ kernel: note.dataset.kernel, text: note.textContent }));
}

const WASM_PATH = { kernel: 'wasm', text: 'Computed by the WebAssembly kernel (SIMD).' };

/** The output canvas's size and how many colours its interior (all but a one-pixel border) has. */
function outputInterior(page) {
  return page.$eval('#output-canvas', (canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set();
    for (let y = 1; y < canvas.height - 1; y++) for (let x = 1; x < canvas.width - 1; x++) colours.add(data.slice(4 * (y * canvas.width + x), 4 * (y * canvas.width + x) + 3).join(','));
    return { size: [canvas.width, canvas.height], colours: colours.size };
  });
}

describe('upsampling preview page (Chromium)', function () {
  this.timeout(60_000);
  let browser;
  let server;
  let origin;
  let renderer;
  let pageContent;
  /** How the next page is denied the WebAssembly kernel: undefined, 'csp' or 'missing'. */
  let refuseWasm;
  const cspViolations = [];

  before(async () => {
    renderer = await loadRenderer();
    const pageHtml = () => {
      const html = renderer.renderPreviewHtml(
        {
          cspSource: origin,
          nonce: renderer.makeNonce((bytes) => crypto.getRandomValues(bytes)),
          scriptUri: `${origin}/dist/webview/preview.js`,
          workerUri: `${origin}/dist/webview/kernelWorker.js`,
          kernelWasmUri: `${origin}${KERNEL_WASM}`,
          styleUri: `${origin}/media/preview.css`,
        },
        pageContent,
      );
      if (refuseWasm !== 'csp') return html;
      // A host whose policy refuses WebAssembly: the same page without 'wasm-unsafe-eval'
      // (quoted as &#39; inside the meta element's attribute).
      return html.replace(/ &#39;wasm-unsafe-eval&#39;/, '');
    };
    server = await serve(pageHtml, () => refuseWasm === 'missing');
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    mkdirSync(screenshots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  afterEach(() => {
    refuseWasm = undefined;
    assert.deepEqual(cspViolations.splice(0), [], 'the page must not trip its Content-Security-Policy');
  });

  /**
   * Opens the page with `options` as the initial content and waits for its `ready` and, unless
   * the first computation is refused (`computes: false`), for the kernel to compute it.
   */
  async function open(options, { refuse, computes = true, viewport = { width: 1100, height: 900 } } = {}) {
    pageContent = content(options);
    refuseWasm = refuse;
    const page = await browser.newPage({ viewport });
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to|^CSP violation/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on('pageerror', (error) => cspViolations.push(`page error: ${error.message}`));
    await page.addInitScript(() => {
      // Not every refusal reaches the console (a refused WebAssembly compile only throws).
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.effectiveDirective} refused ${event.blockedURI}`));
      window.__posted = [];
      let state;
      window.acquireVsCodeApi = () => ({
        postMessage: (message) => window.__posted.push(message),
        getState: () => state,
        setState: (next) => (state = next),
      });
    });
    await page.goto(`${origin}/page.html`);
    await page.waitForFunction(() => window.__posted.some((message) => message.type === 'ready'));
    if (computes) await kernelPath(page);
    return page;
  }

  async function setParam(page, row, value) {
    await page.fill(`#param-${row}-0`, String(value));
  }

  /** Posts a host message and resolves once the page has handled it (messages arrive in order). */
  function postAndWait(page, message) {
    return page.evaluate(
      (posted) =>
        new Promise((resolve) => {
          window.postMessage(posted, '*');
          window.addEventListener('message', function arrived(event) {
            if (event.data !== 'handled?') return;
            window.removeEventListener('message', arrived);
            resolve();
          });
          window.postMessage('handled?', '*');
        }),
      message,
    );
  }

  const posted = (page, type) => page.evaluate((wanted) => window.__posted.filter((message) => message.type === wanted), type);

  /** Where the three mechanics grids and their cells are, with the mechanics view scrolled into sight. */
  async function mechanicsLayout(page) {
    await page.locator('.mechanics-grids').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('.mechanics .toolbar').scrollIntoView({ block: 'start' }));
    return page.evaluate(() => {
      const box = (selector) => {
        const { left, right, top, bottom } = document.querySelector(selector).getBoundingClientRect();
        return { left, right, top, bottom };
      };
      return {
        viewport: { width: window.innerWidth, height: window.innerHeight },
        overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        padded: box('.grid-padded'),
        kernel: box('.grid-kernel'),
        output: box('.grid-output'),
        kernelFont: parseFloat(getComputedStyle(document.querySelector('.grid-kernel .cell')).fontSize),
        kernelText: [...document.querySelectorAll('.grid-kernel .cell')].map((cell) => cell.textContent),
        kernelColour: getComputedStyle(document.querySelector('.grid-kernel .cell')).color,
      };
    });
  }

  function assertInside(layout, name) {
    const { viewport } = layout;
    const box = layout[name];
    assert.ok(box.left >= 0 && box.right <= viewport.width, `${name} ${JSON.stringify(box)} within the width ${viewport.width}`);
    assert.ok(box.top >= 0 && box.bottom <= viewport.height, `${name} ${JSON.stringify(box)} within the height ${viewport.height}`);
  }

  it('posts ready and draws the mechanics of k3 s2 on a constant input: overlap 1-2-4', async () => {
    const page = await open({ kernel: 3, stride: 2 });
    await page.click('#tab-data');
    await page.selectOption('#kernel-kind', 'uniform');
    await page.selectOption('#input-pattern', 'constant');
    await page.click('#tab-mechanics');
    // Constant input and an all-ones kernel: each output value is the number of overlapping taps.
    const axis = axisOverlap(4, 3, 2, 0, 9);
    const expected = axis.map((a) => axis.map((b) => String(a * b)));
    const grid = await page.$$eval('.grid-output .grid-row', (rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent)));
    assert.deepEqual(grid, expected);
    assert.match(await page.textContent('.formulas'), /H: \(4−1\)·2 − 2·0 \+ 1·\(3−1\) \+ 0 \+ 1 = 9/);
    await page.click('#tab-data');
    await page.waitForSelector('.overlap-summary:not(:empty)');
    assert.match(await page.textContent('.overlap-summary'), /Interior overlap counts: 1, 2, 4 — uneven overlap/);
    assert.deepEqual(await kernelPath(page), WASM_PATH);
    // The overlap canvas holds one pixel per output cell: same count, same colour; 1, 2, 4 differ.
    const pixels = await page.$eval('#overlap-canvas', (canvas) => {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      return { width: canvas.width, height: canvas.height, rgb: Array.from({ length: canvas.width * canvas.height }, (_, p) => data.slice(4 * p, 4 * p + 3).join(',')) };
    });
    assert.equal(pixels.width, 9);
    assert.equal(pixels.height, 9);
    const colourOf = new Map();
    pixels.rgb.forEach((rgb, p) => {
      const count = axis[Math.floor(p / 9)] * axis[p % 9];
      if (!colourOf.has(count)) colourOf.set(count, rgb);
      assert.equal(rgb, colourOf.get(count), `pixel ${p} (count ${count})`);
    });
    assert.equal(new Set([1, 2, 4].map((count) => colourOf.get(count))).size, 3);
    await page.screenshot({ path: join(screenshots, 'preview-data-k3s2.png'), fullPage: true });
    await page.close();
  });

  it('shows an even interior for k4 s2 p1 and the hover readout', async () => {
    const page = await open({ kernel: 4, stride: 2, padding: 1, input: 6 });
    await page.click('#tab-data');
    await page.selectOption('#input-pattern', 'constant');
    await page.selectOption('#kernel-kind', 'bilinear');
    await page.waitForSelector('.overlap-summary:not(:empty)');
    assert.match(await page.textContent('.overlap-summary'), /Interior overlap counts: 4 — even overlap/);
    // Bilinear k4 weights per phase sum to 1: the interior of the output is exactly 1.
    assert.deepEqual(await outputInterior(page), { size: [12, 12], colours: 1 });
    assert.deepEqual(await kernelPath(page), WASM_PATH);
    const box = await page.locator('#output-canvas').boundingBox();
    await page.mouse.move(box.x + box.width * (5.5 / 12), box.y + box.height * (5.5 / 12));
    assert.equal(await page.textContent('.readout'), 'output (5, 5) = 1 · overlap 4');
    await page.close();
  });

  it('highlights the sources of an output cell and the outputs an input cell reaches', async () => {
    const page = await open({ kernel: 3, stride: 2 });
    await page.hover('#output-2-2');
    // q = 2 on an axis comes from (i=1, t=0) and (i=0, t=2): 2 × 2 input cells and kernel taps.
    assert.equal(await page.locator('.grid-padded .cell.source').count(), 4);
    assert.equal(await page.locator('.grid-kernel .cell.tap').count(), 4);
    assert.match(await page.textContent('.mechanics-status'), /^output \(2, 2\) = .* 4 input cells overlap here/);
    // Input (1, 1) sits at padded (2·1 + 2, 2·1 + 2) and reaches outputs 2..4 on each axis.
    await page.hover('#padded-4-4');
    const targets = await page.$$eval('.grid-output .cell.target', (cells) => cells.map((cell) => cell.id).sort());
    assert.deepEqual(targets, ['output-2-2', 'output-2-3', 'output-2-4', 'output-3-2', 'output-3-3', 'output-3-4', 'output-4-2', 'output-4-3', 'output-4-4']);
    // The keyboard cursor does the same; it starts where the pointer last was on that grid.
    await page.mouse.move(0, 0);
    await page.focus('.grid-output');
    await page.keyboard.press('ArrowRight');
    assert.match(await page.textContent('.mechanics-status'), /^output \(2, 3\) = 2 — 2 input cells overlap here/);
    await page.screenshot({ path: join(screenshots, 'preview-mechanics-k3s2.png'), fullPage: true });
    await page.close();
  });

  it('steps the animation forward and back', async () => {
    const page = await open({ kernel: 3, stride: 2 });
    await page.click('button[aria-label="Step forward"]');
    await page.click('button[aria-label="Step forward"]');
    assert.equal(await page.textContent('.step-label'), 'Step 2 of 81');
    assert.equal(await page.locator('.grid-output .cell.filled').count(), 2);
    assert.equal(await page.locator('.grid-padded .cell.window').count(), 9);
    await page.click('button[aria-label="Step back"]');
    assert.equal(await page.locator('.grid-output .cell.filled').count(), 1);
    await page.close();
  });

  it('draws no mechanics for a stride it cannot show, and says to use the data view', async () => {
    const page = await open({ kernel: 3, stride: 2, memoryLimitMB: 1 });
    assert.ok((await page.locator('.grid-padded .cell').count()) > 0);
    // Input 8, stride 1000: (8 − 1)·1000 + 1 stretched cells per axis, far beyond what the view draws.
    await setParam(page, 'stride', 1000);
    await page.waitForFunction(() => document.querySelectorAll('.grid-padded .cell').length === 0);
    assert.match(await page.textContent('.mechanics .note'), /use the data view for these values\.$/);
    // Nothing to step through: the animation controls cannot act, so they are disabled.
    for (const label of ['Reset', 'Step back', 'Play', 'Step forward']) assert.equal(await page.isDisabled(`.mechanics button[aria-label="${label}"]`), true, label);
    await setParam(page, 'stride', 2);
    await page.waitForFunction(() => document.querySelectorAll('.grid-padded .cell').length > 0);
    assert.equal(await page.isDisabled('.mechanics button[aria-label="Step forward"]'), false);
    await page.close();
  });

  it("shows the kernel's error for an invalid combination, never a blank", async () => {
    const page = await open({ kernel: 3, stride: 2 });
    await setParam(page, 'outputPadding', 2);
    assert.match(await page.textContent('.error'), /^output-padding-too-large: output padding must be smaller than either stride or dilation/);
    await setParam(page, 'outputPadding', 1);
    assert.equal(await page.isVisible('.error'), false);
    assert.match(await page.textContent('.formulas'), /= 10/);
    await page.close();
  });

  it('refuses outputs beyond the memory limit with the limit and the size', async () => {
    const page = await open({ kernel: 3, stride: 2, input: 600, memoryLimitMB: 1 }, { computes: false });
    await page.click('#tab-data');
    const message = await page.textContent('.guard');
    assert.match(message, /^Refused: an output of 1201×1201 needs about \d+\.\d MiB, more than the limit of 1 MiB \(setting convlens\.preview\.memoryLimitMB\)/);
    await page.close();
  });

  it('computes a large input in the worker (blob URL under the CSP)', async () => {
    const page = await open({ kernel: 3, stride: 2, input: 300 });
    await page.click('#tab-data');
    await page.selectOption('#input-pattern', 'constant');
    await page.waitForFunction(() => document.querySelector('.overlap-summary').textContent.includes('1, 2, 4'), null, { timeout: 30_000 });
    assert.deepEqual(await page.$eval('#output-canvas', (canvas) => [canvas.width, canvas.height]), [601, 601]);
    // Only the worker computes 601×601 outputs: it received the module's bytes from the page.
    assert.deepEqual(await kernelPath(page), WASM_PATH);
    await page.close();
  });

  for (const [refuse, how, reason] of [
    ['csp', "refused by the page's policy", /security policy refuses WebAssembly/],
    ['missing', 'missing', /could not be fetched \(HTTP 404\)/],
  ]) {
    it(`falls back to the JavaScript kernel with a note when the module is ${how}; the overlap patterns hold`, async () => {
      const page = await open({ kernel: 3, stride: 2 }, { refuse });
      const policy = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (meta) => meta.content);
      assert.equal(policy.includes("'wasm-unsafe-eval'"), refuse !== 'csp');
      await page.click('#tab-data');
      await page.selectOption('#input-pattern', 'constant');
      await page.selectOption('#kernel-kind', 'uniform');
      assert.match(await page.textContent('.overlap-summary'), /Interior overlap counts: 1, 2, 4 — uneven overlap/);
      const path = await kernelPath(page);
      assert.equal(path.kernel, 'js');
      assert.match(path.text, /^Computed by the JavaScript kernel \(slower\): the WebAssembly kernel is unavailable, /);
      assert.match(path.text, reason);
      assert.ok(await page.isVisible('#kernel-path'));

      await setParam(page, 'kernel', 4);
      await setParam(page, 'padBegin', 1);
      await setParam(page, 'inputSizes', 6);
      await page.selectOption('#kernel-kind', 'bilinear');
      assert.match(await page.textContent('.overlap-summary'), /Interior overlap counts: 4 — even overlap/);
      assert.deepEqual(await outputInterior(page), { size: [12, 12], colours: 1 });

      // The worker falls back too.
      await setParam(page, 'kernel', 3);
      await setParam(page, 'padBegin', 0);
      await setParam(page, 'inputSizes', 300);
      await page.waitForFunction(() => document.getElementById('output-canvas').width === 601, null, { timeout: 30_000 });
      assert.match(await page.textContent('.overlap-summary'), /Interior overlap counts: 1, 2, 4 — uneven overlap/);
      assert.equal((await kernelPath(page)).kernel, 'js');
      if (refuse === 'csp') {
        // The refusal itself is the one violation this page may report.
        const violations = cspViolations.splice(0);
        assert.ok(violations.length > 0, 'Chromium reports the refused WebAssembly compilation');
        for (const violation of violations) assert.match(violation, /WebAssembly|wasm-eval/);
      }
      await page.close();
    });
  }

  it('sends Apply to the host as a validated message with the edited values', async () => {
    const page = await open({ kernel: 3, stride: 2 });
    await setParam(page, 'kernel', 4);
    await setParam(page, 'padBegin', 1);
    await page.click('text=Apply to document');
    const apply = await page.evaluate(() => window.__posted.find((message) => message.type === 'apply'));
    assert.deepEqual(apply.params, { kernel: [4, 4], stride: [2, 2], padBegin: [1, 1], padEnd: [1, 1], outputPadding: [0, 0], dilation: [1, 1] });
    assert.deepEqual(apply.target, { uri: 'file:///w/decoder.model.yaml', modelIndex: 0, layerIndex: 1 });
    // The host answers; the page shows it.
    await page.evaluate(() => window.postMessage({ type: 'applyResult', ok: true, message: 'Wrote kernel_size, padding.' }, '*'));
    // The message arrives as an event after the post returns: wait until the page has taken it.
    await page.waitForFunction(() => document.querySelector('.apply-status').textContent !== 'Writing…');
    assert.equal(await page.textContent('.apply-status'), 'Wrote kernel_size, padding.');
    await page.close();
  });

  it('decodes a workspace image sent by the host as bytes', async () => {
    const page = await open({ kernel: 4, stride: 2, padding: 1, input: 8 });
    await page.click('#tab-data');
    await page.selectOption('#input-pattern', 'image');
    await page.waitForFunction(() => window.__posted.some((message) => message.type === 'listImages'));
    await page.evaluate(() => window.postMessage({ type: 'imageList', files: ['images/half.png'] }, '*'));
    await page.selectOption('#image-file', 'images/half.png');
    const request = await page.evaluate(() => window.__posted.find((message) => message.type === 'requestImage'));
    assert.deepEqual(request, { type: 'requestImage', requestId: 1, path: 'images/half.png' });
    // An 8×8 PNG, black on the left half and white on the right, encoded by the browser itself.
    await page.evaluate(async (requestId) => {
      const canvas = new OffscreenCanvas(8, 8);
      const context = canvas.getContext('2d');
      context.fillStyle = '#000';
      context.fillRect(0, 0, 8, 8);
      context.fillStyle = '#fff';
      context.fillRect(4, 0, 4, 8);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
      window.postMessage({ type: 'image', requestId, path: 'images/half.png', bytes }, '*');
    }, request.requestId);
    await page.waitForFunction(() => document.getElementById('input-range-max').textContent === '1' && document.getElementById('input-range-min').textContent === '0');
    const row = await page.$eval('#input-canvas', (canvas) => {
      const data = canvas.getContext('2d').getImageData(0, 0, 8, 1).data;
      return Array.from({ length: 8 }, (_, x) => data[4 * x + 1]);
    });
    assert.equal(new Set(row.slice(0, 4)).size, 1);
    assert.equal(new Set(row.slice(4)).size, 1);
    assert.notEqual(row[0], row[7]);
    await page.close();
  });

  it('follows document edits posted by the host and ignores malformed messages', async () => {
    const page = await open({ kernel: 3, stride: 2 });
    await postAndWait(page, { type: 'content', memoryLimitMB: 'lots' });
    assert.equal(await page.inputValue('#param-kernel-0'), '3');
    const edited = content({ kernel: 4, stride: 2, padding: 1 });
    await postAndWait(page, { type: 'content', ...edited });
    assert.equal(await page.inputValue('#param-kernel-0'), '4');
    assert.match(await page.textContent('.formulas'), /= 8/);
    await page.close();
  });
  it('fits the mechanics view in a 620-pixel side panel: input, kernel and output in sight together, kernel values readable', async () => {
    // The layer the README's pictures show (k4 s2 p1) at the page's default input of 8: 19 stretched, 16 output cells per axis.
    const page = await open({ kernel: 4, stride: 2, padding: 1, input: 8 }, { viewport: { width: 620, height: 800 } });
    await page.click('#tab-data');
    await page.selectOption('#kernel-kind', 'bilinear');
    await page.click('#tab-mechanics');
    for (let step = 0; step < 20; step++) await page.click('button[aria-label="Step forward"]');
    const layout = await mechanicsLayout(page);
    assert.equal(layout.overflowX, 0, 'no horizontal overflow');
    for (const name of ['padded', 'kernel', 'output']) assertInside(layout, name);
    // Three separate boxes (side by side, or the input above kernel and output).
    const apart = (a, b) => a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
    assert.ok(apart(layout.padded, layout.kernel) && apart(layout.padded, layout.output) && apart(layout.kernel, layout.output));
    // Bilinear k4 weights: (1 − |x − c|/f) with f = 2, c = 1.5 → 0.25, 0.75 per axis; their products.
    assert.deepEqual(new Set(layout.kernelText), new Set(['0.06', '0.19', '0.56']));
    assert.ok(layout.kernelFont >= 11, `kernel values in ${layout.kernelFont}px text`);
    assert.notEqual(layout.kernelColour, 'rgba(0, 0, 0, 0)', 'kernel values are drawn, not hidden');
    // The pointer (left on the input grid by the scroll) would trace a cell instead of the sliding window.
    await page.mouse.move(600, 790);
    await page.screenshot({ path: join(screenshots, 'preview-mechanics-620.png') });
    await page.close();
  });

  it('fits the mechanics view of a maximised panel in one screen', async () => {
    const page = await open({ kernel: 4, stride: 2, padding: 1, input: 8 }, { viewport: { width: 1280, height: 800 } });
    const layout = await mechanicsLayout(page);
    assert.equal(layout.overflowX, 0);
    for (const name of ['padded', 'kernel', 'output']) assertInside(layout, name);
    await page.mouse.move(1270, 790);
    await page.screenshot({ path: join(screenshots, 'preview-mechanics-1280.png') });
    await page.close();
  });

  it('moves the focus into the page when it opens, and disables the seed where nothing is random', async () => {
    const page = await open({ kernel: 3, stride: 2 });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'param-kernel-0');
    // A control that cannot act is disabled: the seed, until the input or the kernel is random.
    await page.click('#tab-data');
    await page.selectOption('#input-pattern', 'constant');
    await page.selectOption('#kernel-kind', 'uniform');
    assert.equal(await page.isDisabled('#seed'), true);
    await page.selectOption('#kernel-kind', 'random');
    assert.equal(await page.isDisabled('#seed'), false);
    await page.close();
  });

  it('says there are no images in the workspace instead of keeping the previous input', async () => {
    const page = await open({ kernel: 4, stride: 2, padding: 1, input: 8 });
    await page.click('#tab-data');
    await page.selectOption('#input-pattern', 'image');
    await postAndWait(page, { type: 'imageList', files: ['images/white.png'] });
    await page.selectOption('#image-file', 'images/white.png');
    const request = (await posted(page, 'requestImage')).at(-1);
    await page.evaluate(async (requestId) => {
      const canvas = new OffscreenCanvas(8, 8);
      const context = canvas.getContext('2d');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, 8, 8);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
      window.postMessage({ type: 'image', requestId, path: 'images/white.png', bytes }, '*');
    }, request.requestId);
    await page.waitForFunction(() => !document.querySelector('.fields').hidden && document.getElementById('input-range-max').textContent === '1');
    // The image is deleted; choosing the image input again lists the workspace afresh, and finds none.
    await page.selectOption('#input-pattern', 'constant');
    await page.selectOption('#input-pattern', 'image');
    assert.equal((await posted(page, 'listImages')).length, 2);
    await postAndWait(page, { type: 'imageList', files: [] });
    assert.match(await page.textContent('.source-note'), /^No images in the workspace/);
    assert.equal(await page.isVisible('.fields'), false, 'the previous image is not shown as the input');
    assert.equal(await page.isDisabled('#image-file'), true);
    assert.equal(await page.locator('.grid-padded .cell').count(), 0, 'nor drawn by the mechanics view');
    await page.close();
  });

  it('asks before an Apply that would break shapes elsewhere, and applies only when confirmed', async () => {
    const page = await open({ kernel: 3, stride: 2 });
    assert.equal(await page.isDisabled('text=Apply to document'), true, 'nothing to write yet');
    await setParam(page, 'outputPadding', 1);
    await page.click('text=Apply to document');
    const [first] = await posted(page, 'apply');
    assert.equal(first.confirmed, false);
    assert.deepEqual(first.basis, content({ kernel: 3, stride: 2 }).layer.params, 'the document values the edit started from');
    const breaks = ["out: the output [N, 3, 10, 10] does not match expect [N, 3, 9, 9] (expect-mismatch)"];
    await postAndWait(page, { type: 'applyResult', ok: false, message: 'Writing output_padding would add a shape error to the document; nothing was written yet.', breaks });
    assert.equal(await page.isVisible('.apply-warning'), true);
    assert.match(await page.textContent('.apply-warning'), /would add a shape error .* Apply anyway\?/);
    assert.deepEqual(await page.$$eval('.apply-warning li', (items) => items.map((item) => item.textContent)), breaks);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel', 'the safe choice has the focus');
    await page.getByRole('button', { name: 'Apply anyway' }).click();
    const [, second] = await posted(page, 'apply');
    assert.equal(second.confirmed, true);
    assert.deepEqual(second.params, first.params);
    assert.equal(await page.isVisible('.apply-warning'), false);
    await page.close();
  });

  it("shows the host's refusal when the layer changed, and takes the document's new values", async () => {
    const page = await open({ kernel: 3, stride: 2 });
    await setParam(page, 'kernel', 4);
    // The document changed under the page (stride 3 typed in the editor): the host sends the layer again.
    await postAndWait(page, { type: 'content', ...content({ kernel: 3, stride: 3 }) });
    assert.equal(await page.inputValue('#param-stride-0'), '3');
    await setParam(page, 'kernel', 5);
    await page.click('text=Apply to document');
    const [apply] = await posted(page, 'apply');
    assert.deepEqual(apply.basis.stride, [3, 3], 'the basis is what the page last received');
    const refusal = "The layer 'up1' changed in the document since the preview took its values; nothing was written. Check the values and apply again.";
    await postAndWait(page, { type: 'applyResult', ok: false, message: refusal });
    assert.equal(await page.textContent('.apply-status'), refusal);
    assert.match(await page.getAttribute('.apply-status', 'class'), /failed/);
    // The layer disappears: only the message is left, no control that could act on it.
    const gone = "The layer 'up1' (ConvTranspose2d) that the preview opened on is no longer in the document.";
    await postAndWait(page, { type: 'content', layer: null, message: gone, memoryLimitMB: 256 });
    assert.equal(await page.textContent('.notes'), gone);
    assert.equal(await page.isVisible('text=Apply to document'), false);
    assert.equal(await page.isVisible('.tabs'), false);
    await page.close();
  });
});
