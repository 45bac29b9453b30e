// The command line of SPEC.md §4, read in-process (`node:util` parseArgs underneath).
import * as assert from 'node:assert/strict';
import { parseArguments, UsageError } from '../../../src/cli/arguments';

function usageError(args: string[]): string {
  try {
    parseArguments(args);
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return error.message;
  }
  assert.fail(`accepted ${args.join(' ')}`);
}

describe('CLI arguments', () => {
  it('checks with problems only, in text, by default', () => {
    assert.deepEqual(parseArguments(['check', 'models']), {
      format: 'text',
      tables: false,
      maxWarnings: undefined,
      severity: {},
      config: undefined,
      defines: {},
      scale: undefined,
      paths: ['models'],
    });
  });

  it('reads every option, repeatable ones as lists, in either spelling (--x v, --x=v)', () => {
    const options = parseArguments([
      'check',
      '--format=json',
      '--tables',
      '--max-warnings',
      '0',
      '--severity',
      'uneven-overlap=off',
      '--severity=unknown-layer=error',
      '--config',
      'ci.json',
      '--define',
      'H=640',
      '--define=W=480',
      '--scale',
      's',
      '--ultralytics',
      '8.3',
      'a.yaml',
      'models/',
    ]);
    assert.deepEqual(options, {
      format: 'json',
      tables: true,
      maxWarnings: 0,
      severity: { 'uneven-overlap': 'off', 'unknown-layer': 'error' },
      config: 'ci.json',
      defines: { H: 640, W: 480 },
      scale: 's',
      ultralyticsVersion: '8.3',
      paths: ['a.yaml', 'models/'],
    });
  });

  it('answers help and version before anything else', () => {
    assert.equal(parseArguments(['check', '--format', 'xml', '-h']), 'help');
    assert.equal(parseArguments(['--help']), 'help');
    assert.equal(parseArguments(['--version']), 'version');
  });

  it('refuses a missing command, PATH or option value, and unknown options', () => {
    assert.equal(usageError([]), 'missing command');
    assert.equal(usageError(['lint', 'x']), "unknown command 'lint'");
    assert.equal(usageError(['check']), 'no PATH given');
    assert.match(usageError(['check', '--fast', 'x']), /Unknown option '--fast'/);
    assert.match(usageError(['check', 'x', '--format']), /--format/);
    assert.equal(usageError(['check', '--format', 'xml', 'x']), "--format takes text, json, github, not 'xml'");
    assert.equal(usageError(['check', '--tables', '--no-tables', 'x']), '--tables and --no-tables contradict each other');
  });

  it('takes --define NAME=INT with a positive integer only', () => {
    assert.equal(usageError(['check', '--define', 'H', 'x']), "--define takes NAME=VALUE, not 'H'");
    assert.equal(usageError(['check', '--define', '=3', 'x']), "--define takes NAME=VALUE, not '=3'");
    for (const value of ['0', '-1', '1.5', '08', '1e3', '', 'x', '9007199254740993']) {
      assert.equal(usageError(['check', '--define', `H=${value}`, 'x']), `--define H: the value must be a positive integer, not '${value}'`);
    }
    assert.match(usageError(['check', '--define', '2H=3', 'x']), /^--define: '2H' is not a dimension name/);
    assert.equal(usageError(['check', '--define', 'H=3', '--define', 'H=4', 'x']), '--define H is given twice, as 3 and 4');
    assert.deepEqual((parseArguments(['check', '--define', 'H=3', '--define', 'H=3', 'x']) as { defines: unknown }).defines, { H: 3 });
  });

  it('takes --scale as one letter and --max-warnings as a count', () => {
    assert.equal(usageError(['check', '--scale', 'sm', 'x']), "--scale takes one letter (n, s, m, l, x, …), not 'sm'");
    assert.equal(usageError(['check', '--scale', '1', 'x']), "--scale takes one letter (n, s, m, l, x, …), not '1'");
    for (const value of ['-1', 'many', '1.5', '']) {
      assert.equal(usageError(['check', `--max-warnings=${value}`, 'x']), `--max-warnings takes a number of warnings (0 or more), not '${value}'`);
    }
  });

  it('takes --ultralytics as a release ConvLens reads', () => {
    assert.equal(usageError(['check', '--ultralytics', '8', 'x']), "--ultralytics takes 8.3 or 8.4, not '8'");
    assert.equal(usageError(['check', '--ultralytics', '8.3.166', 'x']), "--ultralytics takes 8.3 or 8.4, not '8.3.166'");
    assert.equal((parseArguments(['check', '--ultralytics=8.4', 'x']) as { ultralyticsVersion: unknown }).ultralyticsVersion, '8.4');
    assert.equal('ultralyticsVersion' in (parseArguments(['check', 'x']) as object), false);
  });

  it('takes --severity CODE=LEVEL (codes and levels are checked with the config file’s)', () => {
    assert.equal(usageError(['check', '--severity', 'uneven-overlap', 'x']), "--severity takes NAME=VALUE, not 'uneven-overlap'");
  });
});
