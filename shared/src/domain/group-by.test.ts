import { describe, expect, it } from 'vitest';
import { groupBy } from './group-by.js';

describe('groupBy', () => {
  it('groups by key and keeps the order within each group', () => {
    const rows = [
      { w: 'b', n: 1 },
      { w: 'a', n: 2 },
      { w: 'b', n: 3 },
    ];
    const g = groupBy(rows, (r) => r.w);
    expect([...g.keys()]).toEqual(['b', 'a']);
    expect(g.get('b')?.map((r) => r.n)).toEqual([1, 3]);
    expect(g.get('a')?.map((r) => r.n)).toEqual([2]);
    expect(g.get('c')).toBeUndefined();
  });

  it('gives an empty map for no items', () => {
    expect(groupBy([], (x: number) => x).size).toBe(0);
  });
});
