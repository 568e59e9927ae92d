import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentRecord, ServerMessage } from '@wardwatch/shared';
import { enrollStation, login, startServer, type RunningServer } from '../helpers/server.js';
import { batch, hello, openAgent } from './server-ws-client.js';

/**
 * kill -9 the server under load, repeatedly: every acked record is stored exactly once and
 * every unacked one arrives on replay; the SQLite file passes integrity_check after each kill.
 * (An agent killed mid-write: tests/integration/agent-outbox-crash.test.ts.)
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const requireFromServer = createRequire(join(ROOT, 'server', 'package.json'));
type Db = {
  pragma(s: string, o?: { simple: boolean }): unknown;
  close(): void;
};
const Database = requireFromServer('better-sqlite3') as new (path: string, o?: object) => Db;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RECORDS_PER_BATCH = 5;

function integrity(dbPath: string): string {
  const db = new Database(dbPath);
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

/** A simulated agent with an in-memory outbox: resends everything past the welcome's ackedSeq. */
class SimAgent {
  readonly outbox = new Map<number, AgentRecord[]>();
  acked = 0;
  nextSeq = 1;
  /** Highest ackedSeq a welcome ever reported lower than an ack we had: must stay empty. */
  readonly lostAcks: string[] = [];
  private ws: Awaited<ReturnType<typeof openAgent>> | null = null;
  private stopped = false;
  producing = true;
  private readonly url: () => string;
  readonly creds: { stationId: string; credential: string };

  constructor(url: () => string, creds: { stationId: string; credential: string }) {
    this.url = url;
    this.creds = creds;
  }

  async run(): Promise<void> {
    while (!this.stopped) {
      let r;
      try {
        r = await openAgent(this.url(), this.creds.credential);
      } catch {
        await sleep(100);
        continue;
      }
      if (!r.ok) {
        await sleep(100);
        continue;
      }
      this.ws = r;
      const s = r.socket;
      // Protocol: batches only after the welcome, in seq order (a later seq first would make
      // the earlier ones duplicates).
      let welcomed = false;
      s.ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as ServerMessage;
        if (m.type === 'ack') this.acked = Math.max(this.acked, m.seq);
        if (m.type === 'welcome') {
          if (m.ackedSeq < this.acked)
            this.lostAcks.push(`acked ${this.acked}, welcome ${m.ackedSeq}`);
          this.acked = Math.max(this.acked, m.ackedSeq);
          for (const [seq, records] of this.outbox) {
            if (seq > m.ackedSeq) s.sendJson(batch(seq, records));
          }
          welcomed = true;
        }
      });
      s.sendJson(hello(this.creds.stationId));
      const produce = setInterval(() => {
        if (this.stopped || !this.producing) return;
        const seq = this.nextSeq++;
        const now = Date.now();
        const records: AgentRecord[] = Array.from({ length: RECORDS_PER_BATCH }, (_, i) => ({
          kind: 'event',
          at: now,
          name: `r${seq}-${i}`,
        }));
        this.outbox.set(seq, records);
        if (welcomed && s.ws.readyState === s.ws.OPEN) s.sendJson(batch(seq, records));
      }, 20);
      await s.closed;
      clearInterval(produce);
      this.ws = null;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ws?.ok) await this.ws.socket.close();
  }
}

let server: RunningServer | null = null;
const dirs: string[] = [];
afterAll(async () => {
  await server?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('crash and restart', () => {
  it('keeps every acked record exactly once across repeated kill -9 under load', async () => {
    server = await startServer();
    const srv = server;
    const agents: SimAgent[] = [];
    for (let i = 0; i < 4; i++) {
      agents.push(new SimAgent(() => srv.url, await enrollStation(srv, { wardId: `crash-${i}` })));
    }
    const running = agents.map((a) => a.run());
    for (let round = 0; round < 4; round++) {
      await sleep(1500);
      const ackedBefore = agents.map((a) => a.acked);
      expect(ackedBefore.every((n) => n > 0)).toBe(true);
      await srv.kill();
      expect(integrity(srv.dbPath)).toBe('ok');
      await srv.restart();
    }
    // Stop producing; let every agent drain its outbox.
    for (const a of agents) a.producing = false;
    await sleep(500);
    const produced = agents.map((a) => a.outbox.size);
    await expect
      .poll(() => agents.every((a) => a.acked >= Math.max(...a.outbox.keys())), { timeout: 20_000 })
      .toBe(true);
    await Promise.all(agents.map((a) => a.stop()));
    await Promise.all(running);
    const admin = await login(srv);
    for (const [i, a] of agents.entries()) {
      expect(a.lostAcks).toEqual([]);
      const rows = await admin.get<{ items: { seq: number; name: string }[] }>(
        `/api/v1/records?station=${a.creds.stationId}&limit=10000`,
      );
      const names = rows.items.map((r) => r.name);
      expect(new Set(names).size, `station ${i} duplicates`).toBe(names.length);
      expect(names.length, `station ${i}`).toBe((produced[i] ?? 0) * RECORDS_PER_BATCH);
    }
    await srv.stop();
    expect(integrity(srv.dbPath)).toBe('ok');
  }, 90_000);
});

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.warn('[reliability] full-disk test skipped: needs root to mount a tmpfs');

describe.skipIf(!isRoot)('a full disk', () => {
  it('gives a clear error, keeps the server up, and corrupts nothing', async () => {
    const mount = mkdtempSync(join(tmpdir(), 'ww-full-'));
    dirs.push(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
    try {
      const dbPath = join(mount, 'ww.db');
      const srv = await startServer({ dbPath });
      try {
        const creds = await enrollStation(srv, { wardId: 'full-ward' });
        const r = await openAgent(srv.url, creds.credential);
        if (!r.ok) throw new Error(`upgrade refused ${r.status}`);
        const s = r.socket;
        s.sendJson(hello(creds.stationId));
        await s.next((m) => m.type === 'welcome');
        const big = 'x'.repeat(1000);
        let acked = 0;
        let error: ServerMessage | null = null;
        for (let seq = 1; seq < 2000 && !error; seq++) {
          const records: AgentRecord[] = Array.from({ length: 50 }, (_, i) => ({
            kind: 'event',
            at: Date.now(),
            name: `e${i}`,
            detail: big,
          }));
          s.sendJson(batch(seq, records));
          const m = await s.next((x) => x.type === 'ack' || x.type === 'error');
          if (m.type === 'ack') acked = m.seq;
          else error = m;
        }
        expect(error).toMatchObject({ type: 'error' });
        expect(acked).toBeGreaterThan(0);
        // The log line names the cause (pino writes asynchronously: poll).
        await expect
          .poll(() => /SQLITE_FULL|disk is full/.test(srv.output()), { timeout: 5000 })
          .toBe(true);
        const health = await fetch(`${srv.url}/api/v1/health`);
        expect(health.status).toBe(200);
        // A console write on the full disk: a clear error, not a crash.
        const admin = await login(srv).catch(() => null);
        if (admin) {
          const res = await fetch(`${srv.url}/api/v1/wards`, {
            method: 'POST',
            headers: {
              cookie: admin.cookie,
              'x-csrf-token': admin.csrfToken,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ id: 'after-full', name: 'x'.repeat(100) }),
          });
          if (res.status >= 500) {
            expect(await res.json()).toMatchObject({ error: { code: 'storage_full' } });
          }
        }
        await srv.stop();
        expect(integrity(dbPath)).toBe('ok');
        // Every acked batch is there.
        const db = new Database(dbPath, { readonly: true });
        try {
          const stored = Number(
            (db as unknown as { prepare(s: string): { pluck(): { get(): unknown } } })
              .prepare('SELECT count(DISTINCT seq) FROM records')
              .pluck()
              .get(),
          );
          expect(stored).toBeGreaterThanOrEqual(acked);
        } finally {
          db.close();
        }
      } finally {
        await srv.stop();
      }
    } finally {
      execFileSync('umount', [mount]);
    }
  }, 90_000);
});
