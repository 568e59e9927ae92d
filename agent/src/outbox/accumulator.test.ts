import { describe, expect, it } from 'vitest';
import type { AgentRecord } from '@wardwatch/shared';
import { Accumulator } from './accumulator.js';
import { MemoryOutbox } from './memory.js';

const rec = (i: number): AgentRecord => ({ kind: 'event', at: i, name: 'x' });

describe('Accumulator', () => {
  it('appends one batch per flush, in add order', async () => {
    const outbox = new MemoryOutbox();
    const seqs: number[] = [];
    const acc = new Accumulator({ outbox, flushMs: 60_000, onAppend: (s) => seqs.push(s) });
    acc.add(rec(1));
    acc.add(rec(2));
    await acc.flush();
    await acc.flush(); // nothing pending: no empty batch
    acc.add(rec(3));
    await acc.stop();
    const batches = await outbox.peek(0, 10);
    expect(batches.map((b) => b.records.map((r) => r.at))).toEqual([[1, 2], [3]]);
    expect(seqs).toEqual([1, 2]);
  });

  it('flushes early at maxRecords', async () => {
    const outbox = new MemoryOutbox();
    const acc = new Accumulator({ outbox, flushMs: 60_000, maxRecords: 3 });
    for (let i = 0; i < 7; i++) acc.add(rec(i));
    await acc.stop();
    expect((await outbox.peek(0, 10)).map((b) => b.records.length)).toEqual([3, 3, 1]);
  });

  it('flushes on its timer', async () => {
    const outbox = new MemoryOutbox();
    const acc = new Accumulator({ outbox, flushMs: 20 });
    acc.start();
    acc.add(rec(1));
    await expect.poll(() => outbox.size().lastSeq, { timeout: 2000 }).toBe(1);
    await acc.stop();
  });
});
