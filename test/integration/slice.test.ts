// The thinnest end-to-end slice: a YAML model in the fixture workspace, analysed by the real
// extension inside a real VS Code, with the shape shown as an inlay hint.
import * as assert from 'node:assert/strict';
import { hintText, inlayHints, lineOf, openFixture, waitFor } from './support/workspace';

describe('slice: YAML model → inlay hint', () => {
  it('shows → [N, 512, 4, 4] after the ConvTranspose2d line', async () => {
    const { document } = await openFixture('slice.model.yaml');
    const layerLine = lineOf(document, '- type: ConvTranspose2d');

    // ConvTranspose2d(100 → 512, kernel 4, stride 1, padding 0) on 1×1: (1−1)·1 − 0 + 4 = 4 (docs/frameworks/pytorch.md).
    const hints = await waitFor('an inlay hint on the ConvTranspose2d line', async () => {
      const onLine = (await inlayHints(document)).filter((hint) => hint.position.line === layerLine);
      return onLine.length > 0 ? onLine : undefined;
    });
    assert.deepEqual(hints.map((hint) => hintText(hint).trim()), ['→ [N, 512, 4, 4]']);
  });
});
