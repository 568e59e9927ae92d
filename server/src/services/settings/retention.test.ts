import { describe, expect, it } from 'vitest';
import { checkRetention } from './retention.js';

describe('checkRetention', () => {
  it('accepts raw ≤ 5-minute ≤ history, equal bounds included', () => {
    expect(checkRetention({ rawDays: 30, rollup5mDays: 92, historyDays: 1096 })).toBeNull();
    expect(checkRetention({ rawDays: 7, rollup5mDays: 7, historyDays: 7 })).toBeNull();
  });

  it('names the field that would outlive coarser data', () => {
    expect(checkRetention({ rawDays: 100, rollup5mDays: 92, historyDays: 1096 })).toMatch(
      /rollup5mDays \(92\) must be at least rawDays \(100\)/,
    );
    expect(checkRetention({ rawDays: 30, rollup5mDays: 92, historyDays: 60 })).toMatch(
      /historyDays \(60\) must be at least rollup5mDays \(92\)/,
    );
  });
});
