import type { PartUrl } from '@/types/api';
import { nextPartsNeedingUrls, partSize, type PartSpec } from './part-plan';
import { PartUploadError } from './put-part';
import { AbortedError, withRetry } from './retry';

export type UploadedPartResult = { partNumber: number; etag: string };

export type UploadPartsDeps = {
  putPart: (url: string, body: Blob, onProgress: (loadedBytes: number) => void, signal: AbortSignal) => Promise<string>;
  requestPartUrls: (partNumbers: number[]) => Promise<PartUrl[]>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
};

export type UploadPartsOptions = {
  concurrency: number;
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How many part URLs to ask for at once when the known ones run out. */
  urlBatchSize: number;
};

export const defaultUploadPartsOptions: UploadPartsOptions = {
  concurrency: 3,
  retries: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  urlBatchSize: 12,
};

export type UploadPartsInput = {
  file: Blob;
  /** Parts still to send. */
  parts: PartSpec[];
  /** Presigned URLs already known, by part number. */
  urls: Map<number, string>;
  /** Bytes already in storage from earlier sessions (counted in progress). */
  alreadyUploadedBytes: number;
  signal: AbortSignal;
  onProgress: (uploadedBytes: number) => void;
  onPartDone?: (part: UploadedPartResult) => void;
  deps: UploadPartsDeps;
  options?: Partial<UploadPartsOptions>;
};

/** Storage refusing the signature usually means the presigned URL expired: get a new one and try again. */
const isExpiredUrl = (error: unknown) => error instanceof PartUploadError && (error.status === 403 || error.status === 400);

/** Network failures, throttling and server errors are worth retrying; anything else is not. */
export function isRetryablePartError(error: unknown): boolean {
  if (!(error instanceof PartUploadError)) return true;
  return error.status === 0 || error.status === 403 || error.status === 400 || error.status === 408 || error.status === 429 || error.status >= 500;
}

/**
 * Sends `parts` with at most `concurrency` in flight, each retried with backoff, fetching presigned URLs in
 * batches as they are needed. Resolves with the ETag of every part sent; rejects on abort (pause) or when a
 * part has used up its retries.
 */
export async function uploadParts(input: UploadPartsInput): Promise<UploadedPartResult[]> {
  const options = { ...defaultUploadPartsOptions, ...input.options };
  const { deps, signal, urls } = input;
  const queue = [...input.parts];
  const results: UploadedPartResult[] = [];
  const inFlightBytes = new Map<number, number>();
  let completedBytes = input.alreadyUploadedBytes;
  let urlRequest: Promise<void> | null = null;

  const report = () => {
    let total = completedBytes;
    for (const loaded of inFlightBytes.values()) total += loaded;
    input.onProgress(total);
  };

  const fetchUrls = async (needed: number) => {
    // One batch request at a time; workers waiting for URLs share it.
    while (!urls.has(needed)) {
      if (!urlRequest) {
        const known = new Set(urls.keys());
        const pendingFirst = [{ partNumber: needed, start: 0, end: 0 }, ...queue];
        const numbers = nextPartsNeedingUrls(pendingFirst, known, options.urlBatchSize);
        urlRequest = deps
          .requestPartUrls(numbers)
          .then((fresh) => {
            for (const part of fresh) urls.set(part.partNumber, part.url);
            if (!fresh.some((part) => part.partNumber === needed)) {
              throw new Error(`The server did not return a URL for part ${needed}.`);
            }
          })
          .finally(() => {
            urlRequest = null;
          });
      }
      await urlRequest;
    }
    const url = urls.get(needed);
    if (!url) throw new Error(`No URL for part ${needed}.`);
    return url;
  };

  const sendPart = async (part: PartSpec) => {
    const body = input.file.slice(part.start, part.end);
    const etag = await withRetry(
      async () => {
        const url = urls.get(part.partNumber) ?? (await fetchUrls(part.partNumber));
        inFlightBytes.set(part.partNumber, 0);
        try {
          return await deps.putPart(
            url,
            body,
            (loaded) => {
              inFlightBytes.set(part.partNumber, Math.min(loaded, partSize(part)));
              report();
            },
            signal,
          );
        } catch (error) {
          inFlightBytes.delete(part.partNumber);
          report();
          if (isExpiredUrl(error)) urls.delete(part.partNumber);
          throw error;
        }
      },
      {
        retries: options.retries,
        baseDelayMs: options.baseDelayMs,
        maxDelayMs: options.maxDelayMs,
        signal,
        shouldRetry: isRetryablePartError,
        sleep: deps.sleep,
        random: deps.random,
      },
    );
    inFlightBytes.delete(part.partNumber);
    completedBytes += partSize(part);
    const result = { partNumber: part.partNumber, etag };
    results.push(result);
    input.onPartDone?.(result);
    report();
  };

  // Parts that failed for good: the first stops the other workers and is what the upload fails with.
  const failures: unknown[] = [];
  const worker = async () => {
    while (queue.length > 0 && failures.length === 0) {
      if (signal.aborted) throw new AbortedError();
      const part = queue.shift();
      if (!part) return;
      try {
        await sendPart(part);
      } catch (error) {
        failures.push(error);
        throw error;
      }
    }
  };

  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, () => worker());
  const settled = await Promise.allSettled(workers);
  if (failures.length > 0) throw failures[0];
  const rejected = settled.find((outcome) => outcome.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results.sort((a, b) => a.partNumber - b.partNumber);
}
