// The ingest's BatchCommitter against the real SQLite store: one transaction per tick.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Batch } from '@wardwatch/shared';
import type { ServiceContext } from '../../services/context.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from '../store.js';
import { BatchCommitter } from '../../ingest/batch-committer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ww-committer-'));
  dirs.push(dir);
  const store: Store = openSqliteStore(join(dir, 'ww.db'));
  await store.createWard({ id: 'w1', name: 'W1', createdAt: 0 });
  for (const id of ['s1', 's2']) {
    await store.createEnrollmentToken({
      tokenHash: `t-${id}`,
      wardId: 'w1',
      createdAt: 0,
      expiresAt: 1e15,
    });
    await store.enrollStation({
      tokenHash: `t-${id}`,
      now: 1,
      stationId: id,
      hostname: id,
      credentialHash: `c-${id}`,
    });
  }
  const committed: string[] = [];
  const ctx: ServiceContext = {
    store,
    clock: { now: () => 1000 },
    log: { info: () => {}, warn: () => {}, error: () => {} },
    actor: null,
    presence: { isOnline: () => true },
    events: {
      targetsChanged: () => {},
      stationChanged: () => {},
      batchCommitted: (b) => committed.push(`${b.stationId}:${b.records.length}`),
    },
  };
  return { store, ctx, committed };
}

const batch = (seq: number): Batch => ({
  v: 1,
  type: 'batch',
  seq,
  sentAt: 900,
  records: [{ kind: 'event', at: 900, name: 'agent_started' }],
});

describe('BatchCommitter', () => {
  it('commits a tick of batches in one transaction, then calls back in arrival order', async () => {
    const { store, ctx, committed } = await setup();
    const committer = new BatchCommitter({ context: () => ctx, tickMs: 10_000, maxBatches: 100 });
    const done: string[] = [];
    const submit = (stationId: string, seq: number) =>
      committer.submit({ stationId, offsetMs: 0, batch: batch(seq) }, (err, result) => {
        expect(err).toBeNull();
        done.push(`${stationId}:${seq}:${result?.duplicate ? 'dup' : 'new'}`);
      });
    submit('s1', 1);
    submit('s2', 1);
    submit('s1', 2);
    submit('s1', 2); // a resend within the same tick: duplicate, still called back
    expect(done).toEqual([]); // nothing acked before the commit
    await committer.flush();
    expect(done).toEqual(['s1:1:new', 's2:1:new', 's1:2:new', 's1:2:dup']);
    expect(committer.commits).toBe(1);
    expect(committed).toEqual(['s1:1', 's2:1', 's1:1']);
    expect(await store.listRecords({ stationId: 's1', limit: 10 })).toHaveLength(2);
    await store.close();
  });

  it('one failing batch does not fail the others of its tick', async () => {
    const { store, ctx } = await setup();
    const committer = new BatchCommitter({ context: () => ctx, tickMs: 10_000, maxBatches: 100 });
    const results: string[] = [];
    for (const stationId of ['s1', 'ghost', 's2']) {
      committer.submit({ stationId, offsetMs: 0, batch: batch(1) }, (err) =>
        results.push(`${stationId}:${err ? 'error' : 'ok'}`),
      );
    }
    await committer.stop();
    expect(results).toEqual(['s1:ok', 'ghost:error', 's2:ok']);
    expect(await store.listRecords({ limit: 10 })).toHaveLength(2);
    await store.close();
  });

  it('commits the next tick only after the previous one settled, even when the store is slow', async () => {
    const { store, ctx } = await setup();
    // The real store behind a slow transaction, as a networked database would be.
    const events: string[] = [];
    const slow: Store = {
      ...store,
      recordBatches: async (bs) => {
        events.push(`begin:${bs.map((b) => b.seq).join(',')}`);
        await new Promise((r) => setTimeout(r, 30));
        const results = await store.recordBatches(bs);
        events.push(`commit:${bs.map((b) => b.seq).join(',')}`);
        return results;
      },
    };
    const committer = new BatchCommitter({
      context: () => ({ ...ctx, store: slow }),
      tickMs: 10_000,
      maxBatches: 100,
    });
    const submit = (seq: number) =>
      committer.submit({ stationId: 's1', offsetMs: 0, batch: batch(seq) }, (err) => {
        expect(err).toBeNull();
        events.push(`ack:${seq}`);
      });
    submit(1);
    const first = committer.flush();
    submit(2); // arrives while the first tick's transaction is still open
    const second = committer.flush();
    expect(events).toEqual([]); // nothing begins before the caller's turn ends
    await Promise.all([first, second]);
    expect(events).toEqual(['begin:1', 'commit:1', 'ack:1', 'begin:2', 'commit:2', 'ack:2']);
    expect((await store.getStationRow('s1'))?.lastSeenAt).toBe(1000);
    expect(await store.listRecords({ stationId: 's1', limit: 10 })).toHaveLength(2);
    await committer.stop();
    await store.close();
  });
});
