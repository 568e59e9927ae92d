import { describe, expect, it } from 'vitest';
import { clip, intersect, measure, normalize, subtract, union } from './intervals.js';

describe('intervals (half-open)', () => {
  it('merges overlapping and touching intervals, drops empty ones', () => {
    expect(
      normalize([
        [5, 7],
        [1, 3],
        [3, 4],
        [6, 9],
        [10, 10],
      ]),
    ).toEqual([
      [1, 4],
      [5, 9],
    ]);
    expect(union([[0, 2]], [[2, 3]], [[8, 9]])).toEqual([
      [0, 3],
      [8, 9],
    ]);
  });
  it('intersects, and a touching end is not an overlap', () => {
    expect(
      intersect(
        [
          [0, 10],
          [20, 30],
        ],
        [[5, 25]],
      ),
    ).toEqual([
      [5, 10],
      [20, 25],
    ]);
    expect(intersect([[0, 10]], [[10, 20]])).toEqual([]);
  });
  it('subtracts holes, including ones at the edges', () => {
    expect(
      subtract(
        [[0, 10]],
        [
          [0, 2],
          [4, 5],
          [9, 12],
        ],
      ),
    ).toEqual([
      [2, 4],
      [5, 9],
    ]);
    expect(
      subtract(
        [
          [0, 10],
          [20, 30],
        ],
        [[5, 25]],
      ),
    ).toEqual([
      [0, 5],
      [25, 30],
    ]);
    expect(subtract([[0, 10]], [])).toEqual([[0, 10]]);
    expect(subtract([[0, 10]], [[-5, 15]])).toEqual([]);
  });
  it('measures and clips to a period', () => {
    expect(
      measure(
        clip(
          [
            [-5, 5],
            [8, 20],
          ],
          0,
          10,
        ),
      ),
    ).toBe(7);
  });
});
