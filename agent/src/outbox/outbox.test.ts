import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentRecord } from '@wardwatch/shared';
import { DiskOutbox } from './disk.js';
import { MemoryOutbox } from './memory.js';
import type { Outbox } from './outbox.js';

const AT = 1_764_000_000_000;
const ev = (i: number): AgentRecord => ({ kind: 'event', at: AT + i, name: `e${i}` });

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'ww-outbox-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

// One contract, run on both implementations (the simulator relies on the memory one behaving alike).
const impls: Array<[string, (maxBytes?: number) => Promise<Outbox>]> = [
  ['memory', async (maxBytes) => new MemoryOutbox({ maxBytes, now: () => AT })],
  [
    'disk',
    async (maxBytes) =>
      DiskOutbox.open({ dir: await tempDir(), maxBytes, segmentMaxBytes: 200, now: () => AT }),
  ],
];

describe.each(impls)('%s outbox contract', (_name, make) => {
  it('assigns seq +1 per batch and replays in order', async () => {
    const box = await make();
    expect(await box.append([ev(1)])).toBe(1);
    expect(await box.append([ev(2), ev(3)])).toBe(2);
    expect(await box.append([ev(4)])).toBe(3);
    const all = await box.peek(0, 10);
    expect(all.map((b) => b.seq)).toEqual([1, 2, 3]);
    expect(all[1]?.records).toEqual([ev(2), ev(3)]);
    expect((await box.peek(1, 1)).map((b) => b.seq)).toEqual([2]);
    expect(box.size()).toMatchObject({ batches: 3, lastSeq: 3, ackedSeq: 0, appendedRecords: 4 });
    await box.close();
  });

  it('deletes only what is acked', async () => {
    const box = await make();
    for (let i = 1; i <= 5; i++) await box.append([ev(i)]);
    await box.ack(3);
    expect((await box.peek(0, 10)).map((b) => b.seq)).toEqual([4, 5]);
    expect(box.size()).toMatchObject({ batches: 2, lastSeq: 5, ackedSeq: 3 });
    await box.ack(2); // stale ack changes nothing
    expect(box.size().ackedSeq).toBe(3);
    await box.ack(5);
    expect(await box.peek(0, 10)).toEqual([]);
    expect(await box.append([ev(6)])).toBe(6);
    await box.close();
  });

  it('an ack above lastSeq raises lastSeq so no seq is reused', async () => {
    const box = await make();
    await box.append([ev(1)]);
    await box.ack(40);
    expect(await box.append([ev(2)])).toBe(41);
    await box.close();
  });

  it('past the byte cap drops the oldest batches and appends a counted overflow event', async () => {
    const box = await make(1000);
    for (let i = 1; i <= 40; i++) await box.append([ev(i)]);
    const size = box.size();
    expect(size.bytes).toBeLessThanOrEqual(1000 + 400);
    expect(size.droppedBatches).toBeGreaterThan(0);
    const held = await box.peek(0, 1000);
    const seqs = held.map((b) => b.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // The newest data survives; the oldest went first.
    const names = held.flatMap((b) => b.records.map((r) => (r.kind === 'event' ? r.name : '')));
    expect(names).toContain('e40');
    expect(names).not.toContain('e1');
    const overflow = held
      .flatMap((b) => b.records)
      .filter((r) => r.kind === 'event' && r.name === 'outbox_overflow');
    expect(overflow.length).toBeGreaterThan(0);
    const dropped = overflow
      .map((r) =>
        r.kind === 'event' ? (JSON.parse(r.detail ?? '{}') as { droppedBatches: number }) : null,
      )
      .reduce((n, d) => n + (d?.droppedBatches ?? 0), 0);
    // Older overflow events may themselves be dropped later; the counter keeps the total.
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThanOrEqual(size.droppedBatches);
    await box.close();
  });
});

describe('DiskOutbox durability', () => {
  it('keeps seq and unacked batches across a reopen', async () => {
    const dir = await tempDir();
    const a = await DiskOutbox.open({ dir });
    for (let i = 1; i <= 4; i++) await a.append([ev(i)]);
    await a.ack(2);
    await a.close();
    const b = await DiskOutbox.open({ dir });
    expect(b.size()).toMatchObject({ lastSeq: 4, ackedSeq: 2, batches: 2, appendedRecords: 4 });
    expect((await b.peek(2, 10)).map((x) => x.seq)).toEqual([3, 4]);
    expect(await b.append([ev(5)])).toBe(5);
    await b.close();
  });

  it('never resets seq after every segment was acked and deleted', async () => {
    const dir = await tempDir();
    const a = await DiskOutbox.open({ dir });
    await a.append([ev(1)]);
    await a.append([ev(2)]);
    await a.ack(2);
    await a.close();
    expect((await readdir(join(dir))).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
    const b = await DiskOutbox.open({ dir });
    expect(await b.append([ev(3)])).toBe(3);
    await b.close();
  });

  it('ignores a torn last line after a crash and keeps appending cleanly', async () => {
    const dir = await tempDir();
    const a = await DiskOutbox.open({ dir });
    await a.append([ev(1)]);
    await a.append([ev(2)]);
    // No close(): simulate a crash mid-write of batch 3.
    const seg = (await readdir(dir)).find((f) => f.endsWith('.jsonl')) as string;
    await appendFile(join(dir, seg), '{"seq":3,"records":[{"kind":"ev');
    const b = await DiskOutbox.open({ dir });
    expect((await b.peek(0, 10)).map((x) => x.seq)).toEqual([1, 2]);
    expect(await b.append([ev(3)])).toBe(3);
    expect((await b.peek(0, 10)).map((x) => x.seq)).toEqual([1, 2, 3]);
    await b.close();
    const text = await readFile(join(dir, seg), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('"kind":"ev"');
  });

  it('counts batches appended after the last meta write (crash between the two)', async () => {
    const dir = await tempDir();
    const a = await DiskOutbox.open({ dir });
    await a.append([ev(1)]);
    const seg = (await readdir(dir)).find((f) => f.endsWith('.jsonl')) as string;
    await appendFile(join(dir, seg), JSON.stringify({ seq: 2, records: [ev(2), ev(3)] }) + '\n');
    const b = await DiskOutbox.open({ dir });
    expect(b.size()).toMatchObject({ lastSeq: 2, appendedRecords: 3 });
    await b.close();
  });

  it('deletes a segment only once all its batches are acked', async () => {
    const dir = await tempDir();
    const box = await DiskOutbox.open({ dir, segmentMaxBytes: 150 });
    for (let i = 1; i <= 6; i++) await box.append([ev(i)]);
    const before = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).length;
    expect(before).toBeGreaterThan(1);
    await box.ack(1);
    const firstSeg = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
    expect(firstSeg.length).toBe(before); // segment 1 still holds seq 2
    await box.ack(6);
    expect((await readdir(dir)).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
    await box.close();
  });
});

describe('DiskOutbox.compact', () => {
  it('drops acked lines from the oldest segment and keeps replay and appends intact', async () => {
    const dir = await tempDir();
    const a = await DiskOutbox.open({ dir, segmentMaxBytes: 10_000 });
    for (let i = 1; i <= 6; i++) await a.append([ev(i)]);
    await a.ack(4);
    const before = a.size().bytes;
    const reclaimed = await a.compact();
    expect(reclaimed).toBeGreaterThan(0);
    expect(a.size().bytes).toBe(before - reclaimed);
    expect((await a.peek(0, 10)).map((b) => b.seq)).toEqual([5, 6]);
    expect(await a.append([ev(7)])).toBe(7);
    expect(await a.compact()).toBe(0);
    await a.close();
    const b = await DiskOutbox.open({ dir });
    expect((await b.peek(0, 10)).map((x) => x.seq)).toEqual([5, 6, 7]);
    expect(b.size()).toMatchObject({ lastSeq: 7, ackedSeq: 4, batches: 3 });
    await b.close();
  });
});
