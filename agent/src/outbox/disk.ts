import { mkdir, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentRecord } from '@wardwatch/shared';
import { overflowRecord, type Outbox, type OutboxBatch, type OutboxSize } from './outbox.js';

export interface DiskOutboxOptions {
  dir: string;
  maxBytes?: number;
  /** Size at which a segment file is closed and a new one started. */
  segmentMaxBytes?: number;
  now?: () => number;
}

interface Entry {
  seq: number;
  pos: number;
  len: number;
  records: number;
}

interface Segment {
  file: string;
  entries: Entry[];
  bytes: number;
}

interface Meta {
  ackedSeq: number;
  lastSeq: number;
  appendedRecords: number;
  droppedBatches: number;
}

const META = 'acked.json';
const RECENT_MAX = 64;
const SEGMENT = /^seg-(\d{12})\.jsonl$/;
const segmentName = (firstSeq: number) => `seg-${String(firstSeq).padStart(12, '0')}.jsonl`;

/** Byte offsets of the complete, parseable lines in a segment; a torn tail is cut off. */
export function scanSegment(text: Buffer): { entries: Entry[]; goodBytes: number } {
  const entries: Entry[] = [];
  let pos = 0;
  let goodBytes = 0;
  while (pos < text.length) {
    const nl = text.indexOf(0x0a, pos);
    if (nl < 0) break; // torn last line: written without its newline before a crash
    try {
      const parsed = JSON.parse(text.subarray(pos, nl).toString('utf8')) as OutboxBatch;
      if (Number.isInteger(parsed.seq) && Array.isArray(parsed.records)) {
        entries.push({ seq: parsed.seq, pos, len: nl - pos, records: parsed.records.length });
      }
    } catch {
      // A garbled line (torn write followed by later appends) is skipped, not fatal.
    }
    pos = nl + 1;
    goodBytes = pos;
  }
  return { entries, goodBytes };
}

/**
 * Durable outbox: append-only JSONL segments (one batch a line, one fsync a batch) plus
 * `acked.json` (ackedSeq, lastSeq) written by tmp + rename, so seq never resets even when
 * every segment has been deleted. No native module needed.
 */
export class DiskOutbox implements Outbox {
  #dir: string;
  #maxBytes: number;
  #segmentMaxBytes: number;
  #now: () => number;
  #segments: Segment[] = [];
  #meta: Meta = { ackedSeq: 0, lastSeq: 0, appendedRecords: 0, droppedBatches: 0 };
  #writer: FileHandle | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** Recently appended batches, so the transport's peek of a fresh batch reads no file. */
  #recent = new Map<number, OutboxBatch>();

  private constructor(options: DiskOutboxOptions) {
    this.#dir = options.dir;
    this.#maxBytes = options.maxBytes ?? 200 * 1024 * 1024;
    this.#segmentMaxBytes =
      options.segmentMaxBytes ??
      Math.max(64 * 1024, Math.min(8 * 1024 * 1024, Math.floor(this.#maxBytes / 8)));
    this.#now = options.now ?? Date.now;
  }

  static async open(options: DiskOutboxOptions): Promise<DiskOutbox> {
    const outbox = new DiskOutbox(options);
    await outbox.#load();
    return outbox;
  }

  async #load(): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    try {
      const raw = JSON.parse(await readFile(join(this.#dir, META), 'utf8')) as Partial<Meta>;
      this.#meta = {
        ackedSeq: raw.ackedSeq ?? 0,
        lastSeq: raw.lastSeq ?? 0,
        appendedRecords: raw.appendedRecords ?? 0,
        droppedBatches: raw.droppedBatches ?? 0,
      };
    } catch {
      // First start (or a lost meta file): segments below still give lastSeq.
    }
    const files = (await readdir(this.#dir)).filter((f) => SEGMENT.test(f)).sort();
    for (const file of files) {
      const path = join(this.#dir, file);
      const text = await readFile(path);
      const { entries, goodBytes } = scanSegment(text);
      if (goodBytes < text.length) {
        const fh = await open(path, 'r+');
        await fh.truncate(goodBytes);
        await fh.sync();
        await fh.close();
      }
      const live = entries.filter((e) => e.seq > this.#meta.ackedSeq);
      for (const e of entries) {
        // Batches appended after the last meta write (crash in between) still count.
        if (e.seq > this.#meta.lastSeq) {
          this.#meta.appendedRecords += e.records;
          this.#meta.lastSeq = e.seq;
        }
      }
      if (live.length === 0) await rm(path, { force: true });
      else this.#segments.push({ file, entries, bytes: goodBytes });
    }
    await this.#writeMeta(true);
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  append(records: AgentRecord[]): Promise<number> {
    return this.#serial(async () => {
      const seq = await this.#appendOne(records);
      // lastSeq and appendedRecords are recomputed from the segments on open, so the meta
      // file is rewritten only when batches were dropped or on ack (durably, before deletes).
      if (await this.#enforceCap()) await this.#writeMeta(false);
      return seq;
    });
  }

  async #appendOne(records: AgentRecord[]): Promise<number> {
    if (this.#closed) throw new Error('outbox is closed');
    const seq = this.#meta.lastSeq + 1;
    const line = Buffer.from(JSON.stringify({ seq, records }) + '\n', 'utf8');
    let current = this.#segments.at(-1);
    if (!this.#writer || !current || current.bytes >= this.#segmentMaxBytes) {
      await this.#writer?.close();
      current = { file: segmentName(seq), entries: [], bytes: 0 };
      this.#segments.push(current);
      this.#writer = await open(join(this.#dir, current.file), 'a');
    }
    await this.#writer.write(line);
    await this.#writer.datasync();
    current.entries.push({
      seq,
      pos: current.bytes,
      len: line.length - 1,
      records: records.length,
    });
    current.bytes += line.length;
    this.#recent.set(seq, { seq, records });
    if (this.#recent.size > RECENT_MAX) {
      this.#recent.delete(this.#recent.keys().next().value as number);
    }
    this.#meta.lastSeq = seq;
    this.#meta.appendedRecords += records.length;
    return seq;
  }

  async #enforceCap(): Promise<boolean> {
    let droppedBatches = 0;
    let droppedRecords = 0;
    while (this.#totalBytes() > this.#maxBytes && this.#segments.length > 1) {
      const oldest = this.#segments.shift() as Segment;
      for (const e of oldest.entries) this.#recent.delete(e.seq);
      const unacked = oldest.entries.filter((e) => e.seq > this.#meta.ackedSeq);
      droppedBatches += unacked.length;
      droppedRecords += unacked.reduce((n, e) => n + e.records, 0);
      await rm(join(this.#dir, oldest.file), { force: true });
    }
    if (droppedBatches > 0) {
      this.#meta.droppedBatches += droppedBatches;
      await this.#appendOne([overflowRecord(this.#now(), droppedBatches, droppedRecords)]);
    }
    return droppedBatches > 0;
  }

  #totalBytes(): number {
    return this.#segments.reduce((n, s) => n + s.bytes, 0);
  }

  peek(afterSeq: number, max: number): Promise<OutboxBatch[]> {
    return this.#serial(async () => {
      const out: OutboxBatch[] = [];
      for (const seg of this.#segments) {
        if (out.length >= max) break;
        const wanted = seg.entries.filter((e) => e.seq > afterSeq).slice(0, max - out.length);
        if (wanted.length === 0) continue;
        let fh: FileHandle | null = null;
        try {
          for (const e of wanted) {
            const cached = this.#recent.get(e.seq);
            if (cached) {
              out.push(cached);
              continue;
            }
            fh ??= await open(join(this.#dir, seg.file), 'r');
            const buf = Buffer.alloc(e.len);
            await fh.read(buf, 0, e.len, e.pos);
            out.push(JSON.parse(buf.toString('utf8')) as OutboxBatch);
          }
        } finally {
          await fh?.close();
        }
      }
      return out;
    });
  }

  ack(seq: number): Promise<void> {
    return this.#serial(async () => {
      if (seq <= this.#meta.ackedSeq) return;
      this.#meta.ackedSeq = seq;
      this.#meta.lastSeq = Math.max(this.#meta.lastSeq, seq);
      for (const k of this.#recent.keys()) if (k <= seq) this.#recent.delete(k);
      // Durable before any deletion: a restart must never see a lower ackedSeq/lastSeq.
      await this.#writeMeta(true);
      while (this.#segments.length > 0) {
        const seg = this.#segments[0] as Segment;
        const last = seg.entries.at(-1)?.seq ?? 0;
        if (last > seq) break;
        if (seg === this.#segments.at(-1) && this.#writer) {
          await this.#writer.close();
          this.#writer = null;
        }
        this.#segments.shift();
        await rm(join(this.#dir, seg.file), { force: true });
      }
    });
  }

  /**
   * Daily housekeeping: rewrite the oldest segment without its acked lines (tmp + fsync +
   * rename over the same name, so a crash leaves either the old or the new file, never both).
   * Returns the bytes reclaimed.
   */
  compact(): Promise<number> {
    return this.#serial(async () => {
      const seg = this.#segments[0];
      if (!seg || this.#closed) return 0;
      const live = seg.entries.filter((e) => e.seq > this.#meta.ackedSeq);
      if (live.length === seg.entries.length || live.length === 0) return 0;
      if (seg === this.#segments.at(-1) && this.#writer) {
        await this.#writer.close();
        this.#writer = null;
      }
      const path = join(this.#dir, seg.file);
      const text = await readFile(path);
      const lines: Buffer[] = [];
      const entries: Entry[] = [];
      let pos = 0;
      for (const e of live) {
        const line = text.subarray(e.pos, e.pos + e.len + 1);
        entries.push({ ...e, pos });
        lines.push(line);
        pos += line.length;
      }
      const tmp = `${path}.tmp`;
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(Buffer.concat(lines));
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
      const reclaimed = seg.bytes - pos;
      seg.entries = entries;
      seg.bytes = pos;
      return reclaimed;
    });
  }

  size(): OutboxSize {
    const batches = this.#segments.reduce(
      (n, s) => n + s.entries.filter((e) => e.seq > this.#meta.ackedSeq).length,
      0,
    );
    return { batches, bytes: this.#totalBytes(), ...this.#meta };
  }

  async #writeMeta(durable: boolean): Promise<void> {
    const path = join(this.#dir, META);
    const tmp = `${path}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify(this.#meta));
      if (durable) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  }

  close(): Promise<void> {
    return this.#serial(async () => {
      if (this.#closed) return;
      this.#closed = true;
      await this.#writer?.close();
      this.#writer = null;
      await this.#writeMeta(true);
    });
  }
}
