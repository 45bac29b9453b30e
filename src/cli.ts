/** The command-line checker's entry (`dist/cli.js`): everything else is in `cli/`. */
import { runCli } from './cli/run';

declare const CONVLENS_VERSION: string;

void runCli(process.argv.slice(2), { cwd: process.cwd(), stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) }, CONVLENS_VERSION).then((status) => {
  process.exitCode = status;
});
