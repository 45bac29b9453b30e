// `npm start`: VS Code for the Web with ConvLens loaded from this folder, on examples/, until Ctrl-C.
// PORT chooses another port than 3000.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { availablePort, repoRoot, startWorkbenchServer } from './codeOss.mjs';

const port = Number(process.env.PORT ?? 3000);

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

// @vscode/test-web announces its folders and the plain localhost address while it starts; on plain
// localhost the upsampling preview stays blank, so only the working address below is printed.
const print = console.log;
console.log = () => {};
let server;
try {
  server = await startWorkbenchServer({ port, folder: join(repoRoot, 'examples') });
} finally {
  console.log = print;
}
// The server answers any host name; webviews (the upsampling preview) live on <uuid>.<host>,
// which Chromium treats as same-site only under a *.localhost name.
console.log(`ConvLens in VS Code for the Web: http://vscode.localhost:${port}/
Open a model from examples/ in the Explorer; edits stay in the browser's memory. Ctrl-C stops the server.`);
process.on('SIGINT', () => {
  server.dispose();
  process.exit(0);
});
