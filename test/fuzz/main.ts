/**
 * `npm run fuzz [-- --seed 1 --count 20000 --seconds 300 --truncations 4000 --heavy 0.02 --programs 0.2 --cli-every 100]`
 * `npm run fuzz -- --interpreter --count 100000 --seed 1 --seconds 7200`: interpreter inputs only
 * (generated TF.js programs with their metamorphic checks, token edits of the TS/JS corpus).
 * `--from N` starts at input N, so that one run can be split across processes.
 *
 * Runs the fuzz loop in a worker thread watched by this one: an input that keeps the analysis
 * busy for longer than {@link HANG_MS} is a hang — the worker is stopped, the input saved, and the
 * run goes on from the next index. A sample of inputs also goes through the CLI as a child
 * process (`node cli.js check --format json FILE`, built with this file from the same sources).
 * Failing inputs are written to out/fuzz/failures/, shrunk where possible; the summary names the
 * slowest analysis.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { FuzzInput } from './mutators';
import { ANALYSIS_BUDGET_MS, checkInput, type CheckResult } from './oracle';
import { emptySummary, inputAt, labelOf, makePlan, record, runFuzz, totalInputs, type FailureRecord, type FuzzOptions, type FuzzPlan, type InputLabel } from './runner';

/** An analysis running this long is a hang (far beyond the budget the oracle checks). */
const HANG_MS = 30_000;
const CLI_TIMEOUT_MS = 60_000;
const OUT = 'out/fuzz';
/** src/cli.ts as fuzz.mjs built it, together with this file. */
const CLI = `${OUT}/bin/cli.js`;

interface MainOptions extends FuzzOptions {
  cliEvery: number;
  /** The first input to run: shards of one run (`--from 50000 --count 100000`) go to separate processes. */
  from: number;
}

type WorkerMessage =
  | { type: 'begin'; index: number }
  /** Shrinking a failure: not part of any analysis, so the watchdog waits. */
  | { type: 'minimizing' }
  | { type: 'checked'; index: number; label: InputLabel; analysisMs: number; failures: string[]; viaCli: boolean; minimized?: string }
  | { type: 'done' };

function parseOptions(args: string[]): MainOptions {
  const options: MainOptions = { seed: 1, count: 20_000, seconds: 300, truncationsPerFile: 4000, heavyShare: 0.02, programShare: 0.2, cliEvery: 100, from: 0 };
  const names: Record<string, Exclude<keyof MainOptions, 'interpreter'>> = {
    '--seed': 'seed',
    '--count': 'count',
    '--seconds': 'seconds',
    '--truncations': 'truncationsPerFile',
    '--heavy': 'heavyShare',
    '--programs': 'programShare',
    '--cli-every': 'cliEvery',
    '--from': 'from',
  };
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === '--interpreter') {
      options.interpreter = true;
      i--;
      continue;
    }
    const name = names[args[i]];
    const value = Number(args[i + 1]);
    if (!name || !Number.isFinite(value)) throw new Error(`unknown option or value: ${args[i]} ${args[i + 1] ?? ''}`);
    options[name] = value;
  }
  return options;
}

function extensionOf(fileName: string): string {
  const name = basename(fileName);
  return name.slice(name.indexOf('.'));
}

/** The CLI on one input: exits 0 or 1 as the in-process analysis says, printing that very report. */
async function checkCli(index: number, input: FuzzInput, result: CheckResult): Promise<void> {
  // Under the input's own file name: a reader may read it (an Ultralytics config's scale and name).
  const dir = join(OUT, 'cli', `input-${index}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, basename(input.fileName));
  writeFileSync(file, input.text);
  // UTF-8 has no lone surrogates (a flipped character may be one): compare with the text as stored.
  const stored = readFileSync(file, 'utf8');
  // The CLI reads the files an input imports from disk, where the input stands alone: each import is missing there.
  const importsMissing = /\bimport\b|\brequire\s*\(/.test(stored);
  const expected =
    stored === input.text && !importsMissing ? result.report : (await checkInput(stored, input.fileName, undefined, { readFile: async () => undefined })).report;
  const run = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', file], { encoding: 'utf8', timeout: CLI_TIMEOUT_MS, maxBuffer: 1 << 30 });
  if (run.error) {
    result.failures.push(`CLI: ${run.error.message}`);
    return;
  }
  if (run.status !== 0 && run.status !== 1) {
    result.failures.push(`CLI exited ${run.status ?? run.signal}: ${run.stderr.slice(0, 300)}`);
    return;
  }
  let parsed: { version: number; files: ({ path: string } & Record<string, unknown>)[] };
  try {
    parsed = JSON.parse(run.stdout) as typeof parsed;
  } catch {
    result.failures.push(`CLI printed invalid JSON: ${run.stdout.slice(0, 200)}`);
    return;
  }
  const fileReport: Record<string, unknown> = { ...parsed.files[0] };
  delete fileReport.path;
  const expectedStatus = expected?.diagnostics.some((diagnostic) => diagnostic.severity === 'error') ? 1 : 0;
  if (run.status !== expectedStatus) result.failures.push(`CLI exited ${run.status}, the analysis says ${expectedStatus}`);
  if (expected && JSON.stringify(fileReport) !== JSON.stringify(expected)) result.failures.push('CLI report differs from the in-process analysis');
}

/** A failure's kind without its numbers, to tell whether a smaller input fails the same way. */
function signature(failure: string): string {
  return failure.replace(/\d+/g, '#').slice(0, 60);
}

/** Shrinks a failing input (lines, then characters) while it still fails with the same signature. */
async function minimize(text: string, fileName: string, wanted: string, attempts = 3000, seconds = 20): Promise<string> {
  const deadline = Date.now() + seconds * 1000;
  const budgetLeft = () => attempts > 0 && Date.now() < deadline;
  const fails = async (candidate: string) => {
    attempts--;
    const { failures } = await checkInput(candidate, fileName);
    return failures.some((failure) => signature(failure) === wanted);
  };
  let current = text;
  for (const separator of ['\n', '']) {
    let parts = current.split(separator);
    for (let chunk = Math.max(1, Math.floor(parts.length / 2)); chunk >= 1 && budgetLeft(); chunk = chunk === 1 ? 0 : Math.floor(chunk / 2)) {
      for (let at = 0; at < parts.length && budgetLeft(); ) {
        const candidate = [...parts.slice(0, at), ...parts.slice(at + chunk)];
        if (await fails(candidate.join(separator))) parts = candidate;
        else at += chunk;
      }
    }
    current = parts.join(separator);
  }
  return current;
}

async function workerMain(): Promise<void> {
  const { options, from, deadline } = workerData as { options: MainOptions; from: number; deadline: number };
  const plan = makePlan(process.cwd(), options);
  const post = (message: WorkerMessage) => parentPort!.postMessage(message);
  const minimizedSignatures = new Set<string>();
  await runFuzz(
    plan,
    options,
    from,
    {
      begin: (index) => post({ type: 'begin', index }),
      end: async (index, input, result) => {
        const viaCli = options.cliEvery > 0 && index % options.cliEvery === 0;
        if (viaCli) await checkCli(index, input, result);
        const failures = result.failures;
        let minimized: string | undefined;
        if (failures.length > 0) {
          const wanted = signature(failures[0]);
          // A metamorphic failure is about two programs: shrinking one alone loses it.
          const shrink = !minimizedSignatures.has(wanted) && !/^(analysis took|CLI|metamorphic)/.test(failures[0]);
          minimizedSignatures.add(wanted);
          if (shrink) {
            post({ type: 'minimizing' });
            minimized = await minimize(input.text, input.fileName, wanted);
          }
        }
        post({ type: 'checked', index, label: labelOf(input), analysisMs: result.analysisMs, failures, viaCli, minimized });
      },
    },
    deadline,
  );
  post({ type: 'done' });
}

function saveFailure(plan: FuzzPlan, options: FuzzOptions, record: FailureRecord, minimized?: string): void {
  const dir = join(OUT, 'failures');
  mkdirSync(dir, { recursive: true });
  const input = inputAt(plan, options, record.index);
  const extension = extensionOf(input.fileName);
  writeFileSync(join(dir, `${record.index}${extension}`), input.text);
  // A metamorphic failure is about two programs: the twin goes beside the input.
  if (input.check?.twin !== undefined) writeFileSync(join(dir, `${record.index}.twin${extension}`), input.check.twin);
  if (minimized !== undefined) writeFileSync(join(dir, `${record.index}.min${extension}`), minimized);
  writeFileSync(join(dir, `${record.index}.json`), JSON.stringify(record, null, 2));
}

/** Runs workers from `from` until the inputs or the time run out, restarting after a hang. */
async function mainThread(options: MainOptions): Promise<number> {
  const plan = makePlan(process.cwd(), options);
  const total = totalInputs(plan, options);
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  const summary = emptySummary();
  let cliRuns = 0;
  console.log(
    `fuzz${options.interpreter ? ' --interpreter' : ''}: seed ${options.seed}, ${plan.corpus.length} seed files, ${plan.truncations.length} truncations + ${options.count} ${options.interpreter ? 'interpreter inputs' : 'mutations'}, ` +
      `at most ${options.seconds} s; analysis budget ${ANALYSIS_BUDGET_MS} ms of CPU per input, hang after ${HANG_MS} ms`,
  );
  let from = options.from;
  while (from < total && Date.now() < deadline) {
    from = await new Promise<number>((resolve, reject) => {
      // The stack of a Node main thread (an extension host), not a worker's larger default.
      // A heap limit of its own, so that an input exhausting memory is a failure, not a crash of the run.
      const worker = new Worker(__filename, { workerData: { options, from, deadline }, resourceLimits: { stackSizeMb: 1, maxOldGenerationSizeMb: 2048 } });
      let current = { index: from, since: Date.now() };
      let finished = false;
      /** The input the worker is on did not finish: record it, and go on after it. */
      const abandon = (failure: string, ms: number) => {
        finished = true;
        clearInterval(watchdog);
        const input = inputAt(plan, options, current.index);
        const lost: FailureRecord = { index: current.index, kind: input.kind, fileName: input.fileName, length: input.text.length, failures: [failure] };
        record(summary, current.index, { kind: lost.kind, fileName: lost.fileName, length: lost.length }, ms, lost.failures);
        saveFailure(plan, options, lost);
        console.log(`FAIL input ${current.index} (${input.kind} of ${input.fileName}): ${failure}; restarting after it`);
        void worker.terminate().then(() => resolve(current.index + 1));
      };
      const watchdog = setInterval(() => {
        if (Date.now() - current.since >= HANG_MS) abandon(`hang: no result after ${HANG_MS} ms`, HANG_MS);
      }, 1000);
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'begin') current = { index: message.index, since: Date.now() };
        else if (message.type === 'minimizing') current = { index: current.index, since: Infinity };
        else if (message.type === 'checked') {
          record(summary, message.index, message.label, message.analysisMs, message.failures);
          if (message.viaCli) cliRuns++;
          if (message.failures.length === 0) return;
          saveFailure(plan, options, { index: message.index, ...message.label, failures: message.failures }, message.minimized);
          console.log(`FAIL input ${message.index} (${message.label.kind} of ${message.label.fileName}): ${message.failures[0].slice(0, 300)}`);
        } else {
          finished = true;
          clearInterval(watchdog);
          resolve(total);
        }
      });
      worker.on('error', (error) => {
        if (!finished) abandon(`the worker died: ${error.message}`, Date.now() - current.since);
      });
      worker.on('exit', (code) => {
        if (!finished) {
          clearInterval(watchdog);
          reject(new Error(`fuzz worker exited with ${code} at input ${current.index}`));
        }
      });
    });
  }
  const slowest = summary.slowest;
  console.log(
    [
      '',
      `inputs tried:   ${summary.inputs} (${summary.truncations} systematic truncations, ${summary.mutations} mutations; ${cliRuns} also through the CLI), indices ${options.from}..${options.from + summary.inputs - 1} of seed ${options.seed}`,
      `elapsed:        ${Math.round((Date.now() - started) / 1000)} s`,
      `failures:       ${summary.failures.length}${summary.failures.length ? ` (inputs in ${OUT}/failures/)` : ''}`,
      `slowest:        ${slowest ? `${slowest.ms.toFixed(1)} ms — ${slowest.kind} of ${slowest.fileName} (${slowest.length} chars, input ${slowest.index})` : '-'}`,
      `mean analysis:  ${summary.inputs ? (summary.totalAnalysisMs / summary.inputs).toFixed(2) : 0} ms`,
      `by mutation:    ${Object.entries(summary.byKind).sort().map(([kind, count]) => `${kind} ${count}`).join(', ')}`,
    ].join('\n'),
  );
  return summary.failures.length > 0 ? 1 : 0;
}

if (isMainThread) {
  let options: MainOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`fuzz: ${(error as Error).message}`);
    process.exit(2);
  }
  mainThread(options).then(
    (status) => process.exit(status),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
} else {
  void workerMain();
}
