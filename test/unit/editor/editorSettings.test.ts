// What the editor adds around core: hint placement on long lines, the shape table's group width,
// and package.json's settings agreeing with core's diagnostic codes and levels.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DIMENSION_NAME, parseDefines } from '../../../src/core/defines';
import { SEVERITY } from '../../../src/core/diagnostics';
import { hintOffsetOf, MAX_HINT_COLUMN } from '../../../src/core/hintPlacement';
import { LineIndex } from '../../../src/core/lineIndex';
import { applySeverityOverrides, LEVELS, parseSeverityOverrides } from '../../../src/core/severityOverrides';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { editorWidthFor, widenedLayout } from '../../../src/extension/editorLayout';

/** `positionAt` over a text, 0-based as an editor answers. */
function positions(text: string) {
  const lines = new LineIndex(text);
  return (offset: number) => {
    const { line, column } = lines.position(offset);
    return { line: line - 1, character: column - 1 };
  };
}

describe('hint placement', () => {
  const callee = 'tf.layers.conv2dTranspose';
  /** A layer call whose hint would go after `)`, at column `prefix + callee + config + 1`. */
  const call = (config: string) => {
    const text = `model.add(${callee}(${config}));\n`;
    const typeStart = text.indexOf(callee);
    return { text, layer: { typeSpan: { start: typeStart, end: typeStart + callee.length }, hintOffset: text.indexOf(')') + 1 } };
  };

  it('keeps the hint after the call while it starts at column 100 or before', () => {
    // `model.add(` 10 + callee 25 + `(` 1 + config + `)` 1: the hint column is 37 + config.length.
    const { text, layer } = call(`{${'x'.repeat(MAX_HINT_COLUMN - 37 - 2)}}`);
    assert.equal(positions(text)(layer.hintOffset).character, MAX_HINT_COLUMN);
    assert.equal(hintOffsetOf(layer, positions(text)), layer.hintOffset);
  });

  it('moves it right after the callee when it would start beyond column 100', () => {
    const { text, layer } = call(`{${'x'.repeat(MAX_HINT_COLUMN - 37 - 1)}}`);
    assert.equal(positions(text)(layer.hintOffset).character, MAX_HINT_COLUMN + 1);
    assert.equal(text.slice(0, hintOffsetOf(layer, positions(text))), `model.add(${callee}`);
  });

  it('leaves it alone when the type is on an earlier line', () => {
    const text = `model.add(${callee}(\n  {${'x'.repeat(120)}}));\n`;
    const typeStart = text.indexOf(callee);
    const layer = { typeSpan: { start: typeStart, end: typeStart + callee.length }, hintOffset: text.indexOf('})') + 2 };
    assert.equal(hintOffsetOf(layer, positions(text)), layer.hintOffset);
  });
});

describe('shape table group width', () => {
  it('estimates the width of an editor showing a number of columns', () => {
    // 14 px font: 8.4 px per character; (80 + 12) · 8.4 + 100 = 872.8 → 873.
    assert.equal(editorWidthFor(80, 14), 873);
  });

  it('widens the table group and narrows the others in proportion', () => {
    const layout = { orientation: 0 as const, groups: [{ size: 600 }, { size: 600 }] };
    assert.deepEqual(widenedLayout(layout, 1, 800), { orientation: 0, groups: [{ size: 400 }, { size: 800 }] });
  });

  it('takes at most 70% of the row, and leaves wide-enough groups and grids alone', () => {
    const layout = { orientation: 0 as const, groups: [{ size: 500 }, { size: 500 }] };
    assert.deepEqual(widenedLayout(layout, 1, 2000), { orientation: 0, groups: [{ size: 300 }, { size: 700 }] });
    assert.equal(widenedLayout(layout, 1, 400), undefined);
    assert.equal(widenedLayout({ orientation: 1, groups: [{ size: 500 }, { size: 500 }] }, 1, 800), undefined);
    assert.equal(widenedLayout({ orientation: 0, groups: [{ size: 500 }, { size: 500, groups: [{}, {}] }] }, 1, 800), undefined);
    assert.equal(widenedLayout({ orientation: 0, groups: [{ size: 500 }] }, 0, 800), undefined);
  });
});

describe('package.json settings', () => {
  const properties = JSON.parse(readFileSync('package.json', 'utf8')).contributes.configuration.properties;

  it('convlens.diagnostics.severity offers every diagnostic code with every level, empty by default', () => {
    const setting = properties['convlens.diagnostics.severity'];
    assert.deepEqual(setting.default, {});
    assert.equal(setting.additionalProperties, false);
    assert.deepEqual(Object.keys(setting.properties).sort(), Object.keys(SEVERITY).sort());
    for (const [code, schema] of Object.entries<{ enum: string[] }>(setting.properties)) {
      assert.deepEqual(schema.enum, code === 'internal-error' ? ['error'] : [...LEVELS], code);
    }
  });

  it('convlens.codeLens.enabled is a boolean, on by default', () => {
    assert.deepEqual([properties['convlens.codeLens.enabled'].type, properties['convlens.codeLens.enabled'].default], ['boolean', true]);
  });
});

describe('convlens.diagnostics.severity as the editor applies it', () => {
  const span = { start: 0, end: 1 };
  const found: Diagnostic[] = [
    { code: 'unknown-layer', severity: 'warning', message: 'typo', span },
    { code: 'uneven-overlap', severity: 'warning', message: 'checkerboard', span },
    { code: 'shape-mismatch', severity: 'error', message: 'mismatch', span },
  ];

  it('raises, turns off and keeps codes as the setting says', () => {
    const { overrides, problems } = parseSeverityOverrides({ 'unknown-layer': 'error', 'uneven-overlap': 'off' });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      applySeverityOverrides(found, overrides).map((diagnostic) => [diagnostic.code, diagnostic.severity]),
      [
        ['unknown-layer', 'error'],
        ['shape-mismatch', 'error'],
      ],
    );
  });

  it('reports an unknown code, a wrong level and a setting that is no object, and keeps the rest', () => {
    const { overrides, problems } = parseSeverityOverrides({ 'unknown-layer': 'fatal', 'no-such-code': 'off', 'uneven-overlap': 'info' });
    assert.deepEqual(overrides, { 'uneven-overlap': 'info' });
    assert.equal(problems.length, 2);
    assert.match(problems.join('\n'), /no-such-code/);
    assert.match(problems.join('\n'), /'unknown-layer': the level must be one of error, warning, info, off, not "fatal"/);
    assert.equal(parseSeverityOverrides(['unknown-layer']).problems.length, 1);
  });
});

describe('convlens.defines', () => {
  const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));
  const setting = packageJson.contributes.configuration.properties['convlens.defines'];

  it('is empty by default and takes names as --define does, with positive integers', () => {
    assert.deepEqual(setting.default, {});
    assert.equal(setting.propertyNames.pattern, DIMENSION_NAME.source);
    assert.deepEqual(setting.additionalProperties, { type: 'integer', minimum: 1 });
    assert.match(setting.markdownDescription, /"H": 640/);
  });

  it('keeps the good entries and names every bad one', () => {
    const { defines, problems } = parseDefines({ H: 640, W: 480, '2x': 3, N: 0, C: 2.5, B: '4' });
    assert.deepEqual(defines, { H: 640, W: 480 });
    assert.deepEqual(problems, [
      "'2x' is not a dimension name (letters, digits and _, not starting with a digit)",
      "'N': the value must be a positive integer, not 0",
      "'C': the value must be a positive integer, not 2.5",
      `'B': the value must be a positive integer, not "4"`,
    ]);
    assert.deepEqual(parseDefines(undefined), { defines: {}, problems: [] });
    assert.equal(parseDefines([640]).problems.length, 1);
  });

  it('has the scale switch as a ConvLens command', () => {
    const command = packageJson.contributes.commands.find((entry: { command: string }) => entry.command === 'convlens.selectScale');
    assert.deepEqual(command, { command: 'convlens.selectScale', title: 'Select Ultralytics Scale', category: 'ConvLens' });
  });
});
