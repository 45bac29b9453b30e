// `npm start` (test/web/serve.mjs): the first and only address it prints is the one where the
// upsampling preview works (vscode.localhost; on plain localhost webviews stay blank).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, 'localhost', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('npm start', () => {
  it('prints http://vscode.localhost:<port>/ first and no other address', async () => {
    const port = await freePort();
    const server = spawn(process.execPath, ['test/web/serve.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Ctrl-C')) resolve();
        });
        server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        server.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}: ${output}`)));
      });
    } finally {
      server.kill('SIGINT');
    }
    const addresses = output.match(/https?:\/\/[^\s)]+/g);
    assert.deepEqual(addresses, [`http://vscode.localhost:${port}/`], output);
    assert.ok(output.startsWith('ConvLens in VS Code for the Web: http://vscode.localhost:'), output);
  });
});
