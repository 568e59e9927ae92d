import { describe, expect, it } from 'vitest';
import type { AgentRecord } from '@wardwatch/shared';
import { OutboxBacklogs, parseOutboxEvent } from './outbox-backlog.js';

const event = (detail: string | undefined, at = 1_000, name = 'outbox'): AgentRecord =>
  detail === undefined ? { kind: 'event', at, name } : { kind: 'event', at, name, detail };

describe('parseOutboxEvent', () => {
  it('reads batches and bytes', () => {
    expect(parseOutboxEvent(event('{"batches":3,"bytes":4096}', 5))).toEqual({
      batches: 3,
      bytes: 4096,
      at: 5,
    });
  });

  it.each([
    ['no detail', undefined],
    ['not JSON', '{batches:1'],
    ['JSON null', 'null'],
    ['an array', '[1,2]'],
    ['missing bytes', '{"batches":1}'],
    ['negative', '{"batches":-1,"bytes":0}'],
    ['fraction', '{"batches":1.5,"bytes":0}'],
    ['string count', '{"batches":"1","bytes":0}'],
    ['huge', '{"batches":1e300,"bytes":0}'],
  ])('ignores %s', (_name, detail) => {
    expect(parseOutboxEvent(event(detail))).toBeNull();
  });

  it('ignores other events and kinds', () => {
    expect(parseOutboxEvent(event('{"batches":1,"bytes":1}', 1, 'agent_start'))).toBeNull();
    const sys: AgentRecord = {
      kind: 'sys',
      at: 1,
      cpuPct: 1,
      memUsedBytes: 1,
      memTotalBytes: 2,
      disks: [],
      uptimeSec: 1,
    };
    expect(parseOutboxEvent(sys)).toBeNull();
  });
});

describe('OutboxBacklogs', () => {
  it('keeps the newest report per station, whatever the arrival order', () => {
    const b = new OutboxBacklogs();
    b.note('s1', [event('{"batches":9,"bytes":900}', 20), event('{"batches":1,"bytes":10}', 10)]);
    b.note('s2', [event('garbage', 30)]);
    b.note('s1', [event('{"batches":0,"bytes":0}', 15)]);
    expect([...b.entries()]).toEqual([['s1', { batches: 9, bytes: 900, at: 20 }]]);
    b.note('s1', [event('{"batches":0,"bytes":0}', 25)]);
    expect([...b.entries()]).toEqual([['s1', { batches: 0, bytes: 0, at: 25 }]]);
  });
});
