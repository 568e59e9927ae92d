import { describe, expect, it } from 'vitest';
import { MAX_RECORDS_PER_BATCH } from './limits.js';
import type { AgentRecord } from './records.js';
import { decodeAgentMessage, decodeServerMessage } from './validate.js';

const AT = 1_764_000_000_000;

const records: Record<AgentRecord['kind'], AgentRecord> = {
  probe: {
    kind: 'probe',
    at: AT,
    target: 'csdlqg',
    probe: 'icmp',
    ok: true,
    rttMs: { min: 20, avg: 25.5, max: 40, mdev: 4.2 },
    sent: 5,
    received: 5,
    lossPct: 0,
  },
  sys: {
    kind: 'sys',
    at: AT,
    cpuPct: 12.5,
    memUsedBytes: 4e9,
    memTotalBytes: 8e9,
    disks: [{ mount: 'C:\\', usedBytes: 1e11, sizeBytes: 2.5e11 }],
    uptimeSec: 3600,
    load1: 0.4,
  },
  iface: {
    kind: 'iface',
    at: AT,
    interfaces: [{ name: 'Ethernet', up: true, addrs: ['10.1.2.3'], isTunnel: false }],
    gateway: '10.1.2.1',
  },
  peripherals: {
    kind: 'peripherals',
    at: AT,
    devices: [
      {
        vid: '1162',
        pid: '2200',
        vendor: 'SecuGen',
        product: 'Hamster Pro 20',
        category: 'fingerprint',
      },
    ],
  },
  session: {
    kind: 'session',
    at: AT,
    session: 'server',
    startedAt: AT - 60_000,
    endedAt: AT,
    cause: 'timeout',
    reconnectMs: 1500,
  },
  event: { kind: 'event', at: AT, name: 'agent_start', detail: '{"version":"0.1.0"}' },
};

const batchOf = (...recs: unknown[]) => ({
  v: 1,
  type: 'batch',
  seq: 1,
  sentAt: AT,
  records: recs,
});
const hello = {
  v: 1,
  type: 'hello',
  stationId: 'st_1',
  agentVersion: '0.1.0',
  hostname: 'pc-ward',
  os: { platform: 'win32', release: '10.0.19045', arch: 'x64' },
  sentAt: AT,
  mono: 1234.5,
  lastSeq: 0,
};
const decodeJson = (value: unknown) => decodeAgentMessage(JSON.stringify(value));

describe('agent → server messages', () => {
  it('accepts a hello', () => expect(decodeJson(hello).ok).toBe(true));

  it.each(Object.values(records))('accepts a batch with a $kind record', (record) => {
    expect(decodeJson(batchOf(record))).toMatchObject({ ok: true });
  });

  it.each([
    ['wrong version', { ...hello, v: 2 }],
    ['unknown type', { ...hello, type: 'hullo' }],
    ['extra field', { ...hello, extra: 1 }],
    ['missing stationId', { ...hello, stationId: undefined }],
    ['negative lastSeq', { ...hello, lastSeq: -1 }],
    ['seq 0', { ...batchOf(records.sys), seq: 0 }],
    ['fractional seq', { ...batchOf(records.sys), seq: 1.5 }],
    ['empty batch', batchOf()],
    [
      'too many records',
      batchOf(...Array.from({ length: MAX_RECORDS_PER_BATCH + 1 }, () => records.event)),
    ],
    ['unknown record kind', batchOf({ kind: 'screen', at: AT })],
    ['probe loss over 100', batchOf({ ...records.probe, lossPct: 120 })],
    ['probe with unknown probe kind', batchOf({ ...records.probe, probe: 'smtp' })],
    ['record with extra field', batchOf({ ...records.sys, citizenId: '0123' })],
    ['negative time', batchOf({ ...records.event, at: -5 })],
    ['string time', batchOf({ ...records.event, at: '2026-01-01' })],
    [
      'uppercase usb id',
      batchOf({
        ...records.peripherals,
        devices: [{ ...(records.peripherals as { devices: object[] }).devices[0], vid: 'ABCD' }],
      }),
    ],
    ['unknown session cause', batchOf({ ...records.session, cause: 'gremlins' })],
    ['sys cpu over 100', batchOf({ ...records.sys, cpuPct: 101 })],
    [
      'iface missing isTunnel',
      batchOf({ ...records.iface, interfaces: [{ name: 'eth0', up: true, addrs: [] }] }),
    ],
  ])('rejects %s with a reason', (_name, message) => {
    const decoded = decodeJson(message);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.code).toBe('invalid_message');
      expect(decoded.message.length).toBeGreaterThan(0);
    }
  });

  it('names the offending field', () => {
    const decoded = decodeJson(batchOf({ ...records.probe, lossPct: 120 }));
    expect(decoded.ok || decoded.message).toMatch(/lossPct/);
  });

  it('rejects text that is not JSON', () => {
    expect(decodeAgentMessage('{"v":1,')).toMatchObject({ ok: false, code: 'bad_json' });
  });

  it('rejects a frame over the size limit before parsing it', () => {
    expect(decodeAgentMessage('x'.repeat(1024 * 1024 + 1))).toMatchObject({
      ok: false,
      code: 'frame_too_large',
    });
  });
});

describe('server → agent messages', () => {
  const welcome = {
    v: 1,
    type: 'welcome',
    serverTime: AT,
    ackedSeq: 0,
    config: {
      targets: [
        {
          id: 'csdlqg',
          name: 'CSDLQG',
          probe: 'tcp',
          host: '127.0.0.1',
          port: 443,
          intervalMs: 10_000,
        },
      ],
    },
  };
  const equipment = { workstation: 1, fingerprint: 1, scanner: 0, card_reader: 1 };
  it.each([
    ['welcome', welcome],
    [
      'welcome with the equipment requirement',
      { ...welcome, config: { ...welcome.config, equipment } },
    ],
    ['ack', { v: 1, type: 'ack', seq: 7 }],
    ['error', { v: 1, type: 'error', code: 'invalid_message', message: '/seq: must be >= 1' }],
  ])('accepts %s', (_name, message) => {
    expect(decodeServerMessage(JSON.stringify(message)).ok).toBe(true);
  });

  it.each([
    ['ack seq 0', { v: 1, type: 'ack', seq: 0 }],
    ['error with unknown code', { v: 1, type: 'error', code: 'oops', message: '' }],
    [
      'welcome with bad target',
      { ...welcome, config: { targets: [{ id: 'X Y', name: '', probe: 'tcp', intervalMs: 5 }] } },
    ],
    ['welcome without config', { ...welcome, config: undefined }],
    [
      'welcome with a negative requirement',
      { ...welcome, config: { ...welcome.config, equipment: { ...equipment, scanner: -1 } } },
    ],
    [
      'welcome with a requirement missing a category',
      { ...welcome, config: { ...welcome.config, equipment: { fingerprint: 1 } } },
    ],
  ])('rejects %s', (_name, message) => {
    expect(decodeServerMessage(JSON.stringify(message)).ok).toBe(false);
  });
});
