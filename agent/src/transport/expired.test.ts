import { describe, expect, it } from 'vitest';
import { RECORD_MAX_AGE_MS, type AgentRecord } from '@wardwatch/shared';
import { withoutExpired } from './expired.js';

const NOW = Date.UTC(2026, 10, 29);
const DAY = 86_400_000;
const probe = (at: number): AgentRecord => ({
  kind: 'probe',
  at,
  target: 'csdl',
  probe: 'tcp',
  ok: true,
});

describe('withoutExpired', () => {
  it('passes a batch within the bound through untouched (same array, no copy)', () => {
    const records = [probe(NOW - 29 * DAY), probe(NOW)];
    expect(withoutExpired(records, NOW)).toBe(records);
  });

  it('drops records past the server bound (with an hour of margin) and counts them', () => {
    const records = [
      probe(NOW - 31 * DAY),
      probe(NOW - RECORD_MAX_AGE_MS + 1800_000),
      probe(NOW - DAY),
    ];
    const out = withoutExpired(records, NOW);
    expect(out.slice(0, 1)).toEqual([records[2]]);
    expect(out).toHaveLength(2);
    const event = out[1];
    expect(event).toMatchObject({ kind: 'event', at: NOW, name: 'records_expired' });
    expect(JSON.parse((event as { detail: string }).detail)).toEqual({
      droppedRecords: 2,
      maxAgeDays: 30,
    });
  });

  it('never empties a batch: all expired leaves the counting event to carry the seq', () => {
    const out = withoutExpired([probe(NOW - 40 * DAY)], NOW);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'event', name: 'records_expired' });
  });
});
