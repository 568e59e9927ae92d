import { describe, expect, it } from 'vitest';
import { formatMessage, planMessages, type NotifyEvent, type NotifyRule } from './digest.js';

const ev = (
  wardId: string,
  over: Partial<NotifyEvent['incident']> = {},
  change: NotifyEvent['change'] = 'opened',
): NotifyEvent => ({
  change,
  incident: {
    id: 1,
    kind: 'link_down',
    wardId,
    target: 'csdlqg',
    startedAt: 0,
    endedAt: null,
    attribution: 'upstream',
    severity: 'critical',
    ...over,
  },
});
const rule = (over: Partial<NotifyRule> = {}): NotifyRule => ({
  id: 1,
  channelId: 1,
  wardIds: [],
  kinds: [],
  minSeverity: 'warning',
  onClose: false,
  ...over,
});

describe('planMessages', () => {
  it('an upstream outage at 23 wards is one message per channel', () => {
    const events = Array.from({ length: 23 }, (_, i) => ev(`w${i}`));
    const plan = planMessages(events, [rule(), rule({ id: 2, channelId: 2 })]);
    expect(plan.map((p) => [p.channelId, p.events.length])).toEqual([
      [1, 23],
      [2, 23],
    ]);
    const msg = formatMessage(plan[0]?.events ?? []);
    expect(msg.subject).toBe('[WardWatch digest] 23 opened, 0 closed');
    expect(msg.text.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(1);
  });

  it.each([
    ['ward filter', rule({ wardIds: ['w1'] }), ev('w2'), false],
    ['ward match', rule({ wardIds: ['w1'] }), ev('w1'), true],
    ['kind filter', rule({ kinds: ['station_offline'] }), ev('w1'), false],
    [
      'severity below minimum',
      rule({ minSeverity: 'critical' }),
      ev('w1', { severity: 'warning' }),
      false,
    ],
    ['close not wanted', rule(), ev('w1', {}, 'closed'), false],
    ['close wanted', rule({ onClose: true }), ev('w1', {}, 'closed'), true],
  ])('%s', (_name, r, e, expected) => {
    expect(planMessages([e], [r]).length === 1).toBe(expected);
  });

  it('a single event reads as one line', () => {
    const msg = formatMessage([ev('tran-phu', { startedAt: Date.UTC(2026, 10, 30, 2, 5) })]);
    expect(msg.subject).toBe('[WardWatch critical] opened: link_down csdlqg @ tran-phu');
    expect(msg.text).toContain('since 2026-11-30 09:05 (UTC+7), cause: upstream');
  });
});
