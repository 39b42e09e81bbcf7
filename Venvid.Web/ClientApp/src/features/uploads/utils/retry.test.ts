import { describe, expect, it, vi } from 'vitest';
import { backoffDelay, withRetry } from './retry';

const noSleep = () => Promise.resolve();

describe('retry with backoff', () => {
  it('doubles the delay each attempt, capped, with jitter in the upper half', () => {
    expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffDelay(0, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, () => 1)).toBe(8000);
    expect(backoffDelay(10, 1000, 30_000, () => 1)).toBe(30_000);
  });

  it('retries until the task succeeds', async () => {
    const task = vi
      .fn<(attempt: number) => Promise<string>>()
      .mockRejectedValueOnce(new Error('flaky'))
      .mockRejectedValueOnce(new Error('flaky'))
      .mockResolvedValue('ok');
    const sleeps: number[] = [];
    const result = await withRetry(task, {
      retries: 5,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      random: () => 1,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
    expect(result).toBe('ok');
    expect(sleeps).toEqual([100, 200]);
  });

  it('gives up after the allowed retries with the last error', async () => {
    const task = vi.fn(() => Promise.reject(new Error('down')));
    await expect(withRetry(task, { retries: 2, baseDelayMs: 1, maxDelayMs: 1, sleep: noSleep })).rejects.toThrow('down');
    expect(task).toHaveBeenCalledTimes(3);
  });

  it('does not retry errors that are not worth it', async () => {
    const task = vi.fn(() => Promise.reject(new Error('bad request')));
    await expect(withRetry(task, { retries: 5, baseDelayMs: 1, maxDelayMs: 1, sleep: noSleep, shouldRetry: () => false })).rejects.toThrow();
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('stops at once when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const task = vi.fn(() => Promise.resolve(1));
    await expect(withRetry(task, { retries: 5, baseDelayMs: 1, maxDelayMs: 1, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(task).not.toHaveBeenCalled();
  });
});
