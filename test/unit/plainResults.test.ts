/**
 * Analysis results and the IR they point into are plain data (no getters, `#private` fields or
 * closures), so an analysis can cross a thread or process boundary: `structuredClone` and a JSON
 * round trip lose nothing. Edits are built from that data by `writers/`.
 */
import { strict as assert } from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import { isModelFileName } from '../../src/core/formats/modelFormats';

const EXAMPLES = readdirSync('examples').filter((file) => isModelFileName(file));

/** Where in `value` something is not plain data: a function, an accessor, or an object of a class with methods. */
function notPlain(value: unknown, path = '$', seen = new Set<unknown>()): string[] {
  if (typeof value === 'function') return [`${path} is a function`];
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const found: string[] = [];
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) {
    const members = Object.getOwnPropertyNames(prototype).filter((name) => name !== 'constructor');
    if (members.length > 0) found.push(`${path} has members on its prototype: ${members.join(', ')}`);
  }
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    if (descriptor.get || descriptor.set) found.push(`${path}.${key} is an accessor`);
    else found.push(...notPlain(descriptor.value, `${path}.${key}`, seen));
  }
  return found;
}

describe('analysis results are plain data', () => {
  it('covers every example', () => {
    assert.ok(EXAMPLES.length >= 8, EXAMPLES.join(', '));
  });

  for (const file of EXAMPLES) {
    it(`${file}: structuredClone and JSON keep the whole analysis`, async () => {
      const analysis = await analyzeDocument(readFileSync(join('examples', file), 'utf8'), file);
      assert.ok(analysis.models.length > 0);
      assert.deepEqual(notPlain(analysis), []);
      // deepEqual: the clone's objects are plain, the original's spans may be instances of a class without methods.
      assert.deepEqual(structuredClone(analysis), analysis);
      assert.deepEqual(JSON.parse(JSON.stringify(analysis)), analysis);
    });
  }
});
