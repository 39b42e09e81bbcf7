import { describe, expect, it } from 'vitest';
import { formatBytes, formatCompact, formatDuration, formatEta, formatRelativeTime, formatStats } from './format';

describe('formatting', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1900, '1.9K'],
    [3000, '3K'],
    [125_000, '125K'],
    [890_000, '890K'],
    [1_250_000, '1.3M'],
    [2_000_000_000, '2B'],
  ])('compacts %d as %s', (value, expected) => {
    expect(formatCompact(value)).toBe(expected);
  });

  it('writes card stats like the design', () => {
    expect(formatStats(125_000, 3000)).toBe('125K views · 3K likes');
    expect(formatStats(1, 1)).toBe('1 view · 1 like');
  });

  it.each([
    [0, '0:00'],
    [5, '0:05'],
    [65, '1:05'],
    [765, '12:45'],
    [3725, '1:02:05'],
    [59.9, '0:59'],
  ])('formats %d seconds as %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(formatRelativeTime('2026-11-23T12:00:00Z', now)).toBe('3 days ago');
    expect(formatRelativeTime('2026-11-26T11:59:50Z', now)).toBe('just now');
  });

  it('formats sizes and time left', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatEta(125)).toBe('2 min 5 s');
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('—');
  });
});
