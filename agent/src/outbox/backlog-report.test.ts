import { describe, expect, it } from 'vitest';
import { BACKLOG_MIN_BATCHES, BACKLOG_REPORT_EVERY_MS, BacklogReport } from './backlog-report.js';

const T0 = 1_700_000_000_000;
const detailOf = (r: ReturnType<BacklogReport['observe']>) =>
  r && r.kind === 'event' ? (JSON.parse(r.detail ?? 'null') as unknown) : null;

describe('BacklogReport', () => {
  it('says nothing while batches are only in flight', () => {
    const b = new BacklogReport();
    for (let i = 0; i < 10; i++) {
      expect(b.observe({ batches: BACKLOG_MIN_BATCHES - 1, bytes: 999 }, T0 + i * 2000)).toBeNull();
    }
  });

  it('reports a backlog at once, then at most once a minute, then once when drained', () => {
    const b = new BacklogReport();
    const first = b.observe({ batches: 30, bytes: 12_000 }, T0);
    expect(first).toMatchObject({ kind: 'event', name: 'outbox', at: T0 });
    expect(detailOf(first)).toEqual({ batches: 30, bytes: 12_000 });
    expect(b.observe({ batches: 40, bytes: 16_000 }, T0 + 2_000)).toBeNull();
    expect(b.observe({ batches: 50, bytes: 20_000 }, T0 + BACKLOG_REPORT_EVERY_MS - 1)).toBeNull();
    const again = b.observe({ batches: 60, bytes: 24_000 }, T0 + BACKLOG_REPORT_EVERY_MS);
    expect(detailOf(again)).toEqual({ batches: 60, bytes: 24_000 });
    const drained = b.observe({ batches: 1, bytes: 300 }, T0 + BACKLOG_REPORT_EVERY_MS + 2_000);
    expect(detailOf(drained)).toEqual({ batches: 1, bytes: 300 });
    expect(b.observe({ batches: 0, bytes: 0 }, T0 + BACKLOG_REPORT_EVERY_MS + 4_000)).toBeNull();
  });

  it('starts a new episode after a drain without waiting a minute', () => {
    const b = new BacklogReport();
    expect(b.observe({ batches: 9, bytes: 9 }, T0)).not.toBeNull();
    expect(b.observe({ batches: 0, bytes: 0 }, T0 + 1000)).not.toBeNull();
    expect(b.observe({ batches: 9, bytes: 9 }, T0 + 2000)).not.toBeNull();
  });
});
