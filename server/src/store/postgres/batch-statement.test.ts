import { describe, expect, it } from 'vitest';
import { stationRounds } from './batch-statement.js';

describe('stationRounds', () => {
  it('puts each station at most once per round, its batches in arrival order', () => {
    const ids = ['a', 'b', 'a', 'c', 'a', 'b'].map((stationId) => ({ stationId }));
    expect(stationRounds(ids)).toEqual([[0, 1, 3], [2, 5], [4]]);
  });

  it('is one round when every station sends once, none for no batches', () => {
    expect(stationRounds([{ stationId: 'x' }, { stationId: 'y' }])).toEqual([[0, 1]]);
    expect(stationRounds([])).toEqual([]);
  });
});
