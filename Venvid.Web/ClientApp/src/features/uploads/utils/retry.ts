export type RetryOptions = {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  signal?: AbortSignal;
  /** Whether an error is worth another try (default: yes unless aborted). */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
};

export class AbortedError extends Error {
  constructor() {
    super('Aborted');
    this.name = 'AbortError';
  }
}

export const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped at `maxDelayMs`. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/** Runs `task` until it succeeds, it fails with an error not worth retrying, or `retries` more tries are spent. */
export async function withRetry<T>(task: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let attempt = 0; ; attempt += 1) {
    if (options.signal?.aborted) throw new AbortedError();
    try {
      return await task(attempt);
    } catch (error) {
      if (isAbort(error) || options.signal?.aborted) throw isAbort(error) ? error : new AbortedError();
      const retryable = options.shouldRetry ? options.shouldRetry(error, attempt) : true;
      if (!retryable || attempt >= options.retries) throw error;
      const delay = backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs, options.random);
      options.onRetry?.(error, attempt + 1, delay);
      await wait(delay, options.signal);
    }
  }
}
