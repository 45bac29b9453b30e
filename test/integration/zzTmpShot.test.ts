import * as vscode from 'vscode';
import protocol from './support/runnerProtocol.json';
import { openFixture, inlayHints } from './support/workspace';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
describe('tmp screenshot', () => {
  it('shots', async () => {
    const editor = await openFixture('autoencoder.model.yaml');
    editor.selection = new vscode.Selection(28, 4, 28, 4);
    await sleep(3000);
    console.log(protocol.outputPrefix + 'SHOT:hints ' + (await inlayHints(editor.document)).length);
    await sleep(1500);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(1500);
    console.log(protocol.outputPrefix + 'SHOT:hover');
    await sleep(1500);
  });
});
