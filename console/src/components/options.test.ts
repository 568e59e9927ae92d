import { describe, expect, it } from 'vitest';
import { options } from './options.js';

describe('options', () => {
  it('renders one option per value with its label, only the current one selected', () => {
    const out = options(['a', 'b', 'c'] as const, 'b', (v) => v.toUpperCase());
    expect(out.map((r) => r.values)).toEqual([
      ['a', false, 'A'],
      ['b', true, 'B'],
      ['c', false, 'C'],
    ]);
  });
});
