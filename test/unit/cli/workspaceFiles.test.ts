// The CLI's readFile for imports: from disk, only inside the workspace root (SPEC.md §1.3).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceFileReader, workspaceRoot } from '../../../src/cli/workspaceFiles';

describe('CLI: files a model imports', () => {
  let disk: string;
  let project: string;
  before(() => {
    disk = mkdtempSync(join(tmpdir(), 'convlens-imports-'));
    project = join(disk, 'project');
    mkdirSync(join(project, 'models', 'blocks'), { recursive: true });
    writeFileSync(join(project, 'models', 'main.js'), "import {down} from './blocks/down.js';\n");
    writeFileSync(join(project, 'models', 'blocks', 'down.js'), 'export const FILTERS = 64;\n');
    writeFileSync(join(project, 'shared.js'), 'export const SIZE = 32;\n');
    writeFileSync(join(disk, 'secret.js'), 'export const TOKEN = 1;\n');
    symlinkSync(join(disk, 'secret.js'), join(project, 'models', 'link.js'));
  });
  after(() => rmSync(disk, { recursive: true, force: true }));

  it('takes the current folder as the root for paths inside it, else the path named', () => {
    assert.equal(workspaceRoot('models', project, true), project);
    assert.equal(workspaceRoot('models/main.js', project, false), project);
    assert.equal(workspaceRoot('.', project, true), project);
    assert.equal(workspaceRoot('..', join(project, 'models', 'blocks'), true), join(project, 'models'));
    assert.equal(workspaceRoot(join(project, 'models', 'main.js'), disk + '-elsewhere', false), join(project, 'models'));
  });

  it('reads files inside the root, by the path relative to the current folder or absolute', async () => {
    const read = workspaceFileReader(project, project);
    assert.equal(await read('models/blocks/down.js'), 'export const FILTERS = 64;\n');
    assert.equal(await read('models/../shared.js'), 'export const SIZE = 32;\n');
    assert.equal(await read(join(project, 'shared.js')), 'export const SIZE = 32;\n');
  });

  it('never reads outside the root, through .., an absolute path or a symbolic link', async () => {
    const read = workspaceFileReader(join(project, 'models'), project);
    assert.equal(await read('models/blocks/down.js'), 'export const FILTERS = 64;\n');
    assert.equal(await read('shared.js'), undefined, 'beside the root');
    assert.equal(await read('models/../../secret.js'), undefined);
    assert.equal(await read(join(disk, 'secret.js')), undefined);
    assert.equal(await read('models/link.js'), undefined, 'a link inside that leads out');
  });

  it('answers undefined for a missing file or a folder', async () => {
    const read = workspaceFileReader(project, project);
    assert.equal(await read('models/blocks/up.js'), undefined);
    assert.equal(await read('models/blocks'), undefined);
    assert.equal(await workspaceFileReader(join(disk, 'gone'), project)('shared.js'), undefined, 'a root that does not exist');
  });
});
