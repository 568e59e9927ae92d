import { describe, expect, it } from 'vitest';
import { encodeEvent } from './encode.js';
import { clusterMessageValidator, type ClusterMessage } from './messages.js';

const row = (i: number, hostname = `pc-${i}`) => ({
  id: `st-${i}`,
  wardId: 'w1',
  hostname,
  lastSeenAt: 1_700_000_000_000 + i,
  lastRttMs: 12.5,
  lastProbeOk: true,
});

const decode = (p: string) => JSON.parse(p) as ClusterMessage;

describe('encodeEvent', () => {
  it('keeps a small list in one payload', () => {
    const { payloads, dropped } = encodeEvent('i1', { type: 'stations', rows: [row(1), row(2)] });
    expect(dropped).toBe(0);
    expect(payloads).toHaveLength(1);
    const m = decode(payloads[0] ?? '');
    expect(clusterMessageValidator.check(m)).toBe(true);
    expect(m.from).toBe('i1');
  });

  it.each([200, 1000, 7900])(
    'splits 500 rows under %i bytes each, keeping every row once and in order',
    (maxBytes) => {
      const rows = Array.from({ length: 500 }, (_, i) => row(i));
      const { payloads, dropped } = encodeEvent('i1', { type: 'stations', rows }, maxBytes);
      expect(dropped).toBe(0);
      expect(payloads.length).toBeGreaterThan(1);
      const back: string[] = [];
      for (const p of payloads) {
        expect(Buffer.byteLength(p)).toBeLessThanOrEqual(maxBytes);
        const m = decode(p);
        expect(clusterMessageValidator.check(m)).toBe(true);
        if (m.event.type === 'stations') back.push(...m.event.rows.map((r) => r.id));
      }
      expect(back).toEqual(rows.map((r) => r.id));
    },
  );

  it('counts multi-byte text in bytes, not characters', () => {
    const rows = Array.from({ length: 100 }, (_, i) => row(i, `máy-phường-Nghĩa-Chánh-${i}`));
    const { payloads } = encodeEvent('i1', { type: 'stations', rows }, 1000);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(1000);
  });

  it('drops (and counts) an item that cannot fit on its own', () => {
    const { payloads, dropped } = encodeEvent(
      'i1',
      { type: 'stations', rows: [row(1), row(2, 'x'.repeat(500)), row(3)] },
      300,
    );
    expect(dropped).toBe(1);
    const ids = payloads.flatMap((p) => {
      const m = decode(p);
      return m.event.type === 'stations' ? m.event.rows.map((r) => r.id) : [];
    });
    expect(ids).toEqual(['st-1', 'st-3']);
  });

  it('sends an empty list as no payload at all', () => {
    expect(encodeEvent('i1', { type: 'presence', stations: [] }).payloads).toEqual([]);
  });

  it('encodes a single event as one message', () => {
    const { payloads } = encodeEvent('i9', { type: 'incident', change: 'opened', id: 42 });
    expect(payloads.map(decode)).toEqual([
      { v: 1, from: 'i9', event: { type: 'incident', change: 'opened', id: 42 } },
    ]);
  });

  it('rejects malformed messages at the receiving end', () => {
    expect(clusterMessageValidator.check({ v: 1, from: 'x', event: { type: 'nope' } })).toBe(false);
    expect(
      clusterMessageValidator.check({ v: 1, from: 'x', event: { type: 'incident', id: 'a' } }),
    ).toBe(false);
  });
});
