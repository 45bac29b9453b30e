import protocol from './runnerProtocol.json';

// Where the extension host's console reaches the runner only through the workbench's log (the web
// worker host; the Node host behind a VS Code server), VS Code mixes it with the workbench's own
// log: marked lines let the runners (test/web/workbenchAutomation.mjs) print the reporter's output
// alone and count the results.

/** console.log with the output marker; a drop-in for mocha's `Base.consoleLog`. */
export const markedLog = (format = '', ...args: unknown[]): void => console.log(protocol.outputPrefix + String(format), ...args);

/** Logs each test's result as a marked JSON line. */
export function reportResults(runner: Mocha.Runner): void {
  const report = (state: 'passed' | 'failed') => (test: Mocha.Runnable) =>
    console.log(protocol.resultPrefix + JSON.stringify({ test: test.fullTitle(), state }));
  runner.on('pass', report('passed'));
  runner.on('fail', report('failed'));
}
