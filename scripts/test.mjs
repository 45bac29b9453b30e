// `npm test`: every check in order, stopping at the first that fails, then one closing line that
// adds up the tests of every suite.
import { spawn } from 'node:child_process';

const STEPS = ['typecheck', 'lint', 'build', 'test:unit', 'test:browser', 'test:integration', 'test:node'];

/** Runs `npm run <script>`, echoing its output, and resolves with its exit code and output. */
function run(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The tests a step's output reports: the sum of its mocha summaries (the VS Code runners echo the host's). */
function count(output) {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const sum = (pattern) => [...plain.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
  return { passed: sum(/^\s*(\d+) passing\b/gm), failed: sum(/^\s*(\d+) failing\b/gm) };
}

const total = { passed: 0, failed: 0 };
for (const step of STEPS) {
  console.log(`\n▶ npm run ${step}`);
  const { code, output } = await run(step);
  const { passed, failed } = count(output);
  total.passed += passed;
  total.failed += failed;
  if (code !== 0) {
    console.log(`\n✘ npm run ${step} failed (exit ${code})`);
    console.log(`total: ${total.passed} passed, ${Math.max(total.failed, 1)} failed`);
    process.exit(code);
  }
}
console.log(`\ntotal: ${total.passed} passed, ${total.failed} failed`);
