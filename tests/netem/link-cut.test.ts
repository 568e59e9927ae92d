import { join } from 'node:path';
import type { IfaceRecord, ProbeRecord, SessionRecord } from '@wardwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollStation, login, type Api, type RunningServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import {
  agentOnline,
  agentState,
  sleep,
  startAgentInA,
  startServerInB,
  stationRecords,
  teardown,
  waitUntil,
} from './fleet.js';
import {
  ADDR_B,
  createLink,
  ip,
  netemSkipReason,
  type Link,
  type ServiceProcess,
} from './netns.js';

type Stored = (
  ProbeRecord | SessionRecord | IfaceRecord | { kind: 'sys' | 'event' | 'peripherals' }
) & {
  at: number;
  seq: number;
  name?: string;
  target?: string;
  session?: string;
};

const CUT_MS = 20_000;
// Per phase: the drop is noticed (heartbeat 2 s + pong timeout 10 s) and the agent
// reconnects through its backoff once the link is back.
const RECOVER_TIMEOUT_MS = 60_000;
// The agent's attempt counter resets only after a connection stayed up 10 s.
const SETTLE_MS = 11_000;

const skip = netemSkipReason();
if (skip) console.warn(`[netem] link cut tests skipped: ${skip}`);

describe.skipIf(skip !== null)(
  'a 20 s link cut between the agent and everything it talks to',
  () => {
    let link: Link;
    let tmp: Awaited<ReturnType<typeof tempDir>>;
    let services: ServiceProcess;
    let serverProc: ServiceProcess;
    let agentProc: ServiceProcess;
    let server: RunningServer;
    let admin: Api;
    let stationId: string;
    let dataDir: string;
    let configDir: string | null = null;
    const targetIds: Record<'icmp' | 'tcp' | 'http' | 'session', string> = {
      icmp: '',
      tcp: '',
      http: '',
      session: '',
    };
    const phases: Record<'cut' | 'down', { from: number; to: number }> = {
      cut: { from: 0, to: 0 },
      down: { from: 0, to: 0 },
    };

    const state = () => agentState(dataDir);
    const records = () => stationRecords<Stored>(admin, stationId);
    const online = () => agentOnline(dataDir);
    /** Online again, and every probe target answered again since `since`. */
    const recovered = async (since: number) => {
      if (!(await online())) return false;
      const s = await state();
      return (['icmp', 'tcp', 'http'] as const).every((k) => {
        const r = s.lastResults[targetIds[k]];
        return r?.ok === true && r.at > since;
      });
    };

    beforeAll(async () => {
      tmp = await tempDir('wardwatch-netem-');
      link = await createLink({ delayMs: 20, loss: 0, sidePath: true });
      services = await link.start(
        link.nsB,
        [process.execPath, 'tests/netem/b-services.mjs', ADDR_B],
        /\{"tcpPort":(\d+),"httpPort":(\d+)\}/,
      );
      const tcpPort = Number(services.ready[1]);
      const httpPort = Number(services.ready[2]);

      // The server lives in B: the agent reaches it only through the emulator (10.231.0.2),
      // the test's REST calls take the side veth (10.231.x.2).
      ({ proc: serverProc, server } = await startServerInB(link, tmp.path));
      admin = await login(server).catch((err: unknown) => {
        throw new Error(`login failed: ${String(err)}\nserver output:\n${serverProc.output()}`);
      });
      const st = await enrollStation(server, { wardId: 'netem-cut' });
      stationId = st.stationId;
      const base = { wardId: st.wardId, host: ADDR_B, timeoutMs: 1500 };
      for (const [key, body] of [
        ['icmp', { name: 'B icmp', probe: 'icmp', intervalMs: 2000 }],
        ['tcp', { name: 'B tcp', probe: 'tcp', port: tcpPort, intervalMs: 1000 }],
        [
          'http',
          { name: 'B http', probe: 'http', url: `http://${ADDR_B}:${httpPort}/`, intervalMs: 1000 },
        ],
        [
          'session',
          {
            name: 'B session',
            probe: 'session',
            url: `http://${ADDR_B}:${httpPort}/`,
            intervalMs: 2000,
          },
        ],
      ] as const) {
        targetIds[key] = (
          await admin.post<{ id: string }>('/api/v1/targets', { ...base, ...body })
        ).id;
      }

      dataDir = join(tmp.path, 'agent-data');
      ({ proc: agentProc, configDir } = await startAgentInA(link, {
        serverUrl: `http://${ADDR_B}:${server.port}`,
        station: st,
        dataDir,
      }));
      await waitUntil(
        () => recovered(0),
        30_000,
        'the agent online with every target answering',
        500,
      );
    });

    afterAll(() => teardown({ agentProc, link, tmp, configDir }));

    it('emulator cut (every packet dropped, both ways) for 20 s: the agent notices, keeps measuring, recovers', async () => {
      await link.emulator.cut();
      phases.cut.from = Date.now();
      await sleep(CUT_MS);
      phases.cut.to = Date.now();
      await link.emulator.restore();
      const during = await state();
      expect(during.connection.state).not.toBe('online');
      expect(during.outbox.lastSeq).toBeGreaterThan(during.outbox.ackedSeq);
      await expect
        .poll(() => recovered(phases.cut.to), { timeout: RECOVER_TIMEOUT_MS, interval: 500 })
        .toBe(true);
      console.info(
        `[netem] cut: recovered ${Date.now() - phases.cut.to} ms after the link came back`,
      );
      await sleep(SETTLE_MS);
    });

    it(`A's link set down for 20 s: an iface change as well`, async () => {
      await ip('-n', link.nsA, 'link', 'set', link.tunA, 'down');
      phases.down.from = Date.now();
      await sleep(CUT_MS);
      phases.down.to = Date.now();
      await ip('-n', link.nsA, 'link', 'set', link.tunA, 'up');
      await expect
        .poll(() => recovered(phases.down.to), { timeout: RECOVER_TIMEOUT_MS, interval: 500 })
        .toBe(true);
      console.info(
        `[netem] down: recovered ${Date.now() - phases.down.to} ms after the link came back`,
      );
    });

    it('afterwards the server has every record the agent appended, exactly once, the cuts included', async () => {
      await agentProc.stop(); // SIGTERM: the agent drains its outbox before it exits
      const final = await state();
      expect(final.running).toBe(false);
      expect(final.outbox.ackedSeq).toBe(final.outbox.lastSeq);
      const stored = await records();
      expect(stored.length).toBe(final.recordsAppended);
      const keys = stored.map((r) =>
        JSON.stringify([r.kind, r.at, r.target ?? r.name ?? r.session ?? ''] as const),
      );
      expect(new Set(keys).size).toBe(keys.length);

      const inside = (p: { from: number; to: number }, at: number, endMarginMs = 0) =>
        at >= p.from && at <= p.to - endMarginMs;
      const probes = stored.filter((r): r is Stored & ProbeRecord => r.kind === 'probe');
      const sessions = stored.filter((r): r is Stored & SessionRecord => r.kind === 'session');

      for (const [name, p] of Object.entries(phases)) {
        // Rounds started during the cut and over before it ended (an icmp round is up to
        // 4 echoes + its 2 s wait, tcp/http rounds their 1.5 s timeout): measured, delivered after.
        for (const k of ['icmp', 'tcp', 'http'] as const) {
          const during = probes.filter(
            (r) => r.target === targetIds[k] && inside(p, r.at, k === 'icmp' ? 7000 : 2000),
          );
          expect(during.length, `${name}: ${k} rounds during the cut`).toBeGreaterThanOrEqual(
            k === 'icmp' ? 1 : 4,
          );
          expect(
            during.filter((r) => r.ok),
            `${name}: ${k} failed throughout`,
          ).toEqual([]);
        }
        // The server connection ended during the cut, and the agent says how and for how long.
        const serverDrop = sessions.find((s) => s.session === 'server' && inside(p, s.endedAt));
        expect(serverDrop, `${name}: server session drop`).toBeDefined();
        expect(['timeout', 'reset', 'iface_down']).toContain(serverDrop?.cause);
        expect(serverDrop?.reconnectMs).toBeGreaterThan(0);
        // So did the kept-warm service session.
        const serviceDrop = sessions.find(
          (s) => s.session === 'service' && s.target === targetIds.session && inside(p, s.endedAt),
        );
        expect(serviceDrop, `${name}: service session drop`).toBeDefined();
      }

      // Link down: an iface record during the cut shows A's TUN down (up again afterwards).
      const ifaces = stored.filter((r): r is Stored & IfaceRecord => r.kind === 'iface');
      const tunState = (r: IfaceRecord) => r.interfaces.find((i) => i.name === link.tunA)?.up;
      expect(ifaces.some((r) => inside(phases.down, r.at) && tunState(r) === false)).toBe(true);
      expect(ifaces.some((r) => r.at > phases.down.to && tunState(r) === true)).toBe(true);
      console.info(
        `[netem] stored ${stored.length} records; session drops: ` +
          JSON.stringify(
            sessions.map((s) => ({ s: s.session, cause: s.cause, reconnectMs: s.reconnectMs })),
          ),
      );
    });
  },
);
