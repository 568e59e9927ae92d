import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config.js';
import { openStore } from './open-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openStore', () => {
  it('opens a migrated SQLite store from a sqlite: URL, and its verbs return promises', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-open-store-'));
    dirs.push(dir);
    const store = await openStore(`sqlite:${join(dir, 'nested', 'ww.db')}`);
    expect(store.kind).toBe('sqlite');
    const created = store.createWard({ id: 'w1', name: 'Phường 1', createdAt: 1 });
    expect(created).toBeInstanceOf(Promise);
    await created;
    expect(await store.listWards()).toEqual([{ id: 'w1', name: 'Phường 1' }]);
    // A failing verb rejects; it never throws synchronously.
    const duplicate = store.createWard({ id: 'w1', name: 'again', createdAt: 2 });
    await expect(duplicate).rejects.toThrow(/UNIQUE/);
    await store.close();
    await store.close(); // idempotent
  });

  it('opens a read-only reader beside the writer: it sees commits and refuses every write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-open-store-'));
    dirs.push(dir);
    const url = `sqlite:${join(dir, 'ww.db')}`;
    // Nothing to read yet: a reader never creates the file (the server does, migrated).
    await expect(openStore(url, { readOnly: true })).rejects.toThrow(/unable to open/);
    const writer = await openStore(url);
    const reader = await openStore(url, { readOnly: true });
    await writer.createWard({ id: 'w1', name: 'Phường 1', createdAt: 1 });
    expect(await reader.listWards()).toEqual([{ id: 'w1', name: 'Phường 1' }]);
    await expect(reader.createWard({ id: 'w2', name: 'x', createdAt: 2 })).rejects.toThrow(
      /readonly/i,
    );
    expect(await writer.listWards()).toHaveLength(1);
    await reader.close();
    await writer.close();
    await expect(openStore('sqlite::memory:', { readOnly: true })).rejects.toThrow(/file/);
  });

  it('opens PostgreSQL for a postgres:// URL; an unreachable one rejects without echoing the password', async () => {
    // Port 1 on loopback: nothing listens, so the adapter's connection check fails at once.
    const attempt = openStore('postgres://ww:s3cret@127.0.0.1:1/ww');
    await expect(attempt).rejects.toThrow(/127\.0\.0\.1:1/);
    await expect(attempt).rejects.not.toThrow(/s3cret/);
  });

  it.each([['mysql://x'], ['sqlite:'], ['']])('rejects %j with a ConfigError', async (url) => {
    await expect(openStore(url)).rejects.toBeInstanceOf(ConfigError);
  });
});
