// `npm run package`: a production build of what the extension ships, packaged by @vscode/vsce into
// <name>-<version>.vsix at the repo root, offline. The files come from the whitelist .vscodeignore;
// test/node/vsix.test.mjs checks the result.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const vsixName = `${name}-${version}.vsix`;
/** The esbuild targets whose output the VSIX holds (esbuild.mjs); the CLI ships too (README: "The command-line checker"). */
const shippedTargets = ['extensionNode', 'extensionWeb', 'analysis', 'webview', 'tsParser', 'kernelWasm', 'cli'];

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${[command, ...args].join(' ')} failed`);
    process.exit(1);
  }
}

/** Every file below `dir` whose name ends with `suffix`. */
function filesEndingWith(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath, entry.name));
}

// A production build writes no source maps: drop those of an earlier development build, which
// would no longer match the bundles.
for (const map of filesEndingWith(join(repoRoot, 'dist'), '.map')) rmSync(map);
run(process.execPath, ['esbuild.mjs', '--production', `--only=${shippedTargets.join(',')}`]);

run(process.execPath, [
  join(repoRoot, 'node_modules/@vscode/vsce/vsce'),
  'package',
  '--out', vsixName,
  // The bundles hold every dependency.
  '--no-dependencies',
  // No repository URL to rewrite the README's images against: relative links resolve inside the
  // installed extension, whose media/ folder the VSIX carries.
  '--no-rewrite-relative-links',
  '--allow-missing-repository',
]);
console.log(`${vsixName}: ${(statSync(join(repoRoot, vsixName)).size / 1024 / 1024).toFixed(2)} MiB`);
