import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeVideo } from '@/testing/data';
import { json, mockFetch, problem } from '@/testing/fetch-mock';
import { useSessionStore } from '@/stores/session-store';
import { loadResumeRecords, saveResumeRecord } from '../utils/resume-records';
import { useUploadStore } from './upload-store';

const putPart = vi.hoisted(() => vi.fn<(url: string, body: Blob, onProgress: (n: number) => void, signal: AbortSignal) => Promise<string>>());
vi.mock('../utils/put-part', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../utils/put-part')>()),
  putPart,
}));

const MB = 1024 * 1024;
const file = new File([new Uint8Array(12 * MB)], 'alps.mp4', { type: 'video/mp4', lastModified: 1700000000000 });
const partUrl = (n: number) => ({ partNumber: n, url: `https://storage.test/bucket/key?partNumber=${n}` });

const lastItem = () => {
  const item = useUploadStore.getState().items.at(-1);
  if (!item) throw new Error('no item');
  return item;
};

describe('upload flow', () => {
  beforeEach(() => {
    useSessionStore.getState().setTokens({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, tokenType: 'Bearer' });
    useUploadStore.setState({ items: [] });
    putPart.mockReset();
    putPart.mockImplementation((url, body, onProgress) => {
      onProgress(body.size);
      return Promise.resolve(`"etag-${new URL(url).searchParams.get('partNumber')}"`);
    });
  });

  it('creates the upload, sends every part, completes with all ETags and forgets the resume record', async () => {
    const calls = mockFetch({
      'POST /api/uploads': () => json({ uploadId: 'up1', videoId: 'v1', partSizeBytes: 5 * MB, partCount: 3, parts: [partUrl(1)], expiresAt: null }, 201),
      'GET /api/uploads/up1': () => json({ uploadId: 'up1', videoId: 'v1', partSizeBytes: 5 * MB, partCount: 3, uploadedParts: [] }),
      'POST /api/uploads/up1/parts': (request) => json({ parts: (request.body as { partNumbers: number[] }).partNumbers.map(partUrl) }),
      'POST /api/uploads/up1/complete': () => json(makeVideo({ id: 'v1', status: 'queued', playbackUrl: null })),
    });

    useUploadStore.getState().addFiles([file]);
    useUploadStore.getState().update(lastItem().key, { title: 'The Alps' });
    await useUploadStore.getState().start(lastItem().key);

    expect(lastItem()).toMatchObject({ phase: 'processing', videoId: 'v1', uploadedBytes: 12 * MB });
    const create = calls.find((c) => c.path === '/api/uploads');
    expect(create?.body).toMatchObject({ fileName: 'alps.mp4', sizeBytes: 12 * MB, contentType: 'video/mp4', title: 'The Alps' });
    const complete = calls.find((c) => c.path.endsWith('/complete'));
    expect(complete?.body).toEqual({
      parts: [
        { partNumber: 1, etag: '"etag-1"' },
        { partNumber: 2, etag: '"etag-2"' },
        { partNumber: 3, etag: '"etag-3"' },
      ],
    });
    expect(loadResumeRecords()).toEqual([]);
  });

  it('resumes an upload after a reload: the same file is matched and stored parts are skipped', async () => {
    saveResumeRecord({
      uploadId: 'up9',
      videoId: 'v9',
      fileName: file.name,
      sizeBytes: file.size,
      lastModified: file.lastModified,
      title: 'Saved title',
      description: '',
      visibility: 'unlisted',
      savedAt: 1,
    });
    const calls = mockFetch({
      'GET /api/uploads/up9': () =>
        json({
          uploadId: 'up9',
          videoId: 'v9',
          partSizeBytes: 5 * MB,
          partCount: 3,
          uploadedParts: [
            { partNumber: 1, sizeBytes: 5 * MB, etag: '"stored-1"' },
            { partNumber: 2, sizeBytes: 5 * MB, etag: '"stored-2"' },
          ],
        }),
      'POST /api/uploads/up9/parts': (request) => json({ parts: (request.body as { partNumbers: number[] }).partNumbers.map(partUrl) }),
      'POST /api/uploads/up9/complete': () => json(makeVideo({ id: 'v9', status: 'queued' })),
    });

    useUploadStore.getState().addFiles([file]);
    expect(lastItem()).toMatchObject({ title: 'Saved title', visibility: 'unlisted' });
    expect(lastItem().resumeOf?.uploadId).toBe('up9');
    await useUploadStore.getState().start(lastItem().key);

    expect(calls.some((c) => c.path === '/api/uploads')).toBe(false);
    expect(putPart).toHaveBeenCalledTimes(1);
    expect(calls.find((c) => c.path.endsWith('/parts'))?.body).toEqual({ partNumbers: [3] });
    expect(calls.find((c) => c.path.endsWith('/complete'))?.body).toEqual({
      parts: [
        { partNumber: 1, etag: '"stored-1"' },
        { partNumber: 2, etag: '"stored-2"' },
        { partNumber: 3, etag: '"etag-3"' },
      ],
    });
    expect(lastItem().phase).toBe('processing');
  });

  it('pauses and resumes', async () => {
    let hold = true;
    putPart.mockImplementation(
      (url, body, onProgress, signal) =>
        new Promise<string>((resolve, reject) => {
          if (!hold) {
            onProgress(body.size);
            resolve(`"etag-${new URL(url).searchParams.get('partNumber')}"`);
            return;
          }
          signal.addEventListener('abort', () => reject(Object.assign(new Error('Aborted'), { name: 'AbortError' })));
        }),
    );
    mockFetch({
      'POST /api/uploads': () =>
        json({ uploadId: 'up2', videoId: 'v2', partSizeBytes: 5 * MB, partCount: 3, parts: [1, 2, 3].map(partUrl), expiresAt: null }, 201),
      'GET /api/uploads/up2': () => json({ uploadId: 'up2', videoId: 'v2', partSizeBytes: 5 * MB, partCount: 3, uploadedParts: [] }),
      'POST /api/uploads/up2/complete': () => json(makeVideo({ id: 'v2', status: 'queued' })),
    });

    useUploadStore.getState().addFiles([file]);
    const key = lastItem().key;
    const running = useUploadStore.getState().start(key);
    await vi.waitFor(() => expect(lastItem().phase).toBe('uploading'));
    useUploadStore.getState().pause(key);
    await running;
    expect(lastItem().phase).toBe('paused');

    hold = false;
    await useUploadStore.getState().resume(key);
    expect(lastItem().phase).toBe('processing');
  });

  it('shows the problem when the server refuses the file', async () => {
    mockFetch({ 'POST /api/uploads': () => problem(413, 'File too large') });
    useUploadStore.getState().addFiles([file]);
    await useUploadStore.getState().start(lastItem().key);
    expect(lastItem()).toMatchObject({ phase: 'error', error: 'File too large' });
  });

  it('marks files that are not videos and will not start them', async () => {
    const calls = mockFetch({});
    useUploadStore.getState().addFiles([new File(['x'], 'notes.txt', { type: 'text/plain' })]);
    expect(lastItem().error).toBe('This file is not a video.');
    await useUploadStore.getState().start(lastItem().key);
    expect(calls).toHaveLength(0);
  });
});
