// Every kind of quick fix, applied through VS Code: the diagnostic, its code action, the edit,
// and the diagnostics cleared afterwards. Each case works on an untitled copy of a fixture so
// the workspace files stay untouched. Expected values follow docs/frameworks/ (see the fixtures).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, hintText, inlayHints, lineOf, waitFor } from './support/workspace';

interface QuickFixCase {
  fixture: string;
  code: string;
  severity: vscode.DiagnosticSeverity;
  /** Text on the line where the diagnostic starts. */
  at: string;
  title: string;
  /** Text the document contains after the fix. */
  after: string;
  /** The hint on the last layer after the fix. */
  lastHint: string;
}

const CASES: QuickFixCase[] = [
  {
    fixture: 'autoencoder.model.yaml',
    code: 'output-padding-mismatch',
    severity: vscode.DiagnosticSeverity.Error,
    at: 'output_padding: 0',
    title: 'Set output_padding to 1',
    after: '    output_padding: 1\n    expect: [1, 16, 15, 15]',
    lastHint: '→ [1, 1, 30, 30]', // dec2: (15−1)·2 − 2 + 4 + 0 = 30
  },
  {
    fixture: 'quickfix/insert-output-padding.model.yaml',
    code: 'output-padding-mismatch',
    severity: vscode.DiagnosticSeverity.Error,
    at: '- type: ConvTranspose2d',
    title: 'Set output_padding to 1',
    after: 'output_padding: 1',
    lastHint: '→ [1, 16, 15, 15]',
  },
  {
    fixture: 'quickfix/output-size.model.yaml',
    code: 'output-padding-mismatch',
    severity: vscode.DiagnosticSeverity.Error,
    at: 'output_size: [14, 14]',
    title: 'Set output_size to [15, 15]',
    after: 'output_size: [15, 15]',
    lastHint: '→ [1, 16, 15, 15]',
  },
  {
    fixture: 'quickfix/keras-output-padding.model.yaml',
    code: 'output-padding-mismatch',
    severity: vscode.DiagnosticSeverity.Error,
    at: 'output_padding: 0',
    title: 'Set output_padding to 1',
    after: 'output_padding: 1',
    lastHint: '→ [N, 13, 13, 32]',
  },
  {
    fixture: 'quickfix/conditional-skip.model.yaml',
    code: 'conditional-shape',
    severity: vscode.DiagnosticSeverity.Warning,
    at: 'from: [input, up]',
    title: 'Assume H is a multiple of 2 and W is a multiple of 2',
    after: '\nassume: {H: {multipleOf: 2}, W: {multipleOf: 2}}',
    lastHint: '→ [N, 16, H, W]', // 8 + 8 channels; 2·(H/2) = H once H is even
  },
  {
    fixture: 'quickfix/in-channels.model.yaml',
    code: 'channel-mismatch',
    severity: vscode.DiagnosticSeverity.Error,
    at: 'in_channels: 64',
    title: 'Set in_channels to 32',
    after: 'in_channels: 32',
    lastHint: '→ [1, 16, 16, 16]', // floor((16 + 2 − 3)/1) + 1 = 16
  },
];

async function untitledCopy(fixture: string): Promise<vscode.TextDocument> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri(fixture)));
  return vscode.workspace.openTextDocument({ language: 'yaml', content: text });
}

async function lastHint(document: vscode.TextDocument): Promise<string> {
  const hints = await inlayHints(document);
  return hintText(hints[hints.length - 1]).trim();
}

async function firstDiagnostic(document: vscode.TextDocument): Promise<vscode.Diagnostic> {
  const [diagnostic] = await waitFor('a diagnostic', () => {
    const diagnostics = vscode.languages.getDiagnostics(document.uri);
    return diagnostics.length ? diagnostics : undefined;
  });
  return diagnostic;
}

describe('editor quick fixes', () => {
  for (const testCase of CASES) {
    it(`${testCase.code}: ${testCase.title} (${testCase.fixture})`, async () => {
      const document = await untitledCopy(testCase.fixture);
      const diagnostic = await firstDiagnostic(document);
      assert.deepEqual(
        vscode.languages.getDiagnostics(document.uri).map((shown) => shown.code),
        [testCase.code],
      );
      assert.equal(diagnostic.severity, testCase.severity);
      assert.equal(diagnostic.range.start.line, lineOf(document, testCase.at));

      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
      const fixes = actions.filter((action) => action.kind?.value === vscode.CodeActionKind.QuickFix.value);
      assert.ok(fixes.length >= 1, `no quick fix among ${JSON.stringify(actions.map((action) => action.title))}`);
      const fix = fixes.find((action) => action.title === testCase.title);
      assert.ok(fix, `no fix titled ${JSON.stringify(testCase.title)} among ${JSON.stringify(fixes.map((action) => action.title))}`);
      assert.equal(fix.isPreferred, true);
      assert.ok(fix.edit, 'the quick fix carries a WorkspaceEdit');
      assert.ok(await vscode.workspace.applyEdit(fix.edit));

      await waitFor('the diagnostics to clear after the fix', () => (vscode.languages.getDiagnostics(document.uri).length === 0 ? true : undefined));
      assert.ok(document.getText().includes(testCase.after), document.getText());
      assert.equal(await lastHint(document), testCase.lastHint);
    });
  }

  it('symbolic sizes: the hint shows the expression, the warning its condition and a size where it fails', async () => {
    const document = await untitledCopy('quickfix/conditional-skip.model.yaml');
    const diagnostic = await firstDiagnostic(document);
    assert.equal(diagnostic.message, "Concat '2' lines up only when H is even and W is even (H = 101: 100 vs 101).");
    const hints = await inlayHints(document);
    assert.deepEqual(
      hints.map((hint) => hintText(hint).trim()),
      ['→ [N, 8, ⌊H/2⌋, ⌊W/2⌋]', '→ [N, 8, 2·⌊H/2⌋, 2·⌊W/2⌋]', '→ [N, 16, H, W]'],
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(lineOf(document, '- type: MaxPool2d'), 6));
    const markdown = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    // ⌊224/2⌋ = 112 … ⌊640/2⌋ = 320.
    assert.ok(markdown.includes('At H = W = 224: \\[N, 8, 112, 112\\]'), markdown);
    assert.ok(markdown.includes('⌊H/2⌋'), markdown);
  });

  it('replaces an uneven-overlap transposed conv by a resize and a stride-1 convolution', async () => {
    const document = await untitledCopy('quickfix/uneven-overlap.model.yaml');
    const diagnostic = await firstDiagnostic(document);
    assert.deepEqual(
      vscode.languages.getDiagnostics(document.uri).map((shown) => [shown.code, shown.severity]),
      [['uneven-overlap', vscode.DiagnosticSeverity.Warning]],
    );
    // At an offending parameter: the kernel size or the stride.
    assert.ok([lineOf(document, 'kernel_size: 3'), lineOf(document, 'stride: 2')].includes(diagnostic.range.start.line));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
    const fix = actions.find((action) => action.title.startsWith('Replace by '));
    assert.ok(fix?.edit, `no replacement among ${JSON.stringify(actions.map((action) => action.title))}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitFor('the diagnostics to clear after the fix', () => (vscode.languages.getDiagnostics(document.uri).length === 0 ? true : undefined));
    const text = document.getText();
    assert.ok(!text.includes('ConvTranspose2d'), text);
    assert.match(text, /- type: Upsample/);
    assert.match(text, /- type: Conv2d/);
    assert.equal(await lastHint(document), '→ [1, 16, 14, 14]'); // as before: (7−1)·2 − 2 + 3 + 1 = 14
  });
});
