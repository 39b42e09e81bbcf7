import { describe, expect, it } from 'vitest';
import { nextPartsNeedingUrls, planParts, remainingParts } from './part-plan';

describe('part planning', () => {
  it('splits a file into parts with the remainder last', () => {
    expect(planParts(25, 10, 3)).toEqual([
      { partNumber: 1, start: 0, end: 10 },
      { partNumber: 2, start: 10, end: 20 },
      { partNumber: 3, start: 20, end: 25 },
    ]);
  });

  it('plans one part for a file smaller than a part, and for an exact multiple no empty tail', () => {
    expect(planParts(3, 10, 1)).toEqual([{ partNumber: 1, start: 0, end: 3 }]);
    expect(planParts(20, 10, 2)).toHaveLength(2);
  });

  it('refuses a part count that does not fit the file', () => {
    expect(() => planParts(25, 10, 2)).toThrow(/3 are needed/);
  });

  it('skips parts storage already holds', () => {
    const plan = planParts(50, 10, 5);
    expect(remainingParts(plan, [1, 3]).map((p) => p.partNumber)).toEqual([2, 4, 5]);
  });

  it('asks for URLs only for parts without one, in order, up to the batch size', () => {
    const plan = planParts(50, 10, 5);
    expect(nextPartsNeedingUrls(plan, new Set([1, 2]), 2)).toEqual([3, 4]);
  });
});
