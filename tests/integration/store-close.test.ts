// A script (migrate-data, the benches) that awaits the SQLite store's close must end normally:
// the close waits for the checkpoint worker, which must keep the process alive meanwhile.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const STORE = new URL('../../server/dist/store/sqlite/sqlite-store.js', import.meta.url).href;
const dirs: { remove(): Promise<void> }[] = [];
afterAll(async () => {
  for (const d of dirs) await d.remove();
});

describe('SQLite store close in a plain script', () => {
  it('settles: the script reaches its last line and exits 0 (not 13, an unsettled await)', async () => {
    const dir = await tempDir('wardwatch-close-');
    dirs.push(dir);
    const script = `
      const { openSqliteStore } = await import(${JSON.stringify(STORE)});
      const store = openSqliteStore(${JSON.stringify(`${dir.path}/ww.db`)});
      await store.createWard({ id: 'w1', name: 'Phường 1', createdAt: 1 });
      await store.close();
      console.log('closed');
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script],
      { timeout: 20_000 },
    );
    expect(stdout.trim()).toBe('closed');
  });
});
