// `npm start`: VS Code for the Web with ConvLens loaded from this folder, on examples/, until Ctrl-C.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { availablePort, repoRoot, startWorkbenchServer } from './codeOss.mjs';

const port = 3000;

if (!existsSync(join(repoRoot, 'dist/extension.web.js'))) {
  console.error('dist/extension.web.js is missing: run `npm run build` (npm start does) first.');
  process.exit(1);
}
try {
  await availablePort(port);
} catch (error) {
  console.error(`Cannot serve on port ${port}: ${error.message}. Is \`npm start\` already running?`);
  process.exit(1);
}

const server = await startWorkbenchServer({ port, folder: join(repoRoot, 'examples') });
// The server answers any host name; webviews (the upsampling preview) live on <uuid>.<host>,
// which Chromium treats as same-site only under a *.localhost name.
console.log(`
  ConvLens in VS Code for the Web: http://vscode.localhost:${port}/
  (http://localhost:${port}/ works too, but there the upsampling preview stays blank.)
  Open a model from examples/; edits stay in the browser's memory. Ctrl-C stops the server.
`);
process.on('SIGINT', () => {
  server.dispose();
  process.exit(0);
});
