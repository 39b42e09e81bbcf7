import { describe, expect, it, vi } from 'vitest';
import type { PartUrl } from '@/types/api';
import { planParts } from './part-plan';
import { PartUploadError } from './put-part';
import { uploadParts, type UploadPartsDeps } from './upload-parts';

const file = new Blob([new Uint8Array(100)]);
const noSleep = () => Promise.resolve();
const urlsFor = (numbers: number[]): PartUrl[] => numbers.map((n) => ({ partNumber: n, url: `https://s3.test/part/${n}` }));

function deps(overrides: Partial<UploadPartsDeps> = {}): UploadPartsDeps {
  return {
    putPart: vi.fn((url: string, body: Blob, onProgress: (n: number) => void) => {
      onProgress(body.size);
      return Promise.resolve(`"etag-${url.split('/').pop()}"`);
    }),
    requestPartUrls: vi.fn((numbers: number[]) => Promise.resolve(urlsFor(numbers))),
    sleep: noSleep,
    random: () => 0,
    ...overrides,
  };
}

const run = (d: UploadPartsDeps, extra: Partial<Parameters<typeof uploadParts>[0]> = {}) =>
  uploadParts({
    file,
    parts: planParts(100, 10, 10),
    urls: new Map(urlsFor([1, 2, 3]).map((p) => [p.partNumber, p.url])),
    alreadyUploadedBytes: 0,
    signal: new AbortController().signal,
    onProgress: () => undefined,
    deps: d,
    ...extra,
  });

describe('uploading parts', () => {
  it('sends every part and returns their ETags in order', async () => {
    const d = deps();
    const result = await run(d);
    expect(result.map((p) => p.partNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result[3]).toEqual({ partNumber: 4, etag: '"etag-4"' });
  });

  it('sends the right byte range of the file for each part', async () => {
    const sizes = new Map<number, number>();
    const d = deps({
      putPart: vi.fn((url: string, body: Blob) => {
        sizes.set(Number(url.split('/').pop()), body.size);
        return Promise.resolve('e');
      }),
    });
    await run(d, { file: new Blob([new Uint8Array(95)]), parts: planParts(95, 10, 10) });
    expect(sizes.get(1)).toBe(10);
    expect(sizes.get(10)).toBe(5);
  });

  it('keeps at most three parts in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const d = deps({
      putPart: vi.fn(async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
        return 'e';
      }),
    });
    await run(d);
    expect(peak).toBe(3);
  });

  it('asks for more part URLs in batches when the known ones run out', async () => {
    const d = deps();
    await run(d, { options: { urlBatchSize: 4 } });
    const batches = vi.mocked(d.requestPartUrls).mock.calls.map(([numbers]) => numbers);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(batches.every((numbers) => numbers.length <= 4)).toBe(true);
  });

  it('retries a failed part with backoff and succeeds', async () => {
    let failures = 2;
    const d = deps({
      putPart: vi.fn((url: string) => {
        if (url.endsWith('/2') && failures-- > 0) return Promise.reject(new PartUploadError(500, 'Storage answered 500.'));
        return Promise.resolve('e');
      }),
    });
    const result = await run(d);
    expect(result).toHaveLength(10);
    expect(vi.mocked(d.putPart).mock.calls.filter(([url]) => url.endsWith('/2'))).toHaveLength(3);
  });

  it('gets a fresh URL when storage refuses an expired one', async () => {
    let refused = false;
    const d = deps({
      putPart: vi.fn((url: string) => {
        if (url === 'https://s3.test/part/1' && !refused) {
          refused = true;
          return Promise.reject(new PartUploadError(403, 'Storage answered 403.'));
        }
        return Promise.resolve('e');
      }),
      requestPartUrls: vi.fn((numbers: number[]) => Promise.resolve(numbers.map((n) => ({ partNumber: n, url: `https://s3.test/part/${n}?fresh` })))),
    });
    await run(d);
    expect(vi.mocked(d.requestPartUrls).mock.calls.some(([numbers]) => numbers[0] === 1)).toBe(true);
    expect(vi.mocked(d.putPart).mock.calls.some(([url]) => url === 'https://s3.test/part/1?fresh')).toBe(true);
  });

  it('fails once a part has used up its retries', async () => {
    const d = deps({ putPart: vi.fn(() => Promise.reject(new PartUploadError(0, 'Network error'))) });
    await expect(run(d, { options: { retries: 2 } })).rejects.toThrow('Network error');
  });

  it('does not retry a part storage rejects for good', async () => {
    const d = deps({ putPart: vi.fn(() => Promise.reject(new PartUploadError(413, 'Too large'))) });
    await expect(run(d, { options: { concurrency: 1 } })).rejects.toThrow('Too large');
    expect(d.putPart).toHaveBeenCalledTimes(1);
  });

  it('resumes: only the remaining parts are sent and progress starts from what storage holds', async () => {
    const d = deps();
    const progress: number[] = [];
    const plan = planParts(100, 10, 10);
    await run(d, { parts: plan.slice(7), alreadyUploadedBytes: 70, onProgress: (bytes) => progress.push(bytes) });
    expect(d.putPart).toHaveBeenCalledTimes(3);
    expect(Math.min(...progress)).toBeGreaterThanOrEqual(70);
    expect(progress.at(-1)).toBe(100);
  });

  it('stops when paused (aborted) and reports an AbortError', async () => {
    const controller = new AbortController();
    const d = deps({
      putPart: vi.fn(
        (_url: string, _body: Blob, _progress: (n: number) => void, signal: AbortSignal) =>
          new Promise<string>((_resolve, reject) => {
            signal.addEventListener('abort', () => reject(Object.assign(new Error('Aborted'), { name: 'AbortError' })));
          }),
      ),
    });
    const pending = run(d, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(d.putPart).toHaveBeenCalledTimes(3);
  });
});
